"""``xinfang doctor``: what must never be true of a running system, checked in one go.

- No orphans (ADR 0014 §1): every open petition sits at a unit where an active user can take
  an act allowed now (``petitions.selectors.petitions_without_owner``).
- Counters (ADR 0014 §7): every maintained counter agrees with a recount (``common.counters``),
  and so does every maintained flag registered there (the key-case flag, ``petitions.keycase``);
  ``xinfang tally rebuild`` repairs both.

Prints each problem and exits non-zero if there is any, so it can run after a deployment, a
restore or a bulk import, and in monitoring.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.common.counters import counters_check

SHOWN = 50


class Command(BaseCommand):
    help = "系统体检：无人可办的信访事项、计数器与重新统计是否一致；有问题时以非零状态退出"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=SHOWN, help="at most this many petitions are listed")

    def handle(self, *args: Any, **options: Any) -> None:
        from xinfang.petitions.selectors import petitions_without_owner

        problems = 0
        orphans = petitions_without_owner().order_by("received_at", "pk")
        count = orphans.count()
        if count:
            problems += count
            self.stdout.write(
                f"无人可办的信访事项：{count} 件（当前办理单位没有可执行任何办理行为的在岗人员）"
            )
            for petition in orphans[: options["limit"]]:
                self.stdout.write(
                    f"  {petition.number}  {petition.get_status_display()}  "
                    f"{petition.current_unit.name}  {petition.get_channel_display()}"
                )
            if count > options["limit"]:
                self.stdout.write(f"  ……另有 {count - options['limit']} 件")
        else:
            self.stdout.write("在办信访事项均有可办理的责任人")
        mismatches = counters_check()
        for line in mismatches:
            self.stdout.write(f"计数器不一致：{line}")
        problems += len(mismatches)
        if not mismatches:
            self.stdout.write("计数器与重新统计一致")
        if problems:
            raise CommandError(f"体检发现 {problems} 个问题")
        self.stdout.write(self.style.SUCCESS("体检通过"))
