"""The working calendar in force: the holiday package plus the admin's override table."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache

from .clock import WorkCalendar
from .dtable import D5, D6
from .models import HolidayOverride

# Art. 34: a matter accepted today may take 60 days (D5) and be extended by 30 (D6), so the clocks
# started today may end this many days ahead; the calendar should already know those days.
HORIZON_DAYS = (D5.days or 0) + (D6.days or 0)

_CACHE_KEY = "xinfang:work-calendar:v1"


def current_calendar() -> WorkCalendar:
    overrides = cache.get(_CACHE_KEY)
    if overrides is None:
        overrides = dict(HolidayOverride.objects.values_list("day", "is_working"))
        cache.set(_CACHE_KEY, overrides, 300)
    return WorkCalendar(overrides)


def calendar_invalidate() -> None:
    cache.delete(_CACHE_KEY)


def calendar_gaps(*, today: date, until: date | None = None) -> list[int]:
    """The years from ``today`` to ``until`` (at least ``HORIZON_DAYS`` ahead) without holiday data.

    In such a year the clocks count weekends only (``statute.clock.coverage_warning``): a due date
    may fall on a statutory holiday until the State Council's notice is entered (节假日调整).
    """
    end = max(until or today, today + timedelta(days=HORIZON_DAYS))
    return current_calendar().uncovered_years(today, end)
