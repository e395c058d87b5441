"""The scheduler's claim on each period, and worker heartbeats."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One row per (job, period): the unique key that makes two schedulers enqueue a job only once."""

    name = models.CharField("任务", max_length=60)
    period_start = models.DateTimeField("周期开始")
    enqueued_at = models.DateTimeField("入队时间", auto_now_add=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务记录"
        verbose_name_plural = "定时任务记录"
        constraints = [
            models.UniqueConstraint(fields=["name", "period_start"], name="jobs_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.name} {timezone.localtime(self.period_start):%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """Written by the ``heartbeat`` task: shows that a worker picked work up, and which one."""

    token = models.CharField(max_length=64, db_index=True, verbose_name="标识")
    worker_pid = models.PositiveIntegerField(verbose_name="进程号")
    at = models.DateTimeField(auto_now_add=True, verbose_name="心跳时间")

    class Meta:
        verbose_name = "后台任务心跳"
        verbose_name_plural = "后台任务心跳"

    def __str__(self) -> str:
        return f"{self.token} @ {self.worker_pid}"
