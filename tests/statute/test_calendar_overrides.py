from datetime import date

import pytest

from xinfang.statute.calendar import calendar_invalidate, current_calendar
from xinfang.statute.models import HolidayOverride


@pytest.mark.django_db
def test_admin_override_table_feeds_the_calendar() -> None:
    calendar_invalidate()
    assert current_calendar().is_working_day(date(2027, 1, 1))
    HolidayOverride.objects.create(day=date(2027, 1, 1), is_working=False, note="元旦")
    calendar_invalidate()
    calendar = current_calendar()
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert calendar.is_covered(2027)


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
