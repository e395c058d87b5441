"""``xinfang demo setup`` and ``xinfang demo generate --count N --seed S``."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.demo.generator import demo_generate
from xinfang.demo.holidays import demo_holidays_setup
from xinfang.demo.org import DEMO_PASSWORD, demo_org_setup
from xinfang.demo.partners import demo_partners_setup
from xinfang.demo.pipeline import demo_derived_build
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition
from xinfang.places.services import demo_boundaries_setup
from xinfang.statute.calendar import calendar_invalidate


class Command(BaseCommand):
    help = "演示数据：创建演示组织与账号（setup），批量生成演示信访事项（generate）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("setup", help="create the demo organisation, roles and logins (idempotent)")
        generate = sub.add_parser("generate", help="bulk-generate synthetic petitions")
        generate.add_argument("--count", type=int, default=2000)
        generate.add_argument("--seed", type=int, default=2026)
        generate.add_argument(
            "--if-empty", action="store_true", help="do nothing when petitions already exist"
        )
        sub.add_parser("logins", help="print the demo logins")
        otp = sub.add_parser("otp", help="print a demo account's current TOTP code and its secret")
        otp.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action in ("setup", "logins"):
            org = demo_org_setup()
            places = demo_boundaries_setup()
            self._print_logins(org.logins)
            self.stdout.write(
                f"辖区边界：{places.boundaries} 个街道、社区边界，{places.aliases} 个地名别名（演示用）"
            )
            added = demo_holidays_setup()
            calendar_invalidate()
            self.stdout.write(
                f"节假日调整：已录入 2027 年预计法定节假日 {added} 天（标注“待国务院公布”，可在管理后台更正）"
            )
            key = demo_partners_setup()
            self.stdout.write("市民门户（无需登录）：http://127.0.0.1:8000/portal/")
            self.stdout.write(
                f"Open311 接口：http://127.0.0.1:8000/open311/v2/services.xml ，演示 api_key：{key}"
            )
        elif action == "generate":
            self._generate(options)
        elif action == "otp":
            self._otp(options["username"])

    def _otp(self, username: str) -> None:
        from xinfang.demo.otp import demo_otp_device, totp_now
        from xinfang.security.views import totp_secret_b32

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账号 {username} 不存在")
        device = demo_otp_device(user)
        self.stdout.write(f"{username} 当前动态口令：{totp_now(device)}（每 30 秒更新）")
        self.stdout.write(f"验证器密钥（可添加到手机验证器）：{totp_secret_b32(device)}")

    def _generate(self, options: dict[str, Any]) -> None:
        if options["if_empty"] and Petition.objects.exists():
            self.stdout.write(f"已有 {Petition.objects.count()} 件信访事项，跳过生成")
            return
        demo_org_setup()
        started, total = time.monotonic(), options["count"]

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(f"\r生成 {done}/{total} 件（{rate:,.0f} 件/秒）")
            sys.stderr.flush()

        phases: dict[str, float] = {}
        made = demo_generate(count=total, seed=options["seed"], progress=progress, phases=phases)
        sys.stderr.write("\n")
        # The supervision and portal demos, and the monthly summary the dashboard and the monthly
        # report read (built now, so a fresh demo shows figures before the nightly refresh).
        derived = time.monotonic()
        months = demo_derived_build(count=total)
        phases["督查演示与月度汇总"] = time.monotonic() - derived
        parts = "，".join(f"{name} {seconds:.1f} 秒" for name, seconds in phases.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {made} 件演示信访事项，已刷新 {len(months)} 个月的统计汇总，"
                f"用时 {time.monotonic() - started:.1f} 秒（{parts}）"
            )
        )

    def _print_logins(self, logins: list[Any]) -> None:
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        self.stdout.write(
            "admin、juzhang、anquan、shenji 须双因素登录：动态口令用 `xinfang demo otp admin`（或 juzhang 等）获取"
        )
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role}  {login.unit}")
