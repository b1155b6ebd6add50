"""Fast bulk inserts for imports: PostgreSQL COPY (text format, written in large chunks) and
executemany on SQLite.

Django's bulk_create prepares every value through the field machinery, which at 100,000 rows
costs more than the database does. Here the caller hands rows of plain Python values (dates,
datetimes, numbers, strings, None, bools; lists/dicts or ``RawJson`` for JSON columns) in
column order."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import queue
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

CHUNK_ROWS = 5000


_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)  # reused: json.dumps builds one per call


class RawJson(str):
    """A JSON column's value that is already serialised."""


def _escape(text: str) -> str:
    # COPY text format: backslash, tab, newline and carriage return must be escaped.
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _copy_text(value: Any) -> str:
    """The COPY text of any value; ``_FORMAT`` handles the common exact types faster."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, dt.date):  # datetimes too: aware ones keep their offset
        return value.isoformat()
    if isinstance(value, list | dict):
        return _escape(_JSON.encode(value))
    return str(value)


def _null(_value: None) -> str:
    return "\\N"


# One dictionary lookup and one call per value instead of a chain of isinstance checks:
# COPY of 100,000 patents formats 2.3 million values. Subclasses (TextChoices members,
# RawJson) fall back to _copy_text.
_FORMAT: dict[type, Any] = {
    str: _escape,
    int: str,
    type(None): _null,
    bool: lambda value: "t" if value else "f",
    dt.date: functools.lru_cache(maxsize=65536)(dt.date.isoformat),  # a file holds a few thousand dates
    dt.datetime: functools.lru_cache(maxsize=8)(dt.datetime.isoformat),  # an import stamps one time
    list: _copy_text,
    dict: _copy_text,
    RawJson: _escape,
}


def _copy_line(row: Sequence[Any]) -> str:
    get = _FORMAT.get
    return "\t".join([get(type(value), _copy_text)(value) for value in row])


def _json_text(value: Any) -> Any:
    if value is None or isinstance(value, RawJson):
        return value
    return RawJson(_JSON.encode(value))


def _column(model: type[models.Model], name: str) -> str:
    """The database column of a concrete field (bulk writes name no relations)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert the rows; returns how many. Must run inside the caller's transaction."""
    meta = model._meta
    columns = [_column(model, name) for name in fields]
    json_at = [i for i, name in enumerate(fields) if isinstance(meta.get_field(name), models.JSONField)]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                lines: list[str] = []
                for row in rows:
                    lines.append(_copy_line(row))
                    if len(lines) >= CHUNK_ROWS:
                        copy.write("\n".join(lines) + "\n")
                        count += len(lines)
                        lines = []
                if lines:
                    copy.write("\n".join(lines) + "\n")
                    count += len(lines)
            return count
        datetime_at = [i for i, name in enumerate(fields) if isinstance(meta.get_field(name), models.DateTimeField)]
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        batch: list[list[Any]] = []
        for row in rows:
            values = list(row)
            for i in json_at:
                values[i] = _json_text(values[i])
            for i in datetime_at:
                # SQLite keeps datetimes as Django writes them (naive UTC text).
                values[i] = connection.ops.adapt_datetimefield_value(values[i])
            batch.append(values)
            if len(batch) >= CHUNK_ROWS:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


