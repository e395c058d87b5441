"""``xinfang audit verify``: detect any altered, deleted or inserted event row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.audit.verify import chain_verify
from xinfang.petitions.models import PetitionEvent


class Command(BaseCommand):
    help = "审计：校验办理记录的 SM3 哈希链 (verify)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute every event hash and compare with the chain heads")
        verify.add_argument("--limit", type=int, default=50, help="problems to print at most")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = []
        for problem in chain_verify():
            problems.append(problem)
            if len(problems) <= options["limit"]:
                self.stdout.write(self.style.ERROR(str(problem)))
        total = PetitionEvent.objects.count()
        if problems:
            raise CommandError(f"审计校验失败：发现 {len(problems)} 处问题（共 {total} 条办理记录）")
        self.stdout.write(self.style.SUCCESS(f"审计校验通过：{total} 条办理记录哈希链完整"))
