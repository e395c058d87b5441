"""Pages of the newest petitions whose cost follows recent volume, not the table's size.

Two rules keep a list page bounded on a million rows:
- the total is counted only up to COUNT_CAP (past that the page asks to narrow the filter);
- the newest rows are looked for in widening windows of receipt time (a month, a quarter,
  a year, …), so the database sorts only the matches of a recent window instead of every
  match in the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

COUNT_CAP = 1000
WINDOWS_DAYS: tuple[int | None, ...] = (31, 92, 366, 1100, None)


def capped_count(rows: QuerySet[Any], cap: int) -> int:
    # Without ordering and with only the key, the database can count from an index.
    return rows.order_by().values("pk")[:cap].count()


@dataclass
class Page:
    number: int
    size: int
    object_list: list[Any]
    has_next: bool
    count: int

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, COUNT_CAP) // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def newest_first_page(rows: QuerySet[Any], number: str | int | None, size: int) -> Page:
    """Page ``number`` of ``rows`` ordered by receipt time, newest first."""
    try:
        page = max(1, int(number or 1))
    except ValueError:
        page = 1
    page = min(page, -(-COUNT_CAP // size))
    offset, wanted = (page - 1) * size, page * size + 1
    total = capped_count(rows, COUNT_CAP + 1)
    now = timezone.now()
    # Few matches: sort them all. Many: look in the newest window that holds enough of them.
    for days in WINDOWS_DAYS if total > COUNT_CAP else (None,):
        window = rows if days is None else rows.filter(received_at__gte=now - timedelta(days=days))
        if days is None or capped_count(window, wanted) >= wanted:
            ids = list(
                window.order_by("-received_at", "-id").values_list("pk", flat=True)[
                    offset : offset + size + 1
                ]
            )
            return Page(page, size, _load(rows, ids[:size]), len(ids) > size, total)
    raise AssertionError("the last window is unbounded")


def sorted_page(rows: QuerySet[Any], number: str | int | None, size: int = 20) -> Page:
    """Page of an explicitly ordered queryset (due date, number); the total is capped the same way."""
    try:
        page = max(1, min(int(number or 1), -(-COUNT_CAP // size)))
    except ValueError:
        page = 1
    ids = list(rows.values_list("pk", flat=True)[(page - 1) * size : page * size + 1])
    return Page(page, size, _load(rows, ids[:size]), len(ids) > size, capped_count(rows, COUNT_CAP + 1))


def _load(rows: QuerySet[Any], ids: list[int]) -> list[Any]:
    """Fetch the page's rows with their joins only after the ids are known, keeping their order.

    Sorting narrow (id, time) tuples and joining 20 rows is far cheaper than letting the
    database join every match before the LIMIT, which it does when it misjudges how many
    rows a full-text condition keeps.
    """
    by_id = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]
