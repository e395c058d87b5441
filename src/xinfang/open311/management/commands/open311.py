"""``xinfang open311 issue-key --name 12345热线``: create a client and print its api_key once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from xinfang.open311.services import api_client_issue


class Command(BaseCommand):
    help = "Open311 接入方管理"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue-key", help="为对接平台签发 api_key（只显示一次）")
        issue.add_argument("--name", required=True)
        issue.add_argument("--jurisdiction", default="", help="仅对该 jurisdiction_id 有效（默认不限）")
        issue.add_argument(
            "--rate-limit-identity", default="", help="共享限额的身份（默认每个接入方单独计数）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        client, raw = api_client_issue(
            name=options["name"],
            jurisdiction_id=options["jurisdiction"],
            rate_limit_identity=options["rate_limit_identity"],
        )
        self.stdout.write(f"{client.name} 的 api_key（请妥善保存，仅显示一次）：")
        self.stdout.write(raw)
