"""Fast inserts for the generator: rows as plain dicts, one COPY (or executemany) per table.

``bulk_create`` spends most of its time building model instances and preparing each
value through the field machinery; for millions of rows of known, already-valid data
``Table`` prepares the column order, the defaults and the few value conversions once
per model, and a row is a dict of attribute names (missing keys take the field default).

For a fresh load of many rows on PostgreSQL, ``deferred_indexes`` drops the secondary
indexes and the foreign-key and unique constraints of the loaded tables and rebuilds
them afterwards, on parallel connections: building an index once is several times
cheaper than maintaining it row by row, and the rebuilt constraints validate every row.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone

PLAIN = {
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.BooleanField,
    models.BigAutoField,
    models.AutoField,
    models.ForeignKey,
    models.OneToOneField,
    models.FloatField,
}


def _adapter(field: models.Field[Any, Any], postgres: bool) -> Callable[[Any], Any] | None:
    """How a Python value becomes a column value; None means "as it is"."""
    if type(field) in PLAIN:
        return None
    if isinstance(field, models.DateTimeField | models.DateField):
        # psycopg adapts date and aware datetime objects itself; SQLite stores Django's text form.
        if postgres:
            return None
        ops = connection.ops
        return (
            ops.adapt_datetimefield_value
            if isinstance(field, models.DateTimeField)
            else ops.adapt_datefield_value
        )
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return lambda value: field.get_db_prep_save(value, connection)


class Table:
    """One model's columns prepared for bulk rows."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = True) -> None:
        postgres = connection.vendor == "postgresql"
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.names = [f.attname for f in self.fields]
        self.adapters = [_adapter(f, postgres) for f in self.fields]
        self.defaults: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = _NOW
            elif f.has_default() or f.null or f.blank:
                self.defaults[f.attname] = f.get_default() if f.has_default() else None
        quote = connection.ops.quote_name
        self._pick = _picker(self.names)
        self._adapted = [(i, adapt) for i, adapt in enumerate(self.adapters) if adapt is not None]
        self.table = quote(str(model._meta.db_table))
        self.columns = ", ".join(quote(str(f.column)) for f in self.fields)

    def _rows(self, rows: Sequence[dict[str, Any]], now: datetime) -> list[tuple[Any, ...]]:
        """Column tuples for ``rows``: defaults merged and columns picked in C (dict union and
        ``itemgetter``); only the columns that need a conversion are touched in Python."""
        defaults = {name: now if value is _NOW else value for name, value in self.defaults.items()}
        pick, adapters = self._pick, self._adapted
        out: list[tuple[Any, ...]] = []
        for values in rows:
            picked = pick(defaults | values)
            if adapters:
                listed = list(picked)
                for index, adapt in adapters:
                    if listed[index] is not None:
                        listed[index] = adapt(listed[index])
                picked = tuple(listed)
            out.append(picked)
        return out

    def insert(self, rows: Sequence[dict[str, Any]], *, chunk: int = 5000) -> None:
        """Insert the rows (COPY on PostgreSQL, executemany elsewhere) on the current connection."""
        now = timezone.now()
        for start in range(0, len(rows), chunk):
            values = self._rows(rows[start : start + chunk], now)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    sql = f"COPY {self.table} ({self.columns}) FROM STDIN"
                    with cursor.cursor.copy(sql) as copy:
                        for value in values:
                            copy.write_row(value)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                with connection.cursor() as cursor:
                    sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})"  # noqa: S608
                    cursor.executemany(sql, values)


_NOW = object()


