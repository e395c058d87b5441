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

    def handle(self, *args: Any, **options: Any) -> None:
        client, raw = api_client_issue(name=options["name"])
        self.stdout.write(f"{client.name} 的 api_key（请妥善保存，仅显示一次）：")
        self.stdout.write(raw)
