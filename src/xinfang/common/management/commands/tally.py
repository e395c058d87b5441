"""``xinfang tally check`` (compare every maintained counter with a recount) and ``tally rebuild``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.common.counters import counters_check, counters_rebuild


class Command(BaseCommand):
    help = "计数器：与全量重新统计核对（check），或全量重建（rebuild）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("check", help="compare every maintained counter with a full recount")
        sub.add_parser("rebuild", help="recount every maintained counter (after a bulk load)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            for name, rows in counters_rebuild().items():
                self.stdout.write(f"已重建{name}：{rows} 行")
            return
        problems = counters_check()
        for line in problems:
            self.stdout.write(line)
        if problems:
            raise CommandError(
                f"计数器与重新统计不一致：{len(problems)} 处（可运行 xinfang tally rebuild 重建）"
            )
        self.stdout.write(self.style.SUCCESS("计数器与重新统计一致"))