def _picker(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The columns of a row dict in order, always as a tuple (``itemgetter`` of one name is not)."""
    if len(names) == 1:
        (name,) = names
        return lambda values: (values[name],)
    return operator.itemgetter(*names)


def fast_insert(model: type[models.Model], objects: Sequence[models.Model], *, chunk: int = 5000) -> None:
    """Insert model instances (kept for callers that already hold instances)."""
    if not objects:
        return
    table = Table(model, with_pk=objects[0].pk is not None)
    table.insert([obj.__dict__ for obj in objects], chunk=chunk)


# ---------------------------------------------------------------------- deferred indexes (PostgreSQL)


@dataclass
class _Rebuild:
    """What ``deferred_indexes`` dropped, as the statements that put it back."""

    indexes: list[str] = field(default_factory=list)  # CREATE [UNIQUE] INDEX …
    checks: list[str] = field(default_factory=list)  # ALTER TABLE … VALIDATE CONSTRAINT …
    unvalidated: list[str] = field(default_factory=list)  # ALTER TABLE … ADD … NOT VALID (instant)
    attach: list[str] = field(default_factory=list)  # ALTER TABLE … ADD CONSTRAINT … USING INDEX
    last: list[str] = field(default_factory=list)  # anything else, after the rest


_UNIQUE = re.compile(r"^UNIQUE \(([^()]*)\)$")


def _definitions(tables: list[str]) -> tuple[list[str], _Rebuild]:
    """(drop statements, how to rebuild) for the secondary indexes and constraints of ``tables``.

    A foreign key comes back at once as NOT VALID (no scan, a moment's lock) and is validated
    later beside the index builds: validation locks its table against index builds on that table
    only, so the keys of the other tables are checked while the petition table's GIN index is
    still being built. A plain unique constraint comes back as a unique index built beside the
    others, attached to its constraint at the end.
    """
    drops: list[str] = []
    plan = _Rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
            FROM pg_constraint c
            WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
            ORDER BY c.contype
            """,
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
    for table, name, definition, kind in constraints:
        drops.append(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        unique = _UNIQUE.match(definition)
        if kind == "f":
            plan.unvalidated.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition} NOT VALID')
            plan.checks.append(f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"')
        elif unique:
            plan.indexes.append(f'CREATE UNIQUE INDEX "{name}" ON {table} USING btree ({unique.group(1)})')
            plan.attach.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{name}"')
        else:
            plan.last.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        drops.append(f"DROP INDEX {name}")
        plan.indexes.append(definition)
    return drops, plan


def _run_parallel(plan: _Rebuild, workers: int) -> None:
    """Rebuild on ``workers`` new connections: the keys put back unvalidated first, then the index
    builds longest first and the validations of the keys, then the unique constraints attached."""
    params = connection.get_connection_params()

    def run(sql: str) -> None:
        # A plain connection, outside the psycopg pool: a pooled one closed here would never be
        # returned, and the pool would run dry after ``max_size`` statements.
        conn = connection.Database.connect(**params)  # type: ignore[attr-defined]
        try:
            with conn.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                cursor.execute(sql)
            conn.commit()
        finally:
            conn.close()

    with connection.cursor() as cursor:
        for sql in plan.unvalidated:
            cursor.execute(sql)
    builds = _longest_first(plan.indexes)
    # A validation waits for the index builds on its own table: those of the table whose build
    # is the longest go last, so they do not hold a connection idle meanwhile.
    longest = _INDEX_ON.search(builds[0]) if builds else None
    busiest = longest.group(1).removeprefix("public.") if longest else ""
    checks = sorted(plan.checks, key=lambda sql: sql.split()[2].removeprefix("public.") == busiest)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(run, [*builds, *checks]))
    with connection.cursor() as cursor:
        for sql in [*plan.attach, *plan.last]:
            cursor.execute(sql)


_INDEX_ON = re.compile(r" ON (?:ONLY )?(\S+) USING (\w+)")
# A GIN index over the words costs several times a B-tree over a table of the same size.
_METHOD_WEIGHT = {"gin": 6.0}


def _longest_first(statements: list[str]) -> list[str]:
    """CREATE INDEX statements by their expected cost, longest first (its table's size on disk,
    weighted by the method), so that the longest build starts at once and the other connections
    share the rest meanwhile: at a million petitions the words' GIN index alone takes about 90 s."""
    targets = {sql: _INDEX_ON.search(sql) for sql in statements}
    tables = sorted({m.group(1) for m in targets.values() if m})
    sizes: dict[str, int] = {}
    if tables:
        with connection.cursor() as cursor:
            cursor.execute("SELECT t, pg_relation_size(t::regclass) FROM unnest(%s::text[]) AS t", [tables])
            sizes = dict(cursor.fetchall())

    def cost(sql: str) -> float:
        found = targets[sql]
        if found is None:
            return 0.0
        return sizes.get(found.group(1), 0) * _METHOD_WEIGHT.get(found.group(2).lower(), 1.0)

    return sorted(statements, key=cost, reverse=True)


@contextmanager
def deferred_indexes(models_: list[type[models.Model]], *, workers: int) -> Iterator[None]:
    """Drop secondary indexes and FK/unique constraints of the models' tables; rebuild on exit."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [str(m._meta.db_table) for m in models_]
    drops, plan = _definitions(tables)
    with connection.cursor() as cursor:
        for sql in drops:
            cursor.execute(sql)
    if not connection.get_autocommit():
        raise RuntimeError("deferred_indexes needs autocommit (no surrounding transaction)")
    try:
        yield
    finally:
        _run_parallel(plan, workers)
