"""Outbound delivery of notifications beyond the app (email, SMS gateways).

``settings.XINFANG_NOTIFICATION_SENDER`` names a callable taking one
``Notification``; unset means in-app only. ``email_sender`` uses Django's mail
settings. A deployment with an SMS gateway points the setting at its own callable.
Delivery runs after commit and never undoes a notification: a failing gateway
is logged, the in-app message stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notification

logger = logging.getLogger(__name__)

Sender = Callable[[Notification], None]


def null_sender(notification: Notification) -> None:
    """In-app only."""


def email_sender(notification: Notification) -> None:
    address = notification.recipient.email
    if not address:
        return
    body = notification.body
    if notification.link:
        body += f"\n\n详情：{notification.link}"
    send_mail(f"【智慧信访】{notification.title}", body, None, [address])


def current_sender() -> Sender:
    path = getattr(settings, "XINFANG_NOTIFICATION_SENDER", "") or ""
    return import_string(path) if path else null_sender


def deliver(notification_ids: Iterable[int]) -> int:
    """Hand each notification to the configured sender; returns how many it accepted."""
    sender = current_sender()
    if sender is null_sender:
        return 0
    sent = 0
    for notification in Notification.objects.filter(pk__in=list(notification_ids)).select_related(
        "recipient"
    ):
        try:
            sender(notification)
            sent += 1
        except Exception:  # a gateway outage must not lose the in-app message or stop the others
            logger.exception("notification %s not delivered", notification.pk)
    return sent
