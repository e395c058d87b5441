"""#11.8: a fresh demo looks like a working bureau — logins, 2027 calendar, filled summaries."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from xinfang.analytics.models import MonthlyStat, StatMonth
from xinfang.orgs.models import User
from xinfang.statute.clock import WorkCalendar, coverage_warning
from xinfang.statute.models import HolidayOverride

pytestmark = pytest.mark.django_db


def test_setup_prints_every_login_and_enters_2027_holidays(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", "setup")
    out = capsys.readouterr().out
    demo_users = User.objects.filter(is_active=True).exclude(username__startswith="online")
    missing = [
        u.username for u in demo_users if f"  {u.username} " not in out and f"  {u.username}\n" not in out
    ]
    assert not missing, missing
    spring = HolidayOverride.objects.get(day=date(2027, 2, 8))
    assert not spring.is_working and "待国务院公布" in spring.note
    # The year counts as maintained: no "holiday data missing" for a clock into 2027.
    calendar = WorkCalendar(dict(HolidayOverride.objects.values_list("day", "is_working")))
    assert (
        calendar.is_covered(2027) and coverage_warning(date(2026, 12, 1), date(2027, 3, 1), calendar) is None
    )
    assert not calendar.is_working_day(date(2027, 10, 1)) and calendar.is_working_day(date(2027, 10, 8))
    # Set-up again changes nothing an administrator may have corrected.
    HolidayOverride.objects.filter(day=date(2027, 2, 8)).update(note="已按国务院通知更正")
    call_command("demo", "setup")
    assert HolidayOverride.objects.get(day=date(2027, 2, 8)).note == "已按国务院通知更正"


def test_generate_leaves_the_monthly_summary_filled(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", "setup")
    call_command("demo", "generate", "--count", "30", "--seed", "4")
    assert StatMonth.objects.exists() and MonthlyStat.objects.exists()
    out = capsys.readouterr().out
    assert "统计汇总" in out
    # The summary line names each phase with its seconds (benchmarks/demo_generate.py reports it).
    assert all(
        f"{phase} " in out for phase in ("载入", "建索引与约束", "计数与统计信息", "督查演示与月度汇总")
    )


def test_the_monthly_report_says_when_its_summary_is_older_than_its_period() -> None:
    from datetime import datetime

    from django.utils import timezone

    from xinfang.analytics.docx_report import staleness_note

    first, last = date(2026, 10, 1), date(2026, 10, 31)
    assert "尚未生成" in staleness_note(first, last, None)
    before = timezone.make_aware(datetime(2026, 9, 20, 8, 0))
    assert "早于本报告期间" in staleness_note(first, last, before)
    during = timezone.make_aware(datetime(2026, 10, 15, 8, 0))
    assert "此后收到的信访事项未计入" in staleness_note(first, last, during)
    after = timezone.make_aware(datetime(2026, 11, 2, 8, 0))
    assert staleness_note(first, last, after) == ""
