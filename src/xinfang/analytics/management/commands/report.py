"""``xinfang report monthly|annual|refresh``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.analytics.annual import annual_figures, annual_xlsx
from xinfang.analytics.docx_report import annual_docx, monthly_docx
from xinfang.analytics.monthly import monthly_report
from xinfang.analytics.periods import Period, parse_month
from xinfang.analytics.services import stats_ensure, stats_refresh
from xinfang.common.exceptions import XinfangError


class Command(BaseCommand):
    help = "统计报表：月度信访形势报告（DOCX）、年度法治化统计（XLSX/DOCX）、刷新月度统计"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help="monthly situation report as DOCX")
        monthly.add_argument("--month", required=True, help="YYYY-MM")
        monthly.add_argument("--output", required=True, type=Path)
        annual = sub.add_parser("annual", help="annual rule-of-law statistics as XLSX or DOCX")
        annual.add_argument("--year", required=True, type=int)
        annual.add_argument("--output", required=True, type=Path)
        refresh = sub.add_parser("refresh", help="update the monthly summary (incremental; --full nightly)")
        refresh.add_argument("--full", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except XinfangError as error:
            raise CommandError(f"{error.message} {error.fields or ''}".strip()) from error

    def _refresh(self, options: dict[str, Any]) -> None:
        months = stats_refresh(full=options["full"])
        self.stdout.write(f"已更新 {len(months)} 个月的统计")

    def _monthly(self, options: dict[str, Any]) -> None:
        month = parse_month(options["month"])
        period = Period.month(month)
        # The report's months and those it compares with must reflect every event so far.
        stats_ensure(period=Period(period.shifted(-25).first, period.last))
        report = monthly_report(month=month)
        options["output"].write_bytes(monthly_docx(report))
        self.stdout.write(f"{report.title}：{options['output']}（信访总量 {report.total['total']} 件）")

    def _annual(self, options: dict[str, Any]) -> None:
        year, output = options["year"], options["output"]
        if output.suffix.lower() not in (".xlsx", ".docx"):
            raise CommandError("--output 应为 .xlsx 或 .docx 文件")
        stats_ensure(period=Period(Period.year(year - 1).first, Period.year(year).last))
        figures = annual_figures(year=year)
        output.write_bytes(annual_xlsx(figures) if output.suffix.lower() == ".xlsx" else annual_docx(figures))
        self.stdout.write(f"{year}年度法治化统计：{output}（信访总量 {figures.current['total']} 件）")
