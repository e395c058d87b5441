"""``xinfang doctor``: what must never be true of a running system, checked in one go.

- No orphans (ADR 0014 §1): every open petition sits at a unit where an active user can take
  an act allowed now (``petitions.selectors.petitions_without_owner``).
- Counters (ADR 0014 §7): every maintained counter agrees with a recount (``common.counters``),
  and so does every maintained flag registered there (the key-case flag, ``petitions.keycase``);
  ``xinfang tally rebuild`` repairs both.
- The working calendar (a notice, not a failure): a year the running clocks reach, or a matter
  accepted today could reach (Art. 34: 60 + 30 days), without the State Council's holiday
  arrangement is named with the number of running clocks due in it. Its due dates count weekends
  only until an administrator enters the year (节假日调整); before the notice is published there is
  nothing else to do, so it does not fail the check.

Prints each problem and exits non-zero if there is any, so it can run after a deployment, a
restore or a bulk import, and in monitoring.
"""

from __future__ import annotations

from datetime import date
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
        self._calendar()
        if problems:
            raise CommandError(f"体检发现 {problems} 个问题")
        self.stdout.write(self.style.SUCCESS("体检通过"))

    def _calendar(self) -> None:
        from django.db.models import Max
        from django.utils import timezone

        from xinfang.petitions.models import Deadline
        from xinfang.statute.calendar import calendar_gaps
        from xinfang.statute.dtable import ClockState

        today = timezone.localdate()
        running = Deadline.objects.filter(state__in=(ClockState.RUNNING, ClockState.PAUSED), due_on__gte=today)
        gaps = calendar_gaps(today=today, until=running.aggregate(latest=Max("due_on"))["latest"])
        for year in gaps:
            due = running.filter(due_on__gte=date(year, 1, 1), due_on__lte=date(year, 12, 31)).count()
            self.stdout.write(
                f"提示：工作日历未收录{year}年法定节假日安排，{due} 个计时中的期限届满日在该年，"
                "目前仅按周末推算；国务院公布后请在管理后台「节假日调整」中录入该年安排"
            )
        if not gaps:
            self.stdout.write("工作日历已收录期限所及各年的法定节假日安排")
