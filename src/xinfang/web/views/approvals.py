"""The approvals queue of a unit head (#11.3): 申请延期 (Art. 34) and 退回 requests (Art. 23(3)).

Each request is shown with what was asked; the decision forms post to the same act endpoint as
the petition page (``petitions.petition_act``) and come back here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition, PetitionEvent
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.selectors import approvals_for, with_next_clock

from ..paging import COUNT_CAP
from .common import staff_user
from .home import todo_page


def _requests(petitions: list[Petition]) -> dict[int, PetitionEvent]:
    """The pending request event of each petition (the latest 申请延期 / 申请退回)."""
    found: dict[int, PetitionEvent] = {}
    kinds = (Act.REQUEST_EXTENSION, Act.REQUEST_RETURN)
    events = (
        PetitionEvent.objects.filter(petition__in=petitions, kind__in=kinds)
        .select_related("actor", "actor_unit")
        .order_by("petition_id", "seq")
    )
    for event in events:
        found[event.petition_id] = event  # ordered by seq: the last one wins
    return found


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    queue = with_next_clock(approvals_for(user)).select_related("category", "current_unit", "dispatcher_unit")
    page, next_query, continued = todo_page(request, queue)
    requests = _requests(page.object_list)
    items: list[dict[str, Any]] = []
    for petition in page.object_list:
        offered = acts_available(user, petition)
        kind = "return" if petition.status == Status.RETURN_REQUESTED else "extension"
        items.append(
            {
                "petition": petition,
                "kind": kind,
                "request": requests.get(petition.pk),
                "acts": [a.value for a in offered],
            }
        )
    return render(
        request,
        "web/approvals.html",
        {"items": items, "page": page, "next_query": next_query, "continued": continued, "cap": COUNT_CAP},
    )
