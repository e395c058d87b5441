"""Day counting against the official calendar (chinesecalendar 1.11.0 data, covering 2004–2026).

Every expected date below was checked against chinese_calendar.get_holiday_detail:

* 2025 National Day: 2025-10-01 .. 2025-10-08 rest; make-up working days
  2025-09-28 (Sun) and 2025-10-11 (Sat).
* 2026 Spring Festival: 2026-02-15 .. 2026-02-23 rest; make-up working days
  2026-02-14 (Sat) and 2026-02-28 (Sat).
* 2027 has no data in the package; 2027-01-01 is a Friday.
"""

from __future__ import annotations

from datetime import date

import pytest

from xinfang.statute.clock import (
    CALENDAR,
    DEFAULT_CALENDAR,
    WORKING,
    WorkCalendar,
    calendar_days_between,
    coverage_warning,
    due_date,
    working_days_between,
)

# ---------------------------------------------------------------- is_working_day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 3, 3), True),  # ordinary Monday
        (date(2025, 3, 8), False),  # ordinary Saturday
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 8), False),  # last day of the National Day break
        (date(2025, 10, 9), True),
        (date(2025, 9, 28), True),  # make-up Sunday
        (date(2025, 10, 11), True),  # make-up Saturday
        (date(2026, 2, 16), False),  # Spring Festival holiday on a Monday
        (date(2026, 2, 14), True),  # make-up Saturday
        (date(2027, 1, 1), True),  # no data: a Friday is assumed to be working
        (date(2027, 1, 2), False),  # no data: Saturday still rests
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert DEFAULT_CALENDAR.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 10, 1), date(2025, 10, 9)),
        (date(2025, 10, 11), date(2025, 10, 11)),
        (date(2025, 3, 8), date(2025, 3, 10)),
        (date(2025, 3, 10), date(2025, 3, 10)),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert DEFAULT_CALENDAR.next_working_day(day) == expected


# ---------------------------------------------------------------- calendar unit


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Ordinary weekday result, no holidays in between.
        (date(2025, 3, 3), 10, date(2025, 3, 13)),
        # Falls on Saturday 2025-03-15 -> Monday.
        (date(2025, 3, 3), 12, date(2025, 3, 17)),
        # Falls on Sunday 2025-03-16 -> Monday.
        (date(2025, 3, 3), 13, date(2025, 3, 17)),
        # Falls on 2025-10-01 / 10-05 inside National Day -> first working day after.
        (date(2025, 9, 1), 30, date(2025, 10, 9)),
        (date(2025, 9, 20), 15, date(2025, 10, 9)),
        # 60-day handling period ending 2025-10-04.
        (date(2025, 8, 5), 60, date(2025, 10, 9)),
        # Make-up working days are not rolled over.
        (date(2025, 9, 13), 15, date(2025, 9, 28)),
        (date(2025, 9, 26), 15, date(2025, 10, 11)),
        # 2026 Spring Festival: 02-16 and 02-21 are holidays -> 02-24.
        (date(2026, 2, 1), 15, date(2026, 2, 24)),
        (date(2026, 1, 22), 30, date(2026, 2, 24)),
        # 2026-02-14 is a make-up Saturday: it stands.
        (date(2026, 1, 30), 15, date(2026, 2, 14)),
        # Rest days inside the period still count; only the last day rolls.
        (date(2025, 9, 30), 10, date(2025, 10, 10)),
    ],
)
def test_calendar_unit(start: date, days: int, expected: date) -> None:
    assert due_date(start, days, CALENDAR) == expected


