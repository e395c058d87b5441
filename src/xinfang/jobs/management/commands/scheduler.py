"""``xinfang scheduler``: enqueue the periodic jobs of ``xinfang.jobs.schedule`` once per period."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xinfang.jobs.schedule import schedule_tick


class Command(BaseCommand):
    help = "定时任务调度：按代码中定义的周期把任务放入队列（多个调度进程也只入队一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one tick, then exit (cron or tests)")
        parser.add_argument("--interval", type=float, default=15.0, help="seconds between ticks")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = {"now": False}

        def _stop(signum: int, frame: Any) -> None:
            stop["now"] = True

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        while True:
            for name in schedule_tick():
                self.stdout.write(f"已入队：{name}")
            if options["once"] or stop["now"]:
                return
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline and not stop["now"]:
                time.sleep(0.5)
            if stop["now"]:
                return
