"""The one gate for a petition's state: check, update with a version guard, log the event, re-clock."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xinfang.common.exceptions import ConcurrentUpdate, InvalidTransition
from xinfang.jobs.outbox import enqueue_with_act
from xinfang.orgs.models import User
from xinfang.statute.calendar import current_calendar
from xinfang.statute.deadlines import Clock, EventFact, compute_clocks, next_due
from xinfang.statute.options import clock_options

from ..availability import ensure_possible
from ..events import GENESIS, chain_hash
from ..keycase import KEY_CASE_FIELDS, key_cases_recompute
from ..lifecycle import TRANSITIONS, Act, Status
from ..models import Deadline, Petition, PetitionEvent
from ..permissions import ensure_may
from ..tally import dimensions, locked_values, petition_values, tally_shift
from ..tasks import petition_event_dispatch


def ensure_state(petition: Petition, act: Act) -> None:
    transition = TRANSITIONS[act]
    if petition.status not in transition.sources:
        raise InvalidTransition(
            f"信访事项当前状态为「{Status(petition.status).label}」，不能执行「{act.label}」",
            article=transition.article,
        )


def event_record(
    petition: Petition,
    *,
    kind: str,
    actor: User | None,
    from_status: str,
    to_status: str,
    payload: dict[str, Any],
    occurred_at: datetime,
    head_stored: bool = False,
) -> PetitionEvent:
    """Append one event to the petition's chain. The caller holds the petition row (same transaction).

    ``head_stored``: the caller writes the new head (``event_count``, ``last_event_hash``, set on
    ``petition`` here) with the petition's row itself — a registration whose id was taken before
    its row was written — so the head is not updated here.
    """
    seq = petition.event_count + 1
    prev = petition.last_event_hash or GENESIS
    digest = chain_hash(
        petition_id=petition.pk,
        seq=seq,
        kind=kind,
        actor_id=actor.pk if actor else None,
        occurred_at=occurred_at,
        from_status=from_status,
        to_status=to_status,
        payload=payload,
        prev_hash=prev,
    )
    event = PetitionEvent.objects.create(
        petition=petition,
        seq=seq,
        kind=kind,
        actor=actor,
        actor_unit=actor.unit if actor else None,
        occurred_at=occurred_at,
        from_status=from_status,
        to_status=to_status,
        payload=payload,
        prev_hash=prev,
        hash=digest,
    )
    if not head_stored:
        Petition.objects.filter(pk=petition.pk).update(event_count=seq, last_event_hash=digest)
    petition.event_count, petition.last_event_hash = seq, digest
    # One task row per act, written with the act; the listeners run in the worker (ADR 0014 §9).
    enqueue_with_act(
        petition_event_dispatch,
        functools.partial(
            petition_event_dispatch.enqueue,
            petition_id=petition.pk,
            event_id=event.pk,
            seq=seq,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
        ),
    )
    return event


def event_facts(petition: Petition) -> list[EventFact]:
    rows = petition.events.order_by("seq").values_list("kind", "occurred_at", "payload", "seq")
    return [EventFact(kind, timezone.localdate(at), payload, seq) for kind, at, payload, seq in rows]


def clocks_derive(*, petition_type: str, facts: list[EventFact], today: date | None = None) -> list[Clock]:
    """The clocks the event log implies today, under the current calendar and clock options."""
    return compute_clocks(
        petition_type=petition_type,
        events=facts,
        today=today or timezone.localdate(),
        calendar=current_calendar(),
        options=clock_options(),
    )


def deadlines_refresh(
    petition: Petition,
    *,
    today: date | None = None,
    facts: list[EventFact] | None = None,
    fresh: bool = False,
    clocks: list[Clock] | None = None,
) -> None:
    """Recompute every clock from the event log and store them with the next due date.

    The caller holds the petition row (same transaction) and ``petition`` is current, so the
    due-date counters move from the stored date to the new one here. ``facts`` (the events, when
    the caller already holds them) and ``fresh`` (no clocks stored yet) save two queries;
    ``clocks`` (already derived by the caller from the same facts) saves deriving them twice.
    """
    if clocks is None:
        clocks = clocks_derive(
            petition_type=petition.type,
            facts=facts if facts is not None else event_facts(petition),
            today=today,
        )
    if not fresh:
        petition.deadlines.all().delete()
    Deadline.objects.bulk_create(
        Deadline(
            petition=petition,
            code=c.code,
            instance=c.instance,
            name=c.rule.name,
            article=c.rule.article,
            nature=c.rule.nature,
            days=c.days,
            unit=c.rule.unit,
            start_on=c.start_on,
            due_on=c.due_on,
            state=c.state,
            stopped_on=c.stopped_on,
            paused_days=c.paused_days,
            note=c.note[:200],
        )
        for c in clocks
    )
    due = next_due(clocks)
    if due != petition.next_due_on:
        Petition.objects.filter(pk=petition.pk).update(next_due_on=due)
        before = petition_values(petition)
        petition.next_due_on = due
        # Only the due date changed: the status counter nets to zero and is not touched.
        tally_shift(before, petition_values(petition))


def clocks_refresh_spanning(day: date) -> int:
    """Re-derive the clocks of open petitions that a change to ``day``'s working status can move.

    A clock moves only if ``day`` lies after its start and on or before its due date: inside a
    working-day count, or between a calendar count's nominal last day and its rolled-over due
    date (民法典 Art. 203). Called when an admin edits a holiday override, so clocks follow at
    once rather than at the nightly refresh. Returns the number of petitions re-clocked.
    """
    from ..lifecycle import OPEN_STATES

    ids = (
        Deadline.objects.filter(start_on__lt=day, due_on__gte=day, petition__status__in=OPEN_STATES)
        .values_list("petition_id", flat=True)
        .distinct()
    )
    count = 0
    for pk in sorted(set(ids)):
        with transaction.atomic():
            petition = Petition.objects.select_for_update().filter(pk=pk).first()
            if petition is not None:
                deadlines_refresh(petition)
                count += 1
    return count


def apply_act(
    petition: Petition,
    *,
    actor: User,
    act: Act,
    target: Status | None = None,
    expected_version: int | None = None,
    changes: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
) -> Petition:
    """Take ``act``: state check, permission check, optimistic update, event, clocks — atomically.

    ``expected_version`` is the version the official saw; if someone acted in
    between, the update matches no row and ``ConcurrentUpdate`` (HTTP 409) is raised.
    """
    ensure_state(petition, act)
    ensure_may(actor, petition, act)
    version = petition.version if expected_version is None else expected_version
    from_status = petition.status
    to_status = target or from_status
    now = timezone.now()
    with transaction.atomic():
        # The stored row, locked: the counters move from what is stored, not from what a
        # caller's copy says (a nightly clock refresh changes the due date without a version).
        before = locked_values(petition.pk)
        updated = Petition.objects.filter(pk=petition.pk, version=version, status=from_status).update(
            status=to_status, version=F("version") + 1, updated_at=now, **(changes or {})
        )
        if not updated:
            raise ConcurrentUpdate()
        if KEY_CASE_FIELDS & (changes or {}).keys():
            key_cases_recompute(pks=[petition.pk])  # the maintained 重点案件 flag follows its facts
        petition.refresh_from_db()
        petition._loaded_status = petition.status
        after = petition_values(petition)
        if dimensions(before) != dimensions(after) or before["status"] != after["status"]:
            tally_shift(before, after)  # the due date moves, if at all, in deadlines_refresh
        event_record(
            petition,
            kind=act.value,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            payload=payload or {},
            occurred_at=now,
        )
        deadlines_refresh(petition)
    return petition


R = TypeVar("R")


def legal_act(act: Act) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Mark a service as the one function for ``act``.

    State and permission are checked before the body validates anything, so an
    act attempted from a wrong state always answers InvalidTransition, and the
    body runs in one transaction with the event and clock refresh.
    """

    def decorate(service: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(service)
        def run(*, petition: Petition, actor: User, **kwargs: Any) -> R:
            # A stale view is a conflict even when the new state would also forbid the act:
            # the official must see what changed before deciding again.
            expected = kwargs.get("expected_version")
            if expected is not None and expected != petition.version:
                raise ConcurrentUpdate()
            ensure_state(petition, act)
            ensure_may(actor, petition, act)
            # The rules that decide what is offered (permissions.acts_available) refuse here.
            ensure_possible(petition, act)
            with transaction.atomic():
                return service(petition=petition, actor=actor, **kwargs)

        run.act = act  # type: ignore[attr-defined]
        return run

    return decorate
