"""Reads. ``petitions_visible_to`` is the one rule for what a user may see; everything uses it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from xinfang.common.exceptions import NotFound
from xinfang.orgs.models import Unit, User
from xinfang.orgs.selectors import scope_condition

from .constants import PetitionType
from .identity import id_number_hash, phone_hash
from .models import Deadline, Petition, PetitionEvent, PetitionLink, RoutingRule
from .search import search_filter


def confidentiality_exclusion(user: User) -> Q:
    """Art. 30, 46(5): the accused unit (and units inside it) and the accused person never see the matter."""
    accused = Q(accused_person=user)
    if user.unit is not None:
        accused |= Q(accused_unit_id__in=user.unit.ancestor_ids)
    return Q(type=PetitionType.ACCUSATION) & accused


def petitions_visible_to(user: User) -> QuerySet[Petition]:
    petitions = Petition.objects.all()
    if not user.is_authenticated or not user.is_active:
        return petitions.none()
    current = scope_condition(user, path_field="current_unit_path", self_fields=("handler", "registered_by"))
    registered = scope_condition(user, path_field="registered_unit_path", self_fields=())
    if current is not None and registered is not None:
        petitions = petitions.filter(current | registered)
    return petitions.exclude(confidentiality_exclusion(user))


def key_case_condition() -> Q:
    """重点案件 for the key-case ledger: major or urgent, collective (5+ people), or a repeat petition."""
    from .constants import COLLECTIVE_THRESHOLD, LinkKind

    return (
        Q(major_urgent=True)
        | Q(people_count__gte=COLLECTIVE_THRESHOLD)
        | Q(pk__in=PetitionLink.objects.filter(kind=LinkKind.REPEAT_OF).values("source_id"))
    )


def petition_get_for(user: User, petition_id: int) -> Petition:
    """The petition if the user may see it; otherwise the same NotFound as for a missing one."""
    petition = (
        petitions_visible_to(user)
        .select_related(
            "category", "petitioner", "current_unit", "registered_unit", "location_unit", "handler"
        )
        .filter(pk=petition_id)
        .first()
    )
    if petition is None:
        raise NotFound()
    return petition


def petition_events(petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.select_related("actor", "actor_unit").order_by("seq")


def petition_deadlines(petition: Petition) -> QuerySet[Deadline]:
    return petition.deadlines.all()


def petitions_filter(
    petitions: QuerySet[Petition],
    *,
    status: str = "",
    category: str = "",
    channel: str = "",
    type: str = "",
    unit: int | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    overdue: bool = False,
    key: bool = False,
    q: str = "",
    id_number: str = "",
    phone: str = "",
    today: date | None = None,
) -> QuerySet[Petition]:
    """Narrow an already visibility-filtered queryset by the list filters."""
    exact = {
        "status": status,
        "category__code": category,
        "channel": channel,
        "type": type,
        "current_unit_id": unit,
    }
    petitions = petitions.filter(**{field: value for field, value in exact.items() if value})
    if received_from:
        petitions = petitions.filter(received_at__gte=_day_start(received_from))
    if received_to:
        petitions = petitions.filter(received_at__lt=_day_start(received_to + timedelta(days=1)))
    if overdue:
        petitions = petitions.filter(next_due_on__lt=today or timezone.localdate())
    if key:
        petitions = petitions.filter(key_case_condition())
    if id_number:
        petitions = petitions.filter(petitioner__id_number_hash=id_number_hash(id_number))
    if phone:
        petitions = petitions.filter(petitioner__phone_hash=phone_hash(phone))
    return _text_query(petitions, q.strip()) if q else petitions


def _day_start(day: date) -> datetime:
    """Local midnight, so date filters stay index range scans on the timestamp column."""
    return timezone.make_aware(datetime.combine(day, time.min))


NUMBER = re.compile(r"^[A-Z]{1,4}\d{12}$")
QUERY_CODE = re.compile(r"^[A-HJ-NP-Z2-9]{10}$")


def _text_query(petitions: QuerySet[Petition], q: str) -> QuerySet[Petition]:
    """A petition number or query code matches exactly; anything else is full-text search."""
    if NUMBER.match(q.upper()):
        return petitions.filter(number=q.upper())
    if QUERY_CODE.match(q.upper()):
        return petitions.filter(Q(query_code=q.upper()) | Q(number=q))
    return search_filter(petitions, q)


def clock_state_today(deadline: Deadline, today: date | None = None) -> str:
    """The stored state, moved on if the due date has passed since the clocks were last derived."""
    day = today or timezone.localdate()
    if deadline.state == "running" and deadline.due_on is not None and day > deadline.due_on:
        return "overdue" if deadline.nature == "duty" else "expired"
    return deadline.state


def with_next_clock(petitions: QuerySet[Petition]) -> QuerySet[Petition]:
    """Annotate the start and name of the clock behind ``next_due_on`` (for urgency colouring)."""
    from django.db.models import OuterRef, Subquery

    clock = Deadline.objects.filter(
        petition=OuterRef("pk"), due_on=OuterRef("next_due_on"), stopped_on__isnull=True, nature="duty"
    ).order_by("start_on")
    return petitions.annotate(
        next_clock_start=Subquery(clock.values("start_on")[:1]),
        next_clock_name=Subquery(clock.values("name")[:1]),
    )


def routing_unit_for(petition: Petition) -> Unit | None:
    """The handling unit the routing table gives for this petition's category and place."""
    rules = {
        rule.area_id: rule.handling_unit
        for rule in RoutingRule.objects.filter(category_id=petition.category_id).select_related(
            "handling_unit"
        )
    }
    if not rules:
        return None
    for unit_id in reversed(petition.location_unit.ancestor_ids):
        if unit_id in rules:
            return rules[unit_id]
    return rules.get(None)
