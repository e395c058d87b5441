from datetime import date

import pytest

from xinfang.statute.calendar import calendar_invalidate, current_calendar
from xinfang.statute.models import HolidayOverride


@pytest.mark.django_db
def test_admin_override_table_feeds_the_calendar() -> None:
    # A Monday of a year no holiday package will cover while this suite is kept (2027 would break
    # the day chinesecalendar is upgraded to a release with the State Council's 2027 notice).
    calendar_invalidate()
    assert current_calendar().is_working_day(date(2040, 1, 2))
    HolidayOverride.objects.create(day=date(2040, 1, 2), is_working=False, note="元旦调休")
    calendar_invalidate()
    calendar = current_calendar()
    assert not calendar.is_working_day(date(2040, 1, 2))
    assert calendar.is_covered(2040)


def test_clock_state_moves_on_with_time_and_refresh_command(org, capsys) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from tests.factories import register
    from xinfang.petitions.selectors import clock_state_today

    petition = register(org)
    clock = petition.deadlines.get(code="D1")
    assert clock_state_today(clock) == "running"
    later = timezone.localdate() + timedelta(days=40)
    assert clock_state_today(clock, later) == "overdue"
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        call_command("clocks", "refresh")
    assert petition.deadlines.get(code="D1").state == "overdue"
    assert "1 件" in capsys.readouterr().out


# 2040 and 2041: years no holiday package will cover while this suite is kept, so the gaps are the
# override table's alone.
@pytest.mark.django_db
def test_the_calendar_gaps_are_the_uncovered_years_the_clocks_can_reach() -> None:
    from xinfang.statute.calendar import HORIZON_DAYS, calendar_gaps

    calendar_invalidate()
    assert HORIZON_DAYS == 90  # Art. 34: 60 days, extended by 30
    assert calendar_gaps(today=date(2040, 6, 1)) == [2040]
    # From mid-November a matter accepted today may run into the next year (15 Nov + 90 days).
    assert calendar_gaps(today=date(2040, 11, 15)) == [2040, 2041]
    assert calendar_gaps(today=date(2040, 10, 2)) == [2040]  # 2 Oct + 90 days = 31 Dec
    assert calendar_gaps(today=date(2040, 10, 3)) == [2040, 2041]
    # A running clock further ahead than the horizon (a paused one) extends it.
    assert calendar_gaps(today=date(2040, 6, 1), until=date(2041, 2, 1)) == [2040, 2041]
    for year in (2040, 2041):
        HolidayOverride.objects.create(day=date(year, 1, 1), is_working=False, note="元旦")
    calendar_invalidate()
    assert calendar_gaps(today=date(2040, 11, 15)) == []


def test_the_doctor_names_a_year_without_holidays_and_still_passes(org) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    import time_machine
    from django.core.management import call_command

    from tests.factories import register

    calendar_invalidate()
    HolidayOverride.objects.create(day=date(2040, 10, 1), is_working=False, note="国庆节")
    with time_machine.travel("2040-12-20 10:00 +0800", tick=False):
        petition = register(org)  # D1: 15 days, due in January 2041
        out = StringIO()
        call_command("doctor", stdout=out)
    assert petition.deadlines.get(code="D1").due_on.year == 2041
    text = out.getvalue()
    assert "提示：工作日历未收录2041年法定节假日安排，1 个计时中的期限届满日在该年" in text
    assert "2040年" not in text and "体检通过" in text
    HolidayOverride.objects.create(day=date(2041, 1, 1), is_working=False, note="元旦")
    calendar_invalidate()
    with time_machine.travel("2040-12-20 10:00 +0800", tick=False):
        out = StringIO()
        call_command("doctor", stdout=out)
    assert "工作日历已收录期限所及各年的法定节假日安排" in out.getvalue()


def test_the_holiday_table_names_the_years_it_still_lacks(client, admin_user) -> None:  # type: ignore[no-untyped-def]
    import time_machine
    from django.utils import timezone

    from tests.factories import login_verified

    calendar_invalidate()
    with time_machine.travel("2040-11-20 10:00 +0800", tick=False):
        admin_user.password_changed_at = timezone.now()  # a password set that day, not fourteen years before
        admin_user.save(update_fields=["password_changed_at"])
        admin = login_verified(client, admin_user)
        page = admin.get("/admin/statute/holidayoverride/").content.decode()
        assert "工作日历未收录2040年法定节假日安排" in page and "工作日历未收录2041年法定节假日安排" in page
        for year in (2040, 2041):
            HolidayOverride.objects.create(day=date(year, 1, 1), is_working=False, note="元旦")
        calendar_invalidate()
        page = admin.get("/admin/statute/holidayoverride/").content.decode()
    assert "工作日历未收录" not in page and "元旦" in page
