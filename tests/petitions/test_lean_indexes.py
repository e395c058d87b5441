"""Migration 0016: the indexes in the database are the ones the models declare, and no more.

Digest columns keep one plain index each (no LIKE-pattern twin), the deadline's state and
petition have no index of their own (each leads a composite one), and one GIN index holds the
words with the scope's unit paths (PostgreSQL, migration 0017).
"""

from __future__ import annotations

import pytest
from django.db import connection

from xinfang.petitions.models import Deadline, Petition, Petitioner, Representative

pytestmark = pytest.mark.django_db


def _indexes(model: type) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    # Indexes and unique constraints (each has its index), not the primary key.
    return {
        name: info["columns"]
        for name, info in found.items()
        if (info["index"] or info["unique"]) and not info["primary_key"]
    }


def test_digest_columns_have_one_plain_index_each() -> None:
    for model, declared in (
        (Petition, {"petition_id_number_hash", "petition_phone_hash", "petition_email_hash"}),
        (Petitioner, {"petitioner_id_number_hash"}),
        (Representative, {"representative_id_hash", "representative_phone_hash"}),
    ):
        indexes = _indexes(model)
        assert declared <= set(indexes), model
        digests = [c for name, cols in indexes.items() for c in cols if c.endswith("_hash")]
        assert sorted(digests) == sorted(c for name in declared for c in indexes[name]), model
        assert not [name for name in indexes if name.endswith("_like") and "hash" in name], model


def test_deadline_state_and_petition_are_indexed_only_by_their_composites() -> None:
    indexes = _indexes(Deadline)
    leading = {cols[0] for cols in indexes.values() if cols}
    assert {"state", "petition_id"} <= leading
    assert ["state"] not in indexes.values() and ["petition_id"] not in indexes.values()


def test_one_gin_index_holds_the_words() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite keeps the words in its FTS5 table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'petitions_petition' AND indexdef LIKE '%%gin%%'"
        )
        assert [row[0] for row in cursor.fetchall()] == ["petitions_petition_search_gin"]


def test_the_words_index_holds_the_scope_paths() -> None:
    """Migration 0017: words, received_at and the three unit paths of a scope in one valid GIN index
    (which plan uses it depends on the table's statistics: shown at 1,000,000 petitions in
    docs/benchmarks.md, not asserted on an empty test table)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indexrelid = 'petitions_petition_search_gin'::regclass"
        )
        valid, definition = cursor.fetchone()
    assert valid
    assert definition.endswith(
        "USING gin (search_vector, received_at, current_unit_path, handling_unit_path, registered_unit_path)"
    )
