"""The periodic schedule, as code (ADR 0014 §9).

``xinfang scheduler`` wakes every few seconds and, for each job whose period has begun, claims the
period by inserting ``ScheduledRun(name, period_start)`` under a unique constraint and enqueues the
task in the same transaction. A second scheduler (another machine, a restart) loses the insert and
enqueues nothing, so a job runs once per period however many schedulers run; the workers claim
each queued task with ``SELECT … FOR UPDATE SKIP LOCKED`` (django-tasks-db), so two workers never
run the same task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str  # dotted path of a django-tasks task
    every: timedelta
    offset: timedelta = timedelta(0)  # e.g. daily at 07:00 local time
    kwargs: dict[str, Any] = field(default_factory=dict)

    def period_start(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        epoch = local.replace(
            year=2000, month=1, day=3, hour=0, minute=0, second=0, microsecond=0
        )  # a Monday
        shifted = local - self.offset - epoch
        periods = shifted // self.every
        return epoch + self.offset + periods * self.every


SCHEDULE: list[Periodic] = [
    Periodic("webhooks.deliver", "xinfang.jobs.tasks.webhooks_deliver_task", timedelta(minutes=1)),
    Periodic("analytics.stats_refresh", "xinfang.jobs.tasks.stats_refresh_task", timedelta(minutes=15)),
    # Clock warnings once a day before office hours (idempotent per clock and level anyway).
    Periodic(
        "supervision.warnings",
        "xinfang.supervision.tasks.warnings_run_task",
        timedelta(days=1),
        offset=timedelta(hours=7),
    ),
    # Expired form tokens and idempotency keys, at night.
    Periodic(
        "jobs.housekeeping",
        "xinfang.jobs.tasks.housekeeping_task",
        timedelta(days=1),
        offset=timedelta(hours=3),
    ),
    Periodic(
        "jobs.heartbeat", "xinfang.jobs.tasks.heartbeat", timedelta(minutes=5), kwargs={"token": "scheduler"}
    ),
]


def schedule_tick(*, now: datetime | None = None, schedule: list[Periodic] | None = None) -> list[str]:
    """Enqueue every job whose current period has not been claimed yet; returns their names."""
    from django.utils.module_loading import import_string

    now = now or timezone.now()
    enqueued: list[str] = []
    for job in schedule if schedule is not None else SCHEDULE:
        start = job.period_start(now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=job.name, period_start=start)
                result = import_string(job.task).enqueue(**job.kwargs)
                ScheduledRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
        except IntegrityError:
            continue  # another scheduler claimed this period
        enqueued.append(job.name)
    return enqueued
