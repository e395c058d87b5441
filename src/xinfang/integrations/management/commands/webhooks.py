"""``xinfang webhooks deliver`` (cron, every minute) and ``xinfang webhooks requeue --since DATE``."""

from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from xinfang.integrations.webhooks import webhooks_deliver, webhooks_requeue


def _since(value: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise CommandError("--since 须为日期（2026-11-01）或带时区的时间")
        moment = datetime.combine(day, time.min)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "发送待推送的 Webhook（可由 cron 每分钟运行）；补推某时间以来的事件"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        deliver = sub.add_parser("deliver", help="发送到期的推送")
        deliver.add_argument("--limit", type=int, default=200)
        requeue = sub.add_parser("requeue", help="把某时间以来尚未排队的事件补入推送队列")
        requeue.add_argument("--since", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "requeue":
            count = webhooks_requeue(since=_since(options["since"]))
            self.stdout.write(f"补入推送 {count} 条")
            return
        report = webhooks_deliver(limit=options["limit"])
        self.stdout.write(f"送达 {report.delivered}，待重试 {report.retried}，放弃 {report.failed}")
