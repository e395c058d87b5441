"""The SM3 event chain detects altered, deleted and inserted rows."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import Org, petition_in
from xinfang.audit.verify import chain_verify
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import PetitionEvent


@pytest.fixture
def chain(org: Org):  # type: ignore[no-untyped-def]
    petition_in(org, Status.REGISTERED)
    return petition_in(org, Status.ANSWERED)


def problems() -> list[str]:
    return [p.problem for p in chain_verify()]


def test_intact_chain_verifies(chain, capsys) -> None:  # type: ignore[no-untyped-def]
    assert problems() == []
    call_command("audit", "verify")
    assert "审计校验通过" in capsys.readouterr().out


def test_altered_payload_detected(chain) -> None:  # type: ignore[no-untyped-def]
    event = chain.events.get(kind="reply")
    PetitionEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "outcome": "support"})
    assert problems() == ["content altered (hash mismatch)"]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_altered_actor_or_time_detected(chain, org: Org) -> None:  # type: ignore[no-untyped-def]
    event = chain.events.get(kind="dispatch")
    PetitionEvent.objects.filter(pk=event.pk).update(actor=org.leader)
    assert "content altered (hash mismatch)" in problems()


def test_rehashed_forgery_breaks_the_next_link(chain) -> None:  # type: ignore[no-untyped-def]
    from xinfang.petitions.events import chain_hash

    event = chain.events.get(kind="accept")
    payload = {"notice": "伪造"}
    forged = chain_hash(
        petition_id=event.petition_id,
        seq=event.seq,
        kind=event.kind,
        actor_id=event.actor_id,
        occurred_at=event.occurred_at,
        from_status=event.from_status,
        to_status=event.to_status,
        payload=payload,
        prev_hash=event.prev_hash,
    )
    PetitionEvent.objects.filter(pk=event.pk).update(payload=payload, hash=forged)
    assert problems() == ["broken link to previous event"]


def test_deleted_middle_event_detected(chain) -> None:  # type: ignore[no-untyped-def]
    chain.events.filter(kind="sign").delete()
    assert problems() == ["missing (sequence gap)"]


def test_deleted_last_event_detected(chain) -> None:  # type: ignore[no-untyped-def]
    chain.events.order_by("-seq").first().delete()  # the opinion's on-the-spot 送达
    assert problems() == ["chain head mismatch (event deleted or appended)"]


def test_status_edited_past_the_services_detected(chain) -> None:  # type: ignore[no-untyped-def]
    from xinfang.petitions.models import Petition

    Petition.objects.filter(pk=chain.pk).update(status="closed")
    assert problems() == ["petition status differs from its last event"]
