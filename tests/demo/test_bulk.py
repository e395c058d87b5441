"""Bulk loading for the generator: the deferred index builds are scheduled longest first."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.factories import Org, register
from xinfang.demo.bulk import _longest_first

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred indexes are PostgreSQL's")


def test_the_longest_index_build_starts_first(org: Org) -> None:
    for i in range(3):
        register(org, title=f"楼道堆物{i}", content="楼道堆物，请求清理。")
    gin = "CREATE INDEX w ON public.petitions_petition USING gin (search_vector, received_at)"
    statements = [
        "CREATE INDEX u ON public.orgs_unit USING btree (name)",
        "CREATE INDEX s ON public.petitions_petition USING btree (status)",
        gin,
        "CREATE UNIQUE INDEX odd ON weird_statement",  # not understood: last
    ]
    order = _longest_first(statements)
    assert order[0] == gin and order[-1].endswith("weird_statement")
    assert sorted(order) == sorted(statements)


_SCHEMA = """
    SELECT c.conname, pg_get_constraintdef(c.oid), c.convalidated FROM pg_constraint c
    WHERE c.conrelid = ANY(%(t)s::regclass[]) AND c.contype IN ('f', 'u', 'p')
    UNION ALL
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i
    WHERE i.indrelid = ANY(%(t)s::regclass[])
"""


@pytest.mark.django_db(transaction=True)
def test_the_deferred_indexes_and_keys_come_back_as_they_were_and_validated(org: Org) -> None:
    """Keys put back unvalidated and checked beside the index builds, unique constraints rebuilt
    as unique indexes and attached: the same definitions as before the load, all valid."""
    from xinfang.demo.bulk import deferred_indexes
    from xinfang.petitions.models import Deadline, Petition, PetitionEvent

    register(org, title="楼道堆物", content="楼道堆物，请求清理。")
    models = [Petition, PetitionEvent, Deadline]
    tables = [m._meta.db_table for m in models]

    def schema() -> list[tuple[str, str, bool]]:
        with connection.cursor() as cursor:
            cursor.execute(_SCHEMA, {"t": tables})
            return sorted(cursor.fetchall())

    before = schema()
    assert any(d.startswith("FOREIGN KEY") for _, d, _ in before) and any(
        d.startswith("UNIQUE") for _, d, _ in before
    )
    with deferred_indexes(models, workers=2):
        during = {name for name, _, _ in schema()}
        assert len(during) < len(before)
    assert schema() == before
