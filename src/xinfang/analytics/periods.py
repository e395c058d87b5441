"""Local (Asia/Shanghai) calendar months as half-open ranges of aware datetimes.

Statistics group petitions by the month of ``received_at`` in local time; querying by a
timestamp range (not by an extracted month) keeps every query an index range scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_of(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last`` inclusive."""
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def parse_month(text: str, *, field: str = "month") -> date:
    match = MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationFailed(fields={field: "应为“年-月”，例如 2026-03"})
    return date(int(match.group(1)), int(match.group(2)), 1)


@dataclass(frozen=True)
class Period:
    """The months ``first`` .. ``last`` (inclusive), both first days of their month."""

    first: date
    last: date

    @classmethod
    def month(cls, month: date) -> Period:
        return cls(month_of(month), month_of(month))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 1))

    @property
    def months(self) -> list[date]:
        return months_between(self.first, self.last)

    @property
    def length(self) -> int:
        return len(self.months)

    @property
    def start(self) -> datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        """Exclusive: local midnight of the first day after the period."""
        return local_midnight(add_months(self.last, 1))

    @property
    def last_day(self) -> date:
        return date.fromordinal(add_months(self.last, 1).toordinal() - 1)

    def shifted(self, months: int) -> Period:
        return Period(add_months(self.first, months), add_months(self.last, months))

    def previous(self) -> Period:
        """The equally long period just before (环比)."""
        return self.shifted(-self.length)

    def year_before(self) -> Period:
        """The same months one year earlier (同比)."""
        return self.shifted(-12)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first.year}年{self.first.month}月"
        if self.first.month == 1 and self.last.month == 12 and self.first.year == self.last.year:
            return f"{self.first.year}年"
        return f"{self.first.year}年{self.first.month}月至{self.last.year}年{self.last.month}月"
