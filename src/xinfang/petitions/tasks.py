"""Work after a committed act, run by the worker (ADR 0014 §9), not inside the request that took it."""

from __future__ import annotations

from django_tasks import task

from .signals import event_committed_send


@task()
def petition_event_dispatch(
    *, petition_id: int, event_id: int, seq: int, kind: str, from_status: str, to_status: str
) -> None:
    """Send ``petition_event_committed`` for one event: its listeners (duplicate index and risk,
    webhook outbox, queue notifications) run here, so an act's request writes one task row."""
    event_committed_send(
        petition_id=petition_id,
        event_id=event_id,
        seq=seq,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
    )
