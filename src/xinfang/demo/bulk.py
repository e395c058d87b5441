"""Fast inserts for the generator: one executemany per table, values prepared once per column kind.

``bulk_create`` spends most of its time preparing each value through the
field machinery; for millions of rows of known, already-valid data the column
adapters below do the same conversion directly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return lambda value: field.get_db_prep_save(value, connection)


def fast_insert(model: type[models.Model], objects: Sequence[models.Model], *, chunk: int = 5000) -> None:
    """Insert ``objects`` (COPY on PostgreSQL, executemany elsewhere); the database fills unset keys."""
    if not objects:
        return
    auto_pk = objects[0].pk is None
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and auto_pk)]
    plain = {
        models.CharField,
        models.TextField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.BooleanField,
        models.BigAutoField,
        models.AutoField,
        models.ForeignKey,
        models.FloatField,
    }
    adapters = [None if type(f) in plain else _adapter(f) for f in fields]
    attnames = [f.attname for f in fields]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    quote = connection.ops.quote_name
    table = quote(str(model._meta.db_table))
    columns = ", ".join(quote(str(f.column)) for f in fields)
    for start in range(0, len(objects), chunk):
        rows = [_row(obj, attnames, adapters, stamped) for obj in objects[start : start + chunk]]
        if connection.vendor == "postgresql":
            _copy(table, columns, rows)
        else:
            marks = ", ".join(["%s"] * len(fields))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _row(obj: models.Model, attnames: list[str], adapters: list[Any], stamped: list[Any]) -> tuple[Any, ...]:
    for field in stamped:
        field.pre_save(obj, add=True)
    values = obj.__dict__
    return tuple(
        values[name] if adapt is None else adapt(values[name])
        for name, adapt in zip(attnames, adapters, strict=True)
    )


def _copy(table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL COPY: several times faster than INSERT for bulk loads."""
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