# ---------------------------------------------------------------- working unit


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Thu + 5: Fri, Mon, Tue, Wed, Thu.
        (date(2025, 3, 6), 5, date(2025, 3, 13)),
        # 09-30, 10-09, 10-10, 10-11 (make-up Sat), 10-13.
        (date(2025, 9, 29), 5, date(2025, 10, 13)),
        # 09-26, 09-28 (make-up Sun), 09-29, 09-30, 10-09.
        (date(2025, 9, 25), 5, date(2025, 10, 9)),
        # 02-13, 02-14 (make-up Sat), 02-24, 02-25, 02-26.
        (date(2026, 2, 12), 5, date(2026, 2, 26)),
        # Starting inside a holiday: the first working day after it is day 1.
        (date(2025, 10, 3), 1, date(2025, 10, 9)),
    ],
)
def test_working_unit(start: date, days: int, expected: date) -> None:
    assert due_date(start, days, WORKING) == expected


# ---------------------------------------------------------------- start day and zero


@pytest.mark.parametrize(
    ("start", "days", "unit", "expected"),
    [
        # Day 1 is the day after the start, for both units.
        (date(2025, 3, 3), 1, CALENDAR, date(2025, 3, 4)),
        (date(2025, 3, 3), 1, WORKING, date(2025, 3, 4)),
        # Friday + 1 working day is Monday, not the Friday itself.
        (date(2025, 3, 7), 1, WORKING, date(2025, 3, 10)),
        # Zero calendar days: the start day itself, rolled forward if resting.
        (date(2025, 3, 3), 0, CALENDAR, date(2025, 3, 3)),
        (date(2025, 10, 1), 0, CALENDAR, date(2025, 10, 9)),
        # Zero working days: the start day itself, even a holiday.
        (date(2025, 10, 1), 0, WORKING, date(2025, 10, 1)),
    ],
)
def test_start_day_not_counted(start: date, days: int, unit: str, expected: date) -> None:
    assert due_date(start, days, unit) == expected


# ---------------------------------------------------------------- uncovered years


def test_package_years_are_covered_and_2027_is_not() -> None:
    assert DEFAULT_CALENDAR.is_covered(2025)
    assert DEFAULT_CALENDAR.is_covered(2026)
    assert not DEFAULT_CALENDAR.is_covered(2027)


def test_uncovered_year_uses_weekends_only() -> None:
    # 2026-12-17 + 15 = 2027-01-01, a Friday: with no data it is a working day.
    assert due_date(date(2026, 12, 17), 15, CALENDAR) == date(2027, 1, 1)
    # 2026-12-18 + 15 = Saturday 2027-01-02 -> Monday 2027-01-04.
    assert due_date(date(2026, 12, 18), 15, CALENDAR) == date(2027, 1, 4)
    # Thu 2026-12-31 + 1 working day = Fri 2027-01-01.
    assert due_date(date(2026, 12, 31), 1, WORKING) == date(2027, 1, 1)


def test_coverage_warning_names_the_missing_year() -> None:
    warning = coverage_warning(date(2026, 12, 17), date(2027, 1, 1))
    assert warning is not None
    assert "2027年" in warning
    assert "2026年" not in warning


def test_coverage_warning_lists_every_missing_year() -> None:
    assert DEFAULT_CALENDAR.uncovered_years(date(2026, 12, 1), date(2028, 2, 1)) == [2027, 2028]
    warning = coverage_warning(date(2026, 12, 1), date(2028, 2, 1))
    assert warning is not None
    assert "2027年" in warning
    assert "2028年" in warning


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 12, 1), date(2026, 3, 1)),
    ],
)
def test_no_warning_inside_covered_years(start: date, end: date) -> None:
    assert DEFAULT_CALENDAR.uncovered_years(start, end) == []
    assert coverage_warning(start, end) is None


def test_override_entry_covers_the_year() -> None:
    cal = WorkCalendar({date(2027, 1, 1): False})
    assert cal.is_covered(2027)
    assert coverage_warning(date(2026, 12, 17), date(2027, 1, 4), cal) is None
    # Other years without data stay uncovered.
    assert not cal.is_covered(2028)


def test_override_rest_day_rolls_forward_in_uncovered_year() -> None:
    # New Year's Day entered by the admin: Fri 01-01 rests, then Sat, Sun -> Mon 01-04.
    cal = WorkCalendar({date(2027, 1, 1): False})
    assert due_date(date(2026, 12, 17), 15, CALENDAR, cal) == date(2027, 1, 4)
    assert due_date(date(2026, 12, 31), 1, WORKING, cal) == date(2027, 1, 4)


