"""The role-aware home page: what is on my desk, due soonest first, and counts by state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.selectors import petitions_visible_to, with_next_clock

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
    counts = dict(visible.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return render(
        request,
        "web/home.html",
        {
            "rows": rows,
            "counts": [
                (Status(code).label, code, counts.get(code, 0)) for code in Status.values if counts.get(code)
            ],
            "total": sum(counts.values()),
            "overdue": visible.filter(next_due_on__lt=today).count(),
            "desk_total": desk.count(),
        },
    )
