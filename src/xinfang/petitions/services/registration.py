"""登记 (Art. 19, 21, 22): record a petition from any channel, once, with its rule checks."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import PermissionDenied, RuleViolation
from xinfang.orgs.constants import Perm

from ..drafts import PersonDraft, PetitionDraft
from ..identity import id_number_hash, phone_hash
from ..lifecycle import Act, Status
from ..models import Petition, Petitioner, Sequence
from ..rules import BLOCK, RuleDecision, check_draft, is_petition_department
from ..search import search_text
from .core import deadlines_refresh, event_record

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(10))


def petition_number_next(year: int) -> str:
    name = f"petition-{year}"
    Sequence.objects.get_or_create(name=name)
    sequence = Sequence.objects.select_for_update().get(name=name)
    sequence.value += 1
    sequence.save(update_fields=["value"])
    return f"{settings.XINFANG_NUMBER_PREFIX}{year}{sequence.value:08d}"


def petitioner_resolve(*, person: PersonDraft) -> Petitioner:
    """The existing petitioner with this ID number (or name and phone), else a new one."""
    existing = None
    if person.id_number:
        existing = Petitioner.objects.filter(id_number_hash=id_number_hash(person.id_number)).first()
    if existing is None and person.phone:
        existing = Petitioner.objects.filter(phone_hash=phone_hash(person.phone), name=person.name).first()
    if existing is not None:
        changed = False
        for attr in ("phone", "address"):
            if getattr(person, attr) and getattr(existing, attr) != getattr(person, attr):
                setattr(existing, attr, getattr(person, attr))
                changed = True
        if changed:
            existing.phone_hash = phone_hash(existing.phone)
            existing.save()
        return existing
    return Petitioner.objects.create(
        kind=person.kind,
        name=person.name,
        id_number=person.id_number,
        id_number_hash=id_number_hash(person.id_number),
        phone=person.phone,
        phone_hash=phone_hash(person.phone),
        address=person.address,
    )


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
    decisions = check_draft(draft)
    blocking = [d for d in decisions if d.severity == BLOCK]
    if blocking:
        raise RuleViolation(blocking[0].message, article=blocking[0].article)
    assert draft.received_at is not None
    petition = Petition.objects.create(
        number=petition_number_next(timezone.localdate(draft.received_at).year),
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
        petitioner=petitioner_resolve(person=draft.petitioner),
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
        escalation=draft.escalation,
        name_address_unclear=draft.name_address_unclear,
    )
    if draft.representatives:
        petition.representatives.set([petitioner_resolve(person=rep) for rep in draft.representatives])
    event_record(
        petition,
        kind=Act.REGISTER.value,
        actor=actor,
        from_status="",
        to_status=Status.REGISTERED,
        occurred_at=timezone.now(),
        payload={
            "received_on": timezone.localdate(draft.received_at).isoformat(),
            "registered_by_petition_dept": is_petition_department(draft.registered_unit),
            "name_address_unclear": draft.name_address_unclear,
            "major_urgent": draft.major_urgent,
            "channel": draft.channel,
            "source": draft.source or "staff",
            "rule_checks": [d.as_dict() for d in decisions],
        },
    )
    deadlines_refresh(petition)
    return petition, decisions
