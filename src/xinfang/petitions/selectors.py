"""Reads. ``petitions_visible_to`` is the one rule for what a user may see; everything uses it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from xinfang.common.exceptions import NotFound
from xinfang.common.memo import request_memo
from xinfang.orgs.models import Unit, User
from xinfang.orgs.selectors import scope_condition

from .constants import PetitionType
from .identity import email_hashes, id_number_hashes, phone_hashes
from .models import Deadline, JointUnit, Petition, PetitionEvent, RoutingRule
from .search import search_filter

# The unit path columns a data scope is matched against (ADR 0014 §1). The maintained
# counters (petitions.tally) carry the same columns, so keep TallyDimensions in step.
# handling_unit_path: the 承办单位 keeps read access through 复查/复核 and sees the outcome.
SCOPE_PATHS = ("current_unit_path", "registered_unit_path", "handling_unit_path")


def scope_filter(user: User, *, self_fields: tuple[str, ...] = ("handler", "registered_by")) -> Q | None:
    """The user's data scopes over every scope path, OR-ed; None means unrestricted.

    ``self_fields`` are the petition's user columns that make it the user's own (the
    "only self" scope); they apply to the current-unit branch only.
    """
    condition = Q(pk__in=[])
    for index, path in enumerate(SCOPE_PATHS):
        part = scope_condition(user, path_field=path, self_fields=self_fields if index == 0 else ())
        if part is None:
            return None
        condition |= part
    return condition


def confidentiality_exclusion(user: User) -> Q:
    """Art. 30, 46(5): the accused unit (and units inside it) and the accused person never see the matter."""
    accused = Q(accused_person_id=user.pk)
    if user.unit is not None:
        accused |= Q(accused_unit_id__in=user.unit.ancestor_ids)
    return Q(type=PetitionType.ACCUSATION) & accused


# Beyond this many co-handled matters in one scope the condition stays a sub-select.
JOINT_INLINE_LIMIT = 5000


def joint_condition(user: User) -> Q | None:
    """Art. 24: the matters on which a unit in the user's scope is a 会办单位; None: unrestricted.

    The ids are read first (an index range on ``unit_path``) and written into the condition as
    a list: an ``OR id IN (sub-select)`` beside the indexed scope paths makes PostgreSQL filter
    the whole table row by row (1.9 s for one street at 10,000 petitions), while a list lets it
    combine the path indexes with the primary key. No co-handled matter: an empty condition.
    """
    units = scope_condition(user, path_field="unit_path", self_fields=())
    if units is None:
        return None
    joint = JointUnit.objects.filter(units).values_list("petition_id", flat=True)
    # Read once per request (a page asks for the visible set several times).
    ids = request_memo(("joint_ids", user.pk), lambda: list(joint[: JOINT_INLINE_LIMIT + 1]))
    if not ids:
        return Q()  # OR-ed with the scope, an empty Q adds nothing
    if len(ids) > JOINT_INLINE_LIMIT:
        return Q(pk__in=joint)
    return Q(pk__in=ids)


def petitions_visible_to(user: User) -> QuerySet[Petition]:
    petitions = Petition.objects.all()
    if not user.is_authenticated or not user.is_active:
        return petitions.none()
    condition = scope_filter(user)
    if condition is not None:
        joint = joint_condition(user)
        # Co-handled matters are few and not in the maintained counters (ADR 0014, Art. 24 note).
        petitions = petitions.filter(condition if joint is None else condition | joint)
    return petitions.exclude(confidentiality_exclusion(user))


def key_case_condition() -> Q:
    """重点案件 for the list filter and the key-case ledger: major or urgent, collective or a repeat
    petition. The maintained flag (``petitions.keycase``), read through its partial index."""
    return Q(is_key_case=True)


def petition_get_for(user: User, petition_id: int, *, only: tuple[str, ...] = ()) -> Petition:
    """The petition if the user may see it; otherwise the same NotFound as for a missing one.

    ``only`` names the columns an answer needs (``current_unit__name`` style for the related
    rows): a short answer then reads neither the wide text nor the encrypted personal columns.
    """
    petitions = petitions_visible_to(user)
    if only:
        related = sorted({name.split("__")[0] for name in only if "__" in name})
        petitions = petitions.select_related(*related).only(*only)
    else:
        petitions = petitions.select_related(
            "category", "current_unit", "registered_unit", "location_unit", "handler"
        )
    petition = petitions.filter(pk=petition_id).first()
    if petition is None:
        raise NotFound()
    return petition


def petition_by_reference_for(user: User, reference: str) -> Petition:
    """The petition a person names by its 编号 or 查询码 (as staff read them off a page or a
    receipt), if the user may see it; otherwise NotFound, as for a missing one."""
    match = reference_condition(reference.strip())
    if match is None:
        raise NotFound()
    petition = petitions_visible_to(user).filter(match).first()
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
    email: str = "",
    name: str = "",
    family_name: str = "",
    place: int | None = None,
    identity_state: str = "",
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
    # The details recorded on each petition (ADR 0014 §5): hash columns, no join.
    if id_number:
        petitions = petitions.filter(petitioner_id_number_hash__in=id_number_hashes(id_number))
    if phone:
        petitions = petitions.filter(petitioner_phone_hash__in=phone_hashes(phone))
    if email:
        petitions = petitions.filter(petitioner_email_hash__in=email_hashes(email))
    if name:
        petitions = petitions.filter(petitioner_name=name.strip())
    if family_name:
        # Only with a place or a date range (the caller checks): a family name alone names thousands.
        petitions = petitions.filter(petitioner_name__startswith=family_name.strip())
    if place:
        area = Unit.objects.filter(pk=place).values_list("path", flat=True).first() or "\x00"
        petitions = petitions.filter(location_unit__path__startswith=area)
    if identity_state:
        petitions = petitions.filter(identity_state=identity_state)
    return _text_query(petitions, q.strip()) if q else petitions


def _day_start(day: date) -> datetime:
    """Local midnight, so date filters stay index range scans on the timestamp column."""
    return timezone.make_aware(datetime.combine(day, time.min))


NUMBER = re.compile(r"^[A-Z]{1,4}\d{12}$")
QUERY_CODE = re.compile(r"^[A-HJ-NP-Z2-9]{10}$")


def reference_condition(text: str) -> Q | None:
    """A petition's 编号 or 查询码 (any case) as an exact condition; None for anything else. (A
    number is letters and 12 digits, a query code 10 characters: the two never overlap.)"""
    text = text.upper()
    if NUMBER.match(text):
        return Q(number=text)
    if QUERY_CODE.match(text):
        return Q(query_code=text)
    return None


def _text_query(petitions: QuerySet[Petition], q: str) -> QuerySet[Petition]:
    """A petition number or query code matches exactly; anything else is full-text search."""
    match = reference_condition(q)
    return petitions.filter(match) if match is not None else search_filter(petitions, q)


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


# --------------------------------------------------------------------------- queues (ADR 0014 §1)


def desk_condition(user: User) -> Q | None:
    """Open petitions at the user's unit in a state where the user holds a desk act."""
    from .permissions import actionable_statuses

    statuses = actionable_statuses(user)
    if user.unit_id is None or not statuses:
        return None
    return Q(current_unit_id=user.unit_id, status__in=sorted(statuses))


