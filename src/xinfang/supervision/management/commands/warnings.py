"""``xinfang warnings run``: send clock and 督办 warnings once (cron, e.g. hourly on working days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.supervision.constants import WarningLevel
from xinfang.supervision.warning_job import warnings_run


class Command(BaseCommand):
    help = "预警：期限即将到期、已超期提醒并上报督查 (run)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="notify due-soon and overdue clocks and orders; safe to repeat")
        run.add_argument("--today", help="YYYY-MM-DD instead of the local date (catch-up runs)")
        run.add_argument("--enqueue", action="store_true", help="enqueue the django-tasks task instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from xinfang.supervision.tasks import warnings_run_task

            result = warnings_run_task.enqueue()
            self.stdout.write(f"已提交预警任务 {result.id}（{result.status}）")
            return
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today 格式应为 YYYY-MM-DD") from error
        run = warnings_run(today=today)
        parts = "，".join(f"{WarningLevel(level).label} {n} 条" for level, n in run.created.items())
        self.stdout.write(self.style.SUCCESS(f"预警完成：{parts}；此前已发送 {run.already_sent} 条"))
