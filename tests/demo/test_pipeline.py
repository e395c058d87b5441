"""What ``demo generate`` builds after the load: side by side on PostgreSQL, in turn elsewhere."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from xinfang.analytics.models import StatMonth
from xinfang.demo import pipeline
from xinfang.demo.generator import demo_generate
from xinfang.demo.org import demo_org_setup
from xinfang.supervision.demo import MARK
from xinfang.supervision.models import SupervisionOrder

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL only")


@pytest.mark.django_db(transaction=True)
def test_the_supervision_demo_and_the_summary_are_built_side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    demo_org_setup()
    demo_generate(count=40, seed=3)
    seeded_in: list[str] = []
    original = pipeline._seed

    def seed() -> None:
        seeded_in.append(threading.current_thread().name)
        original()

    monkeypatch.setattr(pipeline, "_seed", seed)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    months = pipeline.demo_derived_build(count=40)
    assert seeded_in and seeded_in[0].startswith("demo-seed")  # the other thread
    assert SupervisionOrder.objects.filter(content__startswith=MARK).exists()
    assert months and set(StatMonth.objects.values_list("month", flat=True)) == set(months)
