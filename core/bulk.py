"""Fast bulk inserts for imports: PostgreSQL COPY (text format, written in large chunks) and
executemany on SQLite.

Django's bulk_create prepares every value through the field machinery, which at 100,000 rows
costs more than the database does. Here the caller hands rows of plain Python values (dates,
datetimes, numbers, strings, None, bools; lists/dicts or ``RawJson`` for JSON columns) in
column order."""

from __future__ import annotations

import datetime as dt
import functools
import json
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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert the rows; returns how many. Must run inside the caller's transaction."""
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
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


def max_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0


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
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
    start = max(row[0] if row else 0, max_pk(model)) + 1
    return list(range(start, start + count))


def existing_keys(model: type[models.Model], field: str, keys: Sequence[str]) -> list[str]:
    """Which of these values of a unique column are already stored: one query on PostgreSQL
    (an array parameter), chunks of 900 on SQLite."""
    if not keys:
        return []
    column = connection.ops.quote_name(model._meta.get_field(field).column)
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
