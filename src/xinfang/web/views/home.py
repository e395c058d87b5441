"""The role-aware home page: everything that waits for me, most urgent first, and counts by state.

The to-do is ``petitions.selectors.todo_for`` — complete and paged (numbered pages up to the
count cap, then a keyset cursor: nothing is silently cut off); its counts come from the
maintained counters (``petitions.tally.todo_counts``) and link to the lists they count.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.pages import BadCursor, Page, cursor_decode, cursor_encode, cursor_page, list_page
from xinfang.petitions.selectors import todo_for, with_next_clock
from xinfang.petitions.tally import scope_counts, todo_counts

from ..paging import COUNT_CAP
from ..presenters import countdown, todo_label, urgency
from .common import staff_user

TODO_SIZE = 20
TODO_ORDER = "due"  # next due date, overdue first (they are the earliest), no deadline last


def todo_page(
    request: HttpRequest, rows: Any, *, size: int = TODO_SIZE, at_least: int | None = None
) -> tuple[Page, str, str]:
    """Page of a queue in urgency order: ``page`` numbers, then ``after`` (keyset) past the cap.

    Returns the page, the query string of the next page ("" if none) and whether it is a
    continuation page (no total known there)."""
    after = request.GET.get("after", "")
    page: Page | None = None
    if after:
        try:
            order, value, pk, few = cursor_decode(after)
            if order == TODO_ORDER:
                page = cursor_page(rows, order=order, after=(value, pk), few=few, size=size)
        except BadCursor:
            page = None
    if page is None:
        after = ""
        page = list_page(rows, order=TODO_ORDER, number=request.GET.get("page"), size=size, at_least=at_least)
    next_query = ""
    if page.has_next and page.last_key is not None:
        if not after and page.number * size < COUNT_CAP:
            next_query = f"page={page.number + 1}"
        else:
            cursor = cursor_encode(TODO_ORDER, page.last_key, few=not page.capped)
            next_query = f"after={cursor}"
    return page, next_query, "continued" if after else ""


def todo_rows(user: Any, petitions: list[Petition]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "petition": p,
            "waiting": todo_label(user, p),
            "countdown": countdown(p.next_due_on, today) if p.next_due_on else "",
            "css": urgency("running", getattr(p, "next_clock_start", None), p.next_due_on, today)
            if p.next_due_on
            else "met",
        }
        for p in petitions
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    # Sums of the maintained counters (ADR 0014 §7): no count over the petition table.
    counts = scope_counts(user, today=today, cap=COUNT_CAP)
    todo = todo_counts(user, cap=COUNT_CAP)
    queue = with_next_clock(todo_for(user)).select_related("category", "current_unit")
    # The counted parts of the to-do bound the queue's size from below (no probe past the cap).
    page, next_query, continued = todo_page(request, queue, at_least=todo.at_least)
    return render(
        request,
        "web/home.html",
        {
            "rows": todo_rows(user, page.object_list),
            "page": page,
            "next_query": next_query,
            "continued": continued,
            "todo": todo,
            "desk_counts": [
                (Status(code).label, code, todo.by_status[code])
                for code in Status.values
                if todo.by_status.get(code)
            ],
            "counts": [
                (Status(code).label, code, counts.by_status.get(code, 0))
                for code in Status.values
                if counts.by_status.get(code)
            ],
            "total": counts.total,
            "overdue": counts.overdue,
            "exact": counts.exact,
            "cap": COUNT_CAP,
        },
    )
