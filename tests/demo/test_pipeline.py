"""What ``demo generate`` builds after the load: side by side on PostgreSQL, in turn elsewhere."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from xinfang.analytics.models import StatMonth
from xinfang.demo import pipeline
from xinfang.demo.generator import demo_generate
from xinfang.demo.org import demo_org_setup
from xinfang.orgs.models import User

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL only")


def _dictionaries() -> None:
    """The categories and evaluation options the migrations seed (an earlier transactional test
    may have flushed them)."""
    from importlib import import_module

    from django.apps import apps

    import_module("xinfang.petitions.migrations.0002_seed_dictionaries").load(apps, None)


# Committed data: the other thread reads it.
@pytest.mark.django_db(transaction=True)
def test_the_supervision_demo_and_the_summary_are_built_side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeding runs on a second thread with its own connection while the summary is counted.
    (The seeds themselves are stood in for: an earlier transactional test may have flushed the
    dictionaries they need; they are tested in tests/supervision and tests/portal.)"""
    _dictionaries()
    demo_org_setup()
    demo_generate(count=40, seed=3)
    seeded: list[tuple[str, int]] = []

    def seed() -> None:  # reads and writes on the thread's own connection
        juzhang = User.objects.get(username="juzhang")
        User.objects.filter(pk=juzhang.pk).update(title="局长（演示）")
        seeded.append((threading.current_thread().name, id(connection.connection)))

    monkeypatch.setattr(pipeline, "supervision_demo_seed", seed)
    monkeypatch.setattr(pipeline, "portal_demo_setup", lambda actor: None)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    months = pipeline.demo_derived_build(count=40)
    assert seeded and seeded[0][0].startswith("demo-seed")  # the other thread
    assert User.objects.get(username="juzhang").title == "局长（演示）"  # committed there
    assert months and set(StatMonth.objects.values_list("month", flat=True)) == set(months)
