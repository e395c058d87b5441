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
