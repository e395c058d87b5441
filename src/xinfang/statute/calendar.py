"""The working calendar in force: the holiday package plus the admin's override table."""

from __future__ import annotations

from django.core.cache import cache

from .clock import WorkCalendar
from .models import HolidayOverride

_CACHE_KEY = "xinfang:work-calendar:v1"


def current_calendar() -> WorkCalendar:
    overrides = cache.get(_CACHE_KEY)
    if overrides is None:
        overrides = dict(HolidayOverride.objects.values_list("day", "is_working"))
        cache.set(_CACHE_KEY, overrides, 300)
    return WorkCalendar(overrides)


def calendar_invalidate() -> None:
    cache.delete(_CACHE_KEY)
