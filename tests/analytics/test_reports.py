"""Report commands on a small generated demo: every section present, numbers equal the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from xinfang.analytics.periods import Period, add_months, month_of
from xinfang.demo.generator import demo_generate
from xinfang.demo.org import demo_org_setup
from xinfang.petitions.models import Petition, PetitionEvent


@pytest.fixture
def demo(db) -> int:  # type: ignore[no-untyped-def]
    demo_org_setup()
    return demo_generate(count=400, seed=11)


def _received_in(period: Period) -> int:
    return Petition.objects.filter(received_at__gte=period.start, received_at__lt=period.end).count()


def test_monthly_report(demo: int, tmp_path: Path) -> None:
    month = add_months(month_of(timezone.localdate()), -1)
    output = tmp_path / "m.docx"
    call_command("report", "monthly", "--month", f"{month:%Y-%m}", "--output", str(output))
    document = docx.Document(str(output))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["一、总体情况", "二、主要特点", "三、热点问题", "四、重点关注", "五、工作建议"]
    text = "\n".join(p.text for p in document.paragraphs)
    total = _received_in(Period.month(month))
    previous = _received_in(Period.month(add_months(month, -1)))
    assert f"全区共登记信访事项{total}件" in text
    assert f"（上月{previous}件）" in text
    assert len(document.inline_shapes) >= 2  # trend and categories charts
    kpi_table = document.tables[0]
    assert kpi_table.rows[0].cells[0].text == "指标"
    assert {r.cells[0].text for r in kpi_table.rows[1:]} >= {"及时受理率", "满意率", "网信占比"}
    online = Petition.objects.filter(
        received_at__gte=Period.month(month).start, received_at__lt=Period.month(month).end, channel="online"
    ).count()
    assert f"其中网上信访{online}件" in text


def test_annual_statistics_xlsx_and_docx(demo: int, tmp_path: Path) -> None:
    year = timezone.localdate().year - 1
    xlsx = tmp_path / "a.xlsx"
    call_command("report", "annual", "--year", str(year), "--output", str(xlsx))
    sheet = openpyxl.load_workbook(xlsx).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["信访事项总量（件）"][1] == _received_in(Period.year(year))
    assert rows["信访事项总量（件）"][2] == _received_in(Period.year(year - 1))
    started = PetitionEvent.objects.filter(
        kind="start_mediation",
        occurred_at__gte=Period.year(year).start,
        occurred_at__lt=Period.year(year).end,
    ).count()
    assert rows["开展调解（次）"][1] == started
    assert {
        "接访（批次）",
        "法律咨询（人次）",
        "参评率",
        "满意率",
        "重信重访（件）",
        "领导接访日（天）",
    } <= set(rows)
    document = tmp_path / "a.docx"
    call_command("report", "annual", "--year", str(year), "--output", str(document))
    text = "\n".join(p.text for p in docx.Document(str(document)).paragraphs)
    assert f"{year}年全区共登记信访事项{_received_in(Period.year(year))}件" in text


def test_bad_arguments(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report", "monthly", "--month", "2026-13", "--output", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError):
        call_command("report", "annual", "--year", "2025", "--output", str(tmp_path / "x.pdf"))


def test_refresh_command(demo: int, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("report", "refresh")
    assert "个月的统计" in capsys.readouterr().out
    call_command("report", "refresh")
    assert "已更新 0 个月" in capsys.readouterr().out


def test_period_arithmetic() -> None:
    p = Period.month(date(2026, 1, 1))
    assert p.previous() == Period.month(date(2025, 12, 1))
    assert p.year_before() == Period.month(date(2025, 1, 1))
    assert Period.year(2025).label == "2025年"
    assert Period.year(2025).last_day == date(2025, 12, 31)
