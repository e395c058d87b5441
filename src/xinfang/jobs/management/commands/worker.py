"""``xinfang worker``: the django-tasks database worker (every queue), as the systemd unit runs it."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "后台任务进程：执行队列中的任务（Webhook 推送、预警、统计刷新等）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        extra: list[str] = ["--queue-name", "*", "--interval", str(options["interval"]), "--no-reload"]
        if options["batch"]:
            extra.append("--batch")
        if options["max_tasks"]:
            extra += ["--max-tasks", str(options["max_tasks"])]
        call_command("db_worker", *extra, "--no-startup-delay", verbosity=options["verbosity"])