class Same:
    """A column with the same value in every row (``insert_columns``): formatted once."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


Values = list[Any] | Same


def escape_texts(texts: list[str]) -> list[str]:
    """COPY-escaped texts; the list itself when nothing needs escaping, which one scan of the
    joined column tells (a title column of 100,000 rows almost never holds a backslash)."""
    blob = "".join(texts)
    if "\\" in blob or "\t" in blob or "\n" in blob or "\r" in blob:
        return list(map(_escape, texts))
    return texts


def _column_text(values: list[Any]) -> list[str]:
    """The COPY text of one column, worked out for the whole column at once: strings are
    escaped only if the column needs it, and a column of few distinct values (dates, choices,
    small numbers, flags) formats each distinct value once."""
    kinds = set(map(type, values))
    if kinds <= {str, RawJson}:
        return escape_texts(values)
    if kinds == {int}:
        return list(map(str, values))
    # Dates, choices, flags and small numbers: each distinct value spelled once. (True == 1 and
    # False == 0 as dict keys: a column mixing bools and ints is spelled value by value.)
    if not (bool in kinds and int in kinds) and not kinds & {list, dict}:
        text = {value: _copy_text(value) for value in set(values)}
        return list(map(text.__getitem__, values))
    get = _FORMAT.get
    return [get(type(value), _copy_text)(value) for value in values]


def _json_column(values: list[Any]) -> list[Any]:
    return [_json_text(value) for value in values]


def copy_chunks(columns: Sequence[Values], count: int, chunk_rows: int = CHUNK_ROWS) -> Iterable[str]:
    """The rows of ``columns`` (lists of ``count`` values, or ``Same``) as COPY text, in chunks
    of ``chunk_rows`` lines. Each column is formatted as a whole (``_column_text``) and the
    lines are spelled with one %-template, so no Python code runs per value."""
    pieces = []
    varying = []
    for column in columns:
        if isinstance(column, Same):
            pieces.append(_copy_text(column.value).replace("%", "%%"))
        else:
            pieces.append("%s")
            varying.append(column)
    line = "\t".join(pieces)
    for start in range(0, count, chunk_rows):
        stop = min(start + chunk_rows, count)
        if not varying:
            yield (line.replace("%%", "%") + "\n") * (stop - start)
            continue
        texts = [_column_text(column[start:stop]) for column in varying]
        yield "\n".join(map(line.__mod__, zip(*texts, strict=True))) + "\n"


def _copy_sql(model: type[models.Model], fields: Sequence[str]) -> str:
    meta = model._meta
    quoted = ", ".join(connection.ops.quote_name(_column(model, name)) for name in fields)
    return f"COPY {connection.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN"


def insert_columns(
    model: type[models.Model],
    fields: Sequence[str],
    columns: Sequence[Values],
    count: int,
    writer: BulkWriter | None = None,
) -> int:
    """Insert ``count`` rows given column by column (each a list of values in row order, or
    ``Same``); returns ``count``. Must run inside the caller's transaction. On PostgreSQL the
    COPY text is handed to ``writer`` when given (see ``BulkWriter``), else copied here."""
    if count <= 0:
        return 0
    if connection.vendor != "postgresql":
        expanded = [itertools.repeat(c.value, count) if isinstance(c, Same) else c for c in columns]
        return insert_rows(model, fields, zip(*expanded, strict=False))
    json_fields = [isinstance(model._meta.get_field(name), models.JSONField) for name in fields]
    columns = [
        Same(_json_text(c.value)) if is_json and isinstance(c, Same) else _json_column(c) if is_json else c  # type: ignore[arg-type]  # a Same JSON column took the first branch
        for c, is_json in zip(columns, json_fields, strict=True)
    ]
    sql = _copy_sql(model, fields)
    if writer is not None:
        for text in copy_chunks(columns, count):
            writer.copy(sql, text)
        return count
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for text in copy_chunks(columns, count):
            copy.write(text)
    return count


_DONE = object()


def _refuse_while_writing(*_args: Any) -> Any:
    raise RuntimeError("the connection is streaming a BulkWriter's COPY: query before opening it or after closing it")


class BulkWriter:
    """Runs the COPY statements of a bulk write on a second thread (PostgreSQL), so that the
    caller formats the next rows while the server stores the ones already sent and checks
    their foreign keys.

    Open it inside the caller's transaction; until it is closed, only the writer uses the
    connection. Consecutive chunks for one table go into one COPY statement. The tables'
    deferred foreign keys are checked at the end of each COPY statement instead of at commit,
    while the caller is still busy (at commit nothing else would run alongside them). On
    SQLite (or with ``threaded=False``) every call writes in line. An error on the writer
    thread is raised in the caller at the next ``copy`` or on closing, and rolls the caller's
    transaction back."""

    def __init__(self, threaded: bool = True, max_chunks: int = 32) -> None:
        self.threaded = threaded and connection.vendor == "postgresql"
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max_chunks)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._immediate: list[str] = []
        self._tables: set[str] = set()

    def __enter__(self) -> BulkWriter:
        if not connection.in_atomic_block:
            raise RuntimeError("BulkWriter must be opened inside the caller's transaction")
        if self.threaded:
            connection.ensure_connection()
            self._thread = threading.Thread(
                target=self._run, args=(connection.connection,), name="bulk-writer", daemon=True
            )
            self._thread.start()
            # A query from the caller now would wait for the connection, which the writer holds
            # while it waits for the caller: fail at once instead of hanging.
            self._guard = connection.execute_wrapper(_refuse_while_writing)
            self._guard.__enter__()
        return self

    def copy(self, sql: str, text: str) -> None:
        if self._error is not None:
            raise self._error
        if self._thread is None:
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                copy.write(text)
            return
        self._queue.put((sql, text))

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._thread is None:
            return
        self._guard.__exit__(None, None, None)
        # On the caller's error the open COPY is abandoned (psycopg sends CopyFail).
        self._queue.put(_DONE if exc is None else exc)
        self._thread.join()
        if self._error is not None and exc is None:
            raise self._error

    def _run(self, raw: Any) -> None:
        current, copy_block, item, finished = None, None, None, False
        copy: Any = None  # the open COPY of the current table
        try:
            with raw.cursor() as cursor:
                while True:
                    item = self._queue.get()
                    finished = not isinstance(item, tuple)
                    if not finished and item[0] == current:
                        copy.write(item[1])
                        continue
                    if copy_block is not None:
                        block, copy_block, current = copy_block, None, None
                        failed = isinstance(item, BaseException)
                        block.__exit__(type(item) if failed else None, item if failed else None, None)
                    if finished:
                        break
                    current = item[0]
                    self._check_immediately(cursor, current)
                    copy_block = cursor.copy(current)
                    copy = copy_block.__enter__()
                    copy.write(item[1])
                if item is _DONE and self._immediate:
                    cursor.execute(f"SET CONSTRAINTS {', '.join(self._immediate)} DEFERRED")
        except BaseException as exc:  # handed to the caller's thread
            self._error = exc
            # Unblock a caller waiting on a full queue until it sees the error and closes.
            while not finished:
                finished = not isinstance(self._queue.get(), tuple)

    def _check_immediately(self, cursor: Any, sql: str) -> None:
        table = sql.split()[1]
        if table in self._tables:
            return
        self._tables.add(table)
        cursor.execute(
            "SELECT quote_ident(conname) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' "
            "AND condeferrable AND condeferred",
            [table],
        )
        names = [row[0] for row in cursor.fetchall() if row[0] not in self._immediate]
        if names:
            cursor.execute(f"SET CONSTRAINTS {', '.join(names)} IMMEDIATE")
            self._immediate += names


def max_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0  # type: ignore[attr-defined]  # every model written in bulk has `objects`


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for ``count`` rows the caller will insert with explicit ids, so that rows
    referring to them (links, audit events) can be prepared without reading the new rows back.
    Must run inside the caller's transaction.

    PostgreSQL: drawn from the table's sequence, safe alongside other writers. SQLite: past
    both the largest id and the AUTOINCREMENT counter (ids of deleted rows are never reused,
    so a new row never inherits an old row's audit history); writers are serialised there,
    as transactions begin IMMEDIATE."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The values come back as one range when they are consecutive (no other writer drew
            # from the sequence meanwhile), instead of 100,000 rows.
            # The sequence's name first: pg_get_serial_sequence inside the query ran once per row.
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), model._meta.pk.column]
            )
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
                "ELSE array_agg(v ORDER BY v) END "
                "FROM (SELECT nextval(%s::regclass) AS v FROM generate_series(1, %s)) AS drawn",
                [sequence, count],
            )
            first, last, scattered = cursor.fetchone()
            return list(range(first, last + 1)) if scattered is None else list(scattered)
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
    start = max(row[0] if row else 0, max_pk(model)) + 1
    return list(range(start, start + count))


def existing_keys(model: type[models.Model], field: str, keys: Sequence[str]) -> list[str]:
    """Which of these values of a unique column are already stored: one query on PostgreSQL
    (an array parameter), chunks of 900 on SQLite."""
    if not keys:
        return []
    column = connection.ops.quote_name(_column(model, field))
    table = connection.ops.quote_name(model._meta.db_table)
    found: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)", [list(keys)])  # noqa: S608
            return [row[0] for row in cursor.fetchall()]
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608
            found += [row[0] for row in cursor.fetchall()]
    return found
