"""Webhook outbox rows for an event, written by the worker (ADR 0014 §9) rather than in the act's request."""

from __future__ import annotations

from django_tasks import task


@task()
def webhooks_enqueue_task(event_id: int) -> int:
    from .webhooks import webhook_enqueue

    return webhook_enqueue(event_id=event_id)
