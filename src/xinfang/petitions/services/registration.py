"""登记 (Art. 19, 21, 22): record a petition from any channel, once, with its rule checks."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from xinfang.common.exceptions import PermissionDenied, RuleViolation
from xinfang.orgs.constants import Perm
from xinfang.statute.deadlines import EventFact, next_due

from ..constants import IdentityState
from ..drafts import PersonDraft, PetitionDraft
from ..identity import email_hash, id_number_hash, id_number_hashes, phone_hash, phone_hashes
from ..keycase import key_case_of
from ..lifecycle import Act, Status
from ..models import Petition, Petitioner, Representative, Sequence
from ..rules import (
    BLOCK,
    RuleDecision,
    check_draft,
    earlier_same_category,
    is_petition_department,
    stored_decisions,
)
from ..search import search_text
from ..tally import petition_values, tally_shift
from .core import clocks_derive, deadlines_refresh, event_record

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(10))


def petition_number_next(year: int) -> tuple[str, int | None]:
    """The next number of the year: one locking increment (the row is created once a year).

    On PostgreSQL the same statement also takes the new petition's id from its identity sequence
    (None elsewhere), so that the register event can be chained before the row is written.
    """
    name = f"petition-{year}"
    table = connection.ops.quote_name(Sequence._meta.db_table)
    returning = "value"
    if connection.vendor == "postgresql":
        returning += f", nextval(pg_get_serial_sequence('{Petition._meta.db_table}', 'id'))"
    sql = f"UPDATE {table} SET value = value + 1 WHERE name = %s RETURNING {returning}"  # noqa: S608
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, [name])
            row = cursor.fetchone()
        if row is not None:
            return f"{settings.XINFANG_NUMBER_PREFIX}{year}{row[0]:08d}", (row[1] if len(row) > 1 else None)
        Sequence.objects.get_or_create(name=name)
    raise RuntimeError(f"sequence {name} could not be advanced")


@dataclass(frozen=True)
class Identity:
    """The person record a petition links to, and how (ADR 0014 §5)."""

    person: Petitioner | None
    state: str


def identity_link(*, person: PersonDraft) -> Identity:
    """Link by verified identity; never changes a stored detail (ADR 0014 §5, issue #11.4).

    Same ID number and same name → that person. Same ID number, another name → a conflict staff
    decide (``resolve_identity``), unlinked meanwhile. A new ID number → a new person record.
    Without an ID number: the person of an earlier petition with the same name and phone, else
    unlinked (a person record is created only from an ID number).
    """
    if person.id_number:
        records = list(
            Petitioner.objects.filter(id_number_hash__in=id_number_hashes(person.id_number)).order_by("pk")[
                :50
            ]
        )
        same = next((r for r in records if r.name == person.name), None)
        if same is not None:
            return Identity(same, IdentityState.LINKED)
        if records:
            return Identity(None, IdentityState.CONFLICT)
        created = Petitioner.objects.create(
            kind=person.kind,
            name=person.name,
            id_number=person.id_number,
            id_number_hash=id_number_hash(person.id_number),
        )
        return Identity(created, IdentityState.LINKED)
    if person.phone:
        # The person row of the earliest such petition, joined, not the petition itself: a
        # petition row is wide and its personal columns would be decrypted only to be dropped.
        earlier = (
            Petitioner.objects.filter(
                petitions__petitioner_phone_hash__in=phone_hashes(person.phone),
                petitions__petitioner_name=person.name,
            )
            .order_by("petitions__pk")
            .first()
        )
        if earlier is not None:
            return Identity(earlier, IdentityState.LINKED)
    return Identity(None, IdentityState.UNLINKED)


def snapshot_fields(person: PersonDraft) -> dict[str, str]:
    """The petitioner's details as given, for the petition's own columns."""
    return {
        "petitioner_kind": person.kind,
        "petitioner_name": person.name,
        "petitioner_id_number": person.id_number,
        "petitioner_id_number_hash": id_number_hash(person.id_number),
        "petitioner_phone": person.phone,
        "petitioner_phone_hash": phone_hash(person.phone),
        "petitioner_email": person.email,
        "petitioner_email_hash": email_hash(person.email),
        "petitioner_address": person.address,
    }


def representatives_record(*, petition: Petition, people: list[PersonDraft]) -> list[Representative]:
    """Each representative with their own details; linked to a person only by ID number and name."""
    rows = []
    for seq, rep in enumerate(people, start=1):
        identity = identity_link(person=rep) if rep.id_number else Identity(None, IdentityState.UNLINKED)
        rows.append(
            Representative(
                petition=petition,
                seq=seq,
                name=rep.name,
                id_number=rep.id_number,
                id_number_hash=id_number_hash(rep.id_number),
                phone=rep.phone,
                phone_hash=phone_hash(rep.phone),
                address=rep.address,
                person=identity.person,
            )
        )
    return Representative.objects.bulk_create(rows)


def petition_check(*, draft: PetitionDraft) -> list[RuleDecision]:
    """The rule decisions staff see before confirming a registration."""
    return check_draft(draft.cleaned())


@transaction.atomic
def petition_register(*, draft: PetitionDraft) -> tuple[Petition, list[RuleDecision]]:
    """Register once. ValidationFailed (fields) or RuleViolation (blocking rule) write nothing."""
    actor = draft.registered_by
    if not actor.may(Perm.REGISTER):
        raise PermissionDenied("您无权登记信访事项")
    draft = draft.cleaned()
    earlier = earlier_same_category(draft)
    decisions = check_draft(draft, earlier=earlier)
    blocking = [d for d in decisions if d.severity == BLOCK]
    if blocking:
        raise RuleViolation(blocking[0].message, article=blocking[0].article)
    assert draft.received_at is not None
    identity = identity_link(person=draft.petitioner)
    now = timezone.now()
    payload = {
        "received_on": timezone.localdate(draft.received_at).isoformat(),
        "registered_by_petition_dept": is_petition_department(draft.registered_unit),
        "name_address_unclear": draft.name_address_unclear,
        "major_urgent": draft.major_urgent,
        "channel": draft.channel,
        "source": draft.source or "staff",
        "rule_checks": stored_decisions(decisions, earlier=earlier),
        "identity_state": identity.state,
    }
    # A new petition's one event is known before its row exists: its clocks, and so its next due
    # date, are derived first and written with the row (no UPDATE, no re-read of the log).
    clocks = clocks_derive(
        petition_type=draft.type,
        facts=[EventFact(Act.REGISTER.value, timezone.localdate(now), payload)],
    )
    number, pk = petition_number_next(timezone.localdate(draft.received_at).year)
    petition = Petition(
        pk=pk,
        number=number,
        query_code=query_code_new(),
        status=Status.REGISTERED,
        channel=draft.channel,
        type=draft.type,
        category=draft.category,
        title=draft.title,
        content=draft.content,
        request=draft.request,
        facts=draft.facts,
        reasons=draft.reasons,
        search_text=search_text(draft.title, draft.content),
        **snapshot_fields(draft.petitioner),
        petitioner=identity.person,
        identity_state=identity.state,
        people_count=draft.people_count,
        location_unit=draft.location_unit,
        registered_unit=draft.registered_unit,
        registered_unit_path=draft.registered_unit.path,
        registered_by=actor,
        received_at=draft.received_at,
        current_unit=draft.registered_unit,
        current_unit_path=draft.registered_unit.path,
        accused_unit=draft.accused_unit,
        accused_person=draft.accused_person,
        accused_description=draft.accused_description,
        litigation_related=draft.litigation_related,
        major_urgent=draft.major_urgent,
        is_key_case=key_case_of(major_urgent=draft.major_urgent, people_count=draft.people_count),
        escalation=draft.escalation,
        name_address_unclear=draft.name_address_unclear,
        next_due_on=next_due(clocks),
    )
    register_event = functools.partial(
        event_record,
        petition,
        kind=Act.REGISTER.value,
        actor=actor,
        from_status="",
        to_status=Status.REGISTERED,
        occurred_at=now,
        payload=payload,
    )
    if pk is None:
        petition.save(force_insert=True)
        register_event()
    else:
        # Its id taken with its number, the petition's register event is chained first and the
        # row is written with the chain's head: no UPDATE of the head (PostgreSQL checks the
        # event's foreign key at commit).
        register_event(head_stored=True)
        petition.save(force_insert=True)
    tally_shift(None, petition_values(petition))
    if draft.representatives:
        representatives_record(petition=petition, people=draft.representatives)
    deadlines_refresh(petition, fresh=True, clocks=clocks)
    return petition, decisions
