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
