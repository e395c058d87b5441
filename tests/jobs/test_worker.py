"""One django-tasks worker on the database (ADR 0014 §9): two real worker processes never run the
same task twice, and two schedulers enqueue a periodic job once per period."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from xinfang.jobs.models import Heartbeat, ScheduledRun
from xinfang.jobs.schedule import SCHEDULE, Periodic, schedule_tick

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def worker(*args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xinfang.settings.test",
        "DATABASE_URL": database_url(),
        "XINFANG_TASK_BACKEND": "database",
    }
    return subprocess.Popen(  # noqa: S603 - our own console script
        [sys.executable, "-m", "xinfang", "worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_never_run_a_task_twice() -> None:
    from xinfang.jobs.tasks import heartbeat

    token = uuid.uuid4().hex
    with override_settings(TASKS=DB_TASKS):
        results = [heartbeat.enqueue(token=f"{token}-{n}") for n in range(24)]
    processes = [worker("--batch", "--interval", "0.1"), worker("--batch", "--interval", "0.1")]
    for process in processes:
        _out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-2000:]
    rows = list(Heartbeat.objects.filter(token__startswith=token).values_list("token", "worker_pid"))
    tokens = [t for t, _ in rows]
    assert sorted(tokens) == sorted(f"{token}-{n}" for n in range(24))  # each exactly once
    assert len({pid for _, pid in rows}) >= 1
    from django_tasks_db.models import DBTaskResult

    statuses = set(
        DBTaskResult.objects.filter(id__in=[r.id for r in results]).values_list("status", flat=True)
    )
    assert statuses == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_two_schedulers_enqueue_a_period_once() -> None:
    job = Periodic(
        "test.heartbeat", "xinfang.jobs.tasks.heartbeat", timedelta(minutes=5), kwargs={"token": "t"}
    )
    now = timezone.make_aware(datetime(2026, 11, 30, 9, 7, 30))
    with override_settings(TASKS=DB_TASKS):
        first = schedule_tick(now=now, schedule=[job])
        second = schedule_tick(now=now + timedelta(seconds=40), schedule=[job])  # same period
        third = schedule_tick(now=now + timedelta(minutes=3), schedule=[job])  # next period
    assert first == ["test.heartbeat"] and second == [] and third == ["test.heartbeat"]
    starts = list(ScheduledRun.objects.filter(name="test.heartbeat").values_list("period_start", flat=True))
    assert [timezone.localtime(s).strftime("%H:%M") for s in sorted(starts)] == ["09:05", "09:10"]


def test_the_schedule_is_code_and_covers_the_periodic_jobs() -> None:
    from django.utils.module_loading import import_string

    names = {job.name for job in SCHEDULE}
    assert {"webhooks.deliver", "supervision.warnings", "analytics.stats_refresh"} <= names
    for job in SCHEDULE:
        assert callable(getattr(import_string(job.task), "enqueue", None))
    daily = next(j for j in SCHEDULE if j.name == "supervision.warnings")
    at: Any = daily.period_start(timezone.make_aware(datetime(2026, 11, 30, 6, 59)))
    assert timezone.localtime(at).strftime("%m-%d %H:%M") == "11-29 07:00"


@pytest.mark.django_db
def test_housekeeping_forgets_old_form_tokens_and_idempotency_keys() -> None:
    from xinfang.common.models import SubmissionToken
    from xinfang.integrations.models import IdempotencyRecord
    from xinfang.jobs.tasks import housekeeping_task

    job = next(j for j in SCHEDULE if j.name == "jobs.housekeeping")
    assert job.every == timedelta(days=1)
    now = timezone.now()
    for age, token in ((8, "old"), (6, "recent")):
        SubmissionToken.objects.create(token=token, purpose="portal_submit", result_id=1)
        SubmissionToken.objects.filter(token=token).update(created_at=now - timedelta(days=age))
        record = IdempotencyRecord.objects.create(scope="petitions", client="c", key=token, fingerprint="f")
        IdempotencyRecord.objects.filter(pk=record.pk).update(created_at=now - timedelta(days=age))
    result = housekeeping_task.enqueue()  # the immediate backend runs it in-process
    assert result.return_value == {"submission_tokens": 1, "idempotency_records": 1}
    assert list(SubmissionToken.objects.values_list("token", flat=True)) == ["recent"]
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["recent"]
