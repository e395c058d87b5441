"""``xinfang clocks refresh``: re-derive every open petition's clocks (run nightly from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from xinfang.petitions.lifecycle import OPEN_STATES
from xinfang.petitions.models import Petition
from xinfang.petitions.services import deadlines_refresh


class Command(BaseCommand):
    help = "法定期限：按办理记录重新推算未办结事项的期限状态 (refresh)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("refresh", help="recompute clocks of every open petition as of today")

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        ids = Petition.objects.filter(status__in=OPEN_STATES).values_list("pk", flat=True)
        for pk in ids.iterator(chunk_size=2000):
            # Each petition under its row lock, so an act taken meanwhile is never overwritten
            # and the due-date counters move from the stored date.
            with transaction.atomic():
                petition = Petition.objects.select_for_update().filter(pk=pk).first()
                if petition is not None:
                    deadlines_refresh(petition)
                    count += 1
        self.stdout.write(self.style.SUCCESS(f"已重新推算 {count} 件未办结信访事项的法定期限"))
