"""Pure statutory day counting: calendar days and working days under China's official calendar.

Rules (《信访工作条例》 2022 with 民法典 第二百零一条、第二百零三条):

* "X日" counts calendar days; day 1 is the day *after* the start date, and a
  last day that falls on a rest day (weekend or statutory holiday) rolls
  forward to the next working day.
* "X个工作日" counts working days only; the due date is the X-th working day
  after the start date.
* Make-up working days (调休上班日, weekend days declared working days) are
  working days for both rules.

No Django here: the model-backed override table is loaded elsewhere and
passed in as a plain mapping, so this module stays trivially testable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache

import chinese_calendar

CALENDAR = "calendar"
WORKING = "working"
UNITS = frozenset({CALENDAR, WORKING})

_ONE_DAY = timedelta(days=1)


@cache
def _package_covers(year: int) -> bool:
    """Whether the chinese_calendar package has the official arrangement for ``year``."""
    # Probing one day is the package's public way to say "no data"; reading its
    # private tables would break on the next release. The answer never changes
    # within a process, so it is cached per year.
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """Working/rest days: admin overrides, then official package data, then plain Mon–Fri."""

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        # Copied so a caller mutating its dict later cannot change a calendar
        # that deadlines were already computed with.
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._override_years: frozenset[int] = frozenset(d.year for d in self._overrides)
        # Bulk clock computation asks about the same few hundred days millions of times.
        self._memo: dict[date, bool] = {}

    def is_working_day(self, d: date) -> bool:
        """True when ``d`` is a working day."""
        # Overrides come first: the State Council occasionally amends an
        # arrangement after the package was released, and local offices may
        # have their own closures.
        known = self._memo.get(d)
        if known is None:
            known = self._memo[d] = self._lookup(d)
        return known

    def _lookup(self, d: date) -> bool:
        override = self._overrides.get(d)
        if override is not None:
            return override
        if _package_covers(d.year):
            return bool(chinese_calendar.is_workday(d))
        # Without official data only weekends are known; holidays are missed,
        # which coverage_warning() tells the user about.
        return d.weekday() < 5

    def is_covered(self, year: int) -> bool:
        """True when ``year`` has official package data or at least one admin override."""
        # An admin who entered any day of a year is taken to have entered that
        # year's holiday table; we cannot tell a partial table from a complete one.
        return _package_covers(year) or year in self._override_years

    def uncovered_years(self, start: date, end: date) -> list[int]:
        """Sorted years from ``start.year`` to ``end.year`` lacking holiday data."""
        lo, hi = sorted((start.year, end.year))
        return [y for y in range(lo, hi + 1) if not self.is_covered(y)]

    def next_working_day(self, d: date) -> date:
        """``d`` if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d


DEFAULT_CALENDAR = WorkCalendar()


def due_date(start: date, days: int, unit: str, calendar: WorkCalendar | None = None) -> date:
    """The last day of a ``days``-long period in ``unit`` that starts after ``start``."""
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days!r}")
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected {CALENDAR!r} or {WORKING!r}")
    cal = calendar or DEFAULT_CALENDAR
    if unit == CALENDAR:
        # 民法典 203: only the *last* day rolls over; rest days inside the
        # period still count.
        return cal.next_working_day(start + timedelta(days=days))
    # Zero working days means "the same day": nothing to count, so no rollover.
    d, counted = start, 0
    while counted < days:
        d += _ONE_DAY
        if cal.is_working_day(d):
            counted += 1
    return d


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """Number of working days ``d`` with ``start < d <= end`` (0 if ``end <= start``)."""
    cal = calendar or DEFAULT_CALENDAR
    count, d = 0, start + _ONE_DAY
    while d <= end:
        if cal.is_working_day(d):
            count += 1
        d += _ONE_DAY
    return count


def calendar_days_between(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end`` (negative if ``end`` is earlier)."""
    return (end - start).days


def coverage_warning(start: date, end: date, calendar: WorkCalendar | None = None) -> str | None:
    """A user-facing warning when holiday data is missing for any year in the range, else None."""
    years = (calendar or DEFAULT_CALENDAR).uncovered_years(start, end)
    if not years:
        return None
    names = "、".join(f"{y}年" for y in years)
    return f"{names}法定节假日数据未收录，期限仅按周末推算，请在节假日调整表中维护该年安排"
