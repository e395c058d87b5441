"""The warning job as a django-tasks task, for deployments with a task worker instead of cron."""

from __future__ import annotations

from django_tasks import task

from .warning_job import warnings_run


@task()
def warnings_run_task() -> dict[str, int]:
    """Run the warning job for today; the result (counts per level) is JSON for the task backend."""
    run = warnings_run()
    return {**run.created, "already_sent": run.already_sent}
