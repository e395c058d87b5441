"""The role-aware home page: what is on my desk, due soonest first, and counts by state."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to, with_next_clock

from ..paging import COUNT_CAP, capped_count
from ..presenters import countdown, urgency
from .common import staff_user

TODO_SIZE = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    today = timezone.localdate()
    visible = petitions_visible_to(user)
    desk = visible.filter(status__in=OPEN_STATES)
    if user.unit_id is not None:
        desk = desk.filter(current_unit_id=user.unit_id)
    todo = list(
        with_next_clock(desk)
        .select_related("category", "current_unit")
        .order_by(F("next_due_on").asc(nulls_last=True), "received_at")[:TODO_SIZE]
    )
    rows = [
        {
            "petition": p,
            "countdown": countdown(p.next_due_on, today) if p.next_due_on else "",
            "css": urgency("running", getattr(p, "next_clock_start", None), p.next_due_on, today)
            if p.next_due_on
            else "met",
        }
        for p in todo
    ]
    counts, overdue = _scope_counts(user, visible, today)
    return render(
        request,
        "web/home.html",
        {
            "rows": rows,
            "counts": [
                (Status(code).label, code, counts.get(code, 0)) for code in Status.values if counts.get(code)
            ],
            "total": sum(counts.values()),
            "overdue": overdue,
            "desk_total": capped_count(desk, COUNT_CAP + 1),
        },
    )


COUNTS_SECONDS = 120


def _scope_counts(user: User, visible: QuerySet[Petition], today: date) -> tuple[dict[str, int], int]:
    """Counts by state over the user's whole scope: a full scan for district-wide roles, so cached briefly."""
    key = f"xinfang:home-counts:{user.pk}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is None:
        counts = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        cached = (counts, visible.filter(next_due_on__lt=today).count())
        cache.set(key, cached, COUNTS_SECONDS)
    return cached
