"""Verification of the SM3 event chains: recompute every hash and compare with the chain head."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xinfang.petitions.events import GENESIS, chain_hash
from xinfang.petitions.models import Petition, PetitionEvent

BATCH = 2000


@dataclass(frozen=True)
class ChainProblem:
    petition_id: int
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"petition {self.petition_id} event {self.seq}: {self.problem}"


def _verify_one(
    petition_id: int, count: int, head: str, status: str, events: list[PetitionEvent]
) -> Iterator[ChainProblem]:
    prev = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            yield ChainProblem(petition_id, expected_seq, "missing (sequence gap)")
            return
        if event.prev_hash != prev:
            yield ChainProblem(petition_id, event.seq, "broken link to previous event")
        digest = chain_hash(
            petition_id=petition_id,
            seq=event.seq,
            kind=event.kind,
            actor_id=event.actor_id,
            occurred_at=event.occurred_at,
            from_status=event.from_status,
            to_status=event.to_status,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
        if digest != event.hash:
            yield ChainProblem(petition_id, event.seq, "content altered (hash mismatch)")
        prev = event.hash
    if len(events) != count or prev != (head or GENESIS):
        yield ChainProblem(petition_id, len(events) + 1, "chain head mismatch (event deleted or appended)")
    elif events and events[-1].to_status and events[-1].to_status != status:
        # The state is derived from the acts; a row edited past the services shows up here.
        yield ChainProblem(petition_id, len(events), "petition status differs from its last event")


def chain_verify() -> Iterator[ChainProblem]:
    """Every problem in every petition's chain, petition by petition, in bounded memory."""
    last_id = 0
    while True:
        heads = list(
            Petition.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "event_count", "last_event_hash", "status")[:BATCH]
        )
        if not heads:
            return
        last_id = heads[-1][0]
        by_petition: dict[int, list[PetitionEvent]] = {pk: [] for pk, _, _, _ in heads}
        for event in PetitionEvent.objects.filter(petition_id__in=by_petition).order_by("petition_id", "seq"):
            by_petition[event.petition_id].append(event)
        for pk, count, head, status in heads:
            yield from _verify_one(pk, count, head, status, by_petition[pk])
