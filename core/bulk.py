"""Fast bulk inserts for imports: PostgreSQL COPY through psycopg, executemany on SQLite.

Django's bulk_create prepares every value through the field machinery, which at 100,000 rows
costs more than the database does. Here the caller hands rows of plain Python values (dates,
numbers, strings, None, bools, and lists/dicts for JSON columns) in column order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def _column_names(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


def _json_columns(model: type[models.Model], fields: Sequence[str]) -> list[int]:
    return [i for i, name in enumerate(fields) if isinstance(model._meta.get_field(name), models.JSONField)]


def _datetime_columns(model: type[models.Model], fields: Sequence[str]) -> list[int]:
    return [i for i, name in enumerate(fields) if isinstance(model._meta.get_field(name), models.DateTimeField)]


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert the rows; returns how many. Must run inside the caller's transaction."""
    table = model._meta.db_table
    columns = _column_names(model, fields)
    json_at = _json_columns(model, fields)
    # SQLite keeps datetimes as Django writes them (naive UTC text); PostgreSQL takes them as they are.
    datetime_at = _datetime_columns(model, fields) if connection.vendor == "sqlite" else []
    count = 0

    def prepared() -> Iterable[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            if json_at or datetime_at:
                row = list(row)
                for i in json_at:
                    row[i] = json.dumps(row[i], ensure_ascii=False)
                for i in datetime_at:
                    row[i] = connection.ops.adapt_datetimefield_value(row[i])
            yield row

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({placeholders})"  # noqa: S608
            batch: list[Sequence[Any]] = []
            for row in prepared():
                batch.append(row)
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return count


def max_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(m=models.Max("pk"))["m"] or 0