def approvals_parts(user: User) -> tuple[Q, Q] | None:
    """What waits for an approver of the user's unit, in its two kinds: 申请延期 (Art. 34) at the
    unit and 退回 requests (Art. 23(3)) on matters the unit dispatched. Each behind its own
    partial index, which also covers what a count of it reads (``Petition.APPROVAL_COVER``)."""
    from xinfang.orgs.constants import Perm

    from .lifecycle import Status

    if user.unit_id is None or not user.may(Perm.APPROVE):
        return None
    extension = Q(
        pending_extension=True,
        current_unit_id=user.unit_id,
        status__in=[Status.HANDLING, Status.MEDIATING],
        type=PetitionType.APPEAL,
    )
    return extension, Q(status=Status.RETURN_REQUESTED, dispatcher_unit_id=user.unit_id)


def approvals_condition(user: User) -> Q | None:
    """Both kinds of approval (``approvals_parts``) in one condition."""
    parts = approvals_parts(user)
    return None if parts is None else parts[0] | parts[1]


def contributions_owed(user: User) -> QuerySet[JointUnit]:
    """Art. 24: the 会办 rows of the user's unit on open matters it has not yet contributed to.

    The co-handling unit owes its 会办意见 (``contribute``) from ``set_joint`` until its first
    contribution; the lead organ answers. Few rows, found through the indexed ``JointUnit.unit``.
    """
    from xinfang.orgs.constants import Perm

    from .lifecycle import OPEN_STATES, Act

    if user.unit_id is None or not user.may(Perm.HANDLE):
        return JointUnit.objects.none()
    given = PetitionEvent.objects.filter(
        petition_id=OuterRef("petition_id"), kind=Act.CONTRIBUTE.value, actor_unit_id=user.unit_id
    )
    return JointUnit.objects.filter(unit_id=user.unit_id, petition__status__in=sorted(OPEN_STATES)).exclude(
        Exists(given)
    )


