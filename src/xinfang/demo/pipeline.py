"""What ``demo generate`` builds on top of the loaded petitions: the supervision demo (orders, 包案,
评查, one warning run), the portal's demo account, and the monthly summary.

The supervision demo is mostly one warning run — one process's Python over every warned clock —
and the summary counts months on one connection per core, waiting on the database: on
PostgreSQL, outside a transaction and for a large run, the two go side by side (a second
thread with its own connection). The summary reads its event watermark before counting, so an
event the supervision demo commits meanwhile is counted again by the next refresh
(``analytics.services.stats_refresh``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from django.db import connection, connections

from xinfang.analytics.services import stats_refresh
from xinfang.orgs.models import User
from xinfang.portal.demo import portal_demo_setup
from xinfang.supervision.demo import supervision_demo_seed

from .generator import PARALLEL_FROM


def demo_derived_build(*, count: int) -> list[date]:
    """Seed the supervision and portal demos and rebuild the summary; returns the months counted."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or count < PARALLEL_FROM:
        _seed()
        return stats_refresh(full=True)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-seed") as side:
        seeded = side.submit(_seed_on_own_connection)
        months = stats_refresh(full=True)
        seeded.result()
    return months


def _seed() -> None:
    supervision_demo_seed()
    portal_demo_setup(actor=User.objects.get(username="juzhang"))


def _seed_on_own_connection() -> None:
    try:
        _seed()
    finally:
        connections.close_all()  # this thread's connections, back to the pool
