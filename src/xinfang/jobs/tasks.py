"""Work that need not be in a request, as django-tasks tasks run by ``xinfang worker`` (ADR 0014 §9)."""

from __future__ import annotations

import os

from django_tasks import task


@task()
def webhooks_deliver_task(limit: int = 200) -> dict[str, int]:
    from xinfang.integrations.webhooks import webhooks_deliver

    report = webhooks_deliver(limit=limit)
    return {key: value for key, value in vars(report).items() if isinstance(value, int)}


@task()
def stats_refresh_task() -> int:
    from xinfang.analytics.services import stats_refresh

    return len(stats_refresh())


@task()
def clocks_refresh_spanning_task(day: str) -> int:
    """A holiday override changed ``day``: re-clock the open petitions whose clocks span it."""
    from datetime import date

    from xinfang.petitions.services.core import clocks_refresh_spanning
    from xinfang.statute.calendar import calendar_invalidate

    calendar_invalidate()  # this process may hold the calendar from before the edit
    return clocks_refresh_spanning(date.fromisoformat(day))


@task()
def housekeeping_task() -> dict[str, int]:
    """Forget one-time form tokens and idempotency keys past their keeping time."""
    from xinfang.common.submissions import submission_tokens_expire
    from xinfang.integrations.idempotency import idempotency_records_expire

    return {
        "submission_tokens": submission_tokens_expire(),
        "idempotency_records": idempotency_records_expire(),
    }


@task()
def heartbeat(token: str) -> int:
    """Records which worker process ran it (monitoring, and the two-worker test)."""
    from .models import Heartbeat

    Heartbeat.objects.create(token=token, worker_pid=os.getpid())
    return os.getpid()