def contributions_condition(user: User) -> Q | None:
    """The matters on which the user's unit owes its 会办意见 (a part of ``todo_for``)."""
    from xinfang.orgs.constants import Perm

    if user.unit_id is None or not user.may(Perm.HANDLE):
        return None
    return Q(pk__in=contributions_owed(user).values("petition_id"))


def todo_for(user: User) -> QuerySet[Petition]:
    """Everything that waits for the user: the one rule for "what is on my desk" (ADR 0014 §1).

    Open petitions at the user's unit on which the user can act (``permissions.actionable_statuses``,
    the states of ``acts_available`` at the unit), plus the approvals (``approvals_condition``) and
    the 会办意见 the user's unit owes as a co-handling unit (``contributions_condition``, Art. 24),
    within what the user may see.
    """
    conditions = [
        c
        for c in (desk_condition(user), approvals_condition(user), contributions_condition(user))
        if c is not None
    ]
    if not conditions:
        return Petition.objects.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    return petitions_visible_to(user).filter(condition)


def approvals_for(user: User) -> QuerySet[Petition]:
    """The approvals queue of a unit head (a part of ``todo_for``)."""
    condition = approvals_condition(user)
    if condition is None:
        return Petition.objects.none()
    return petitions_visible_to(user).filter(condition)


# The petition columns that decide which acts apply and who may take them (permissions.py).
_OWNER_KEY = (
    "current_unit_id",
    "status",
    "type",
    "route",
    "hearing_open",
    "identity_state",
    "dispatcher_unit_id",
    "registered_unit_id",
)


def petitions_without_owner() -> QuerySet[Petition]:
    """Open petitions whose current unit has no active user able to take any act allowed now.

    ADR 0014 §1 "No orphans": such a petition waits where nobody can move it. Acts available
    depend only on the columns in ``_OWNER_KEY`` and on the user, so each distinct combination
    is decided once with ``permissions.acts_available`` for the active users of that unit.
    """
    from .lifecycle import OPEN_STATES
    from .permissions import acts_available

    users: dict[int, list[User]] = {}
    for user in User.objects.filter(is_active=True, unit__isnull=False).prefetch_related("roles"):
        users.setdefault(user.unit_id, []).append(user)  # type: ignore[arg-type]
    keys = (
        Petition.objects.filter(status__in=OPEN_STATES)
        .values(*_OWNER_KEY)
        .annotate(sample=Min("pk"))
        .order_by()
    )
    orphaned = Q(pk__in=[])
    for row in keys:
        key = {name: row[name] for name in _OWNER_KEY}
        # One petition of the combination stands for it (an act that reads its clocks sees a real row).
        probe = Petition(pk=row["sample"], **key)
        if not any(acts_available(user, probe) for user in users.get(key["current_unit_id"], [])):
            orphaned |= Q(**key)
    return Petition.objects.filter(status__in=OPEN_STATES).filter(orphaned).select_related("current_unit")
