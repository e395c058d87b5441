"""``xinfang webhooks deliver``: send due webhook deliveries (run from cron every minute)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xinfang.integrations.webhooks import webhooks_deliver


class Command(BaseCommand):
    help = "发送待推送的 Webhook（可由 cron 每分钟运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        deliver = sub.add_parser("deliver", help="发送到期的推送")
        deliver.add_argument("--limit", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        report = webhooks_deliver(limit=options["limit"])
        self.stdout.write(f"送达 {report.delivered}，待重试 {report.retried}，放弃 {report.failed}")