def test_override_working_saturday_stops_rollover_in_uncovered_year() -> None:
    cal = WorkCalendar({date(2027, 1, 2): True})
    assert due_date(date(2026, 12, 18), 15, CALENDAR, cal) == date(2027, 1, 2)
    assert due_date(date(2026, 12, 31), 2, WORKING, cal) == date(2027, 1, 2)


# ---------------------------------------------------------------- overrides in covered years


@pytest.mark.parametrize(
    ("overrides", "start", "days", "unit", "expected"),
    [
        # Extra closure on 2025-10-09 pushes the National Day rollover one more day.
        ({date(2025, 10, 9): False}, date(2025, 9, 1), 30, CALENDAR, date(2025, 10, 10)),
        # A holiday declared a working day stops the rollover on it.
        ({date(2025, 10, 1): True}, date(2025, 9, 1), 30, CALENDAR, date(2025, 10, 1)),
        # A cancelled make-up Sunday rolls to Monday.
        ({date(2025, 9, 28): False}, date(2025, 9, 13), 15, CALENDAR, date(2025, 9, 29)),
        # Cancelled make-up Saturday: 09-30, 10-09, 10-10, 10-13, 10-14.
        ({date(2025, 10, 11): False}, date(2025, 9, 29), 5, WORKING, date(2025, 10, 14)),
    ],
)
def test_overrides_beat_package_data(
    overrides: dict[date, bool], start: date, days: int, unit: str, expected: date
) -> None:
    assert due_date(start, days, unit, WorkCalendar(overrides)) == expected


def test_overrides_are_copied_and_do_not_leak() -> None:
    overrides = {date(2025, 10, 9): False}
    cal = WorkCalendar(overrides)
    overrides[date(2025, 10, 9)] = True
    assert not cal.is_working_day(date(2025, 10, 9))
    assert DEFAULT_CALENDAR.is_working_day(date(2025, 10, 9))


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("unit", [CALENDAR, WORKING])
def test_negative_days_rejected(unit: str) -> None:
    with pytest.raises(ValueError, match="-1"):
        due_date(date(2025, 3, 3), -1, unit)


@pytest.mark.parametrize("unit", ["weeks", "", "Calendar"])
def test_unknown_unit_rejected(unit: str) -> None:
    with pytest.raises(ValueError, match=f"unknown unit '{unit}'"):
        due_date(date(2025, 3, 3), 5, unit)


# ---------------------------------------------------------------- between helpers


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 3, 3), date(2025, 3, 10), 5),  # start Monday not counted, next Monday is
        (date(2025, 3, 7), date(2025, 3, 9), 0),  # Friday to Sunday
        (date(2025, 9, 29), date(2025, 10, 13), 5),  # across National Day incl. make-up Saturday
        (date(2025, 3, 3), date(2025, 3, 3), 0),
        (date(2025, 3, 10), date(2025, 3, 3), 0),  # end before start
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "days"),
    [
        (date(2025, 3, 6), 5),
        (date(2025, 9, 25), 5),
        (date(2026, 2, 12), 5),
        (date(2025, 12, 20), 20),
    ],
)
def test_working_days_between_inverts_due_date(start: date, days: int) -> None:
    assert working_days_between(start, due_date(start, days, WORKING)) == days


def test_working_days_between_respects_overrides() -> None:
    cal = WorkCalendar({date(2025, 10, 11): False})
    assert working_days_between(date(2025, 9, 29), date(2025, 10, 13), cal) == 4


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 3, 3), date(2025, 3, 13), 10),
        (date(2024, 2, 28), date(2024, 3, 1), 2),  # leap year
        (date(2025, 3, 3), date(2025, 3, 3), 0),
        (date(2025, 3, 13), date(2025, 3, 3), -10),
    ],
)
def test_calendar_days_between(start: date, end: date, expected: int) -> None:
    assert calendar_days_between(start, end) == expected
