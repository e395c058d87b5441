"""``xinfang intake setup|train|backfill|topics``."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xinfang.intake.services import intake_backfill, intake_setup, routing_models_train
from xinfang.intake.topics import Item, topics_of
from xinfang.petitions.models import Petition


class Command(BaseCommand):
    help = "智能受理：建立查重索引与风险评估（backfill）、训练分拨模型（train）、热点类案（topics）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        setup = sub.add_parser("setup", help="backfill, then train when no model exists yet")
        setup.add_argument(
            "--index-only",
            action="store_true",
            help="backfill only; `make run` trains after the server starts",
        )
        sub.add_parser("train", help="train new routing model versions from closed petitions and feedback")
        sub.add_parser("backfill", help="index and assess petitions loaded in bulk")
        topics = sub.add_parser("topics", help="hot topics of the last N days as JSON")
        topics.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "setup" and options["index_only"]:
            done = intake_backfill()
            self.stdout.write(f"查重索引与风险评估：新增 {done} 件")
        elif action == "setup":
            models = intake_setup(progress=self.stdout.write)
            self.stdout.write(f"已训练 {len(models)} 个分拨模型")
        if action == "backfill":
            done = intake_backfill(progress=_progress)
            self.stdout.write(f"查重索引与风险评估：新增 {done} 件")
        if action == "train":
            models = routing_models_train(progress=self.stdout.write)
            self.stdout.write(f"已训练 {len(models)} 个分拨模型")
        if action == "topics":
            self.stdout.write(json.dumps(self._topics(options["days"]), ensure_ascii=False, default=str))

    def _topics(self, days: int) -> list[dict[str, Any]]:
        from datetime import timedelta

        from django.utils import timezone

        since = timezone.now() - timedelta(days=days)
        rows = Petition.objects.filter(received_at__gte=since).values_list(
            "number", "title", "content", "received_at", "location_unit__name"
        )[:5000]
        items = [Item(n, t, c, timezone.localdate(at), p or "") for n, t, c, at, p in rows]
        topics = topics_of(items, today=timezone.localdate())
        return [
            {
                "keywords": t.keywords,
                "count": t.count,
                "recent": t.recent,
                "burst": t.burst,
                "places": t.places,
            }
            for t in topics[:30]
        ]


def _progress(done: int) -> None:
    sys.stderr.write(f"\r已索引 {done} 件")
