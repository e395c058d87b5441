from typing import Any

from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "xinfang.integrations"
    label = "integrations"
    verbose_name = "平台对接"

    def ready(self) -> None:
        from xinfang.petitions.signals import petition_event_committed

        petition_event_committed.connect(_enqueue_webhooks, dispatch_uid="integrations-webhooks")


def _enqueue_webhooks(*, event_id: int, **_: Any) -> None:
    """Outbox rows for the event's subscribers (already in the worker's dispatch task)."""
    from .webhooks import webhook_enqueue

    webhook_enqueue(event_id=event_id)
