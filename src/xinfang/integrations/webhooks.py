"""Signed outgoing webhooks for petition state changes.

A committed petition event becomes one outbox row per interested endpoint
(``webhook_enqueue``); ``webhooks_deliver`` (cron: ``xinfang webhooks deliver``)
posts due rows and retries failures with exponential backoff, giving up after
MAX_ATTEMPTS. Payloads carry the number, query-free state and act only: no personal
data, and nothing of an accusation's content (Art. 30 confidentiality).

Signature: header ``X-Xinfang-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
"<t>.<body>" with the endpoint secret>``; receivers recompute it, compare in constant
time and reject timestamps older than a few minutes (see docs/integration.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import TERMINAL, TRANSITIONS, Act, Status
from xinfang.petitions.models import Petition, PetitionEvent

from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_DELAY_SECONDS = 30  # 30 s, 1 min, 2 min … doubling per failed attempt
MAX_DELAY_SECONDS = 6 * 3600
TIMEOUT_SECONDS = 10
LEASE_SECONDS = 5 * TIMEOUT_SECONDS  # a claimed row is left alone this long
SIGNATURE_HEADER = "X-Xinfang-Signature"


# State changes plus the two recorded acts a partner can act on (a longer deadline, the
# petitioner's rating). Internal records stay in: 办理记录, 上传材料, 申请延期, 听证, and
# above all 重大紧急信息报告, whose mere existence is not for another platform.
SHARED_ACTS: frozenset[str] = frozenset(
    {Act.REGISTER, Act.EXTEND, Act.EVALUATE} | {act for act, rule in TRANSITIONS.items() if rule.targets}
)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def signature_valid(
    secret: str, header: str, body: bytes, *, tolerance: int = 300, now: int | None = None
) -> bool:
    """What a receiver does; used by our tests and shown in docs/integration.md."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or int(time.time())) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


def event_payload(event: PetitionEvent, petition: Petition) -> dict[str, Any]:
    confidential = petition.type == PetitionType.ACCUSATION
    return {
        "delivery_kind": "petition.event",
        "petition_number": petition.number,
        "event_seq": event.seq,
        "act": event.kind,
        "act_label": Act(event.kind).label if event.kind in Act.values else event.kind,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "to_status_label": Status(event.to_status).label if event.to_status in Status.values else "",
        # The Open311 view of the same state, for partners that sync service requests.
        "open311_status": "closed" if event.to_status in TERMINAL else "open",
        "occurred_at": timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
        "channel": petition.channel,
        # Category and unit tell a partner where the matter is, but not for accusations.
        "category": "" if confidential else petition.category.code,
        "current_unit": "" if confidential else petition.current_unit.name,
        "confidential": confidential,
    }


def webhook_enqueue(*, event_id: int) -> int:
    """Write one outbox row per active endpoint that wants this event; safe to call twice."""
    event = PetitionEvent.objects.select_related("petition__category", "petition__current_unit").get(
        pk=event_id
    )
    if event.kind not in SHARED_ACTS:
        return 0
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(event.kind)]
    if not endpoints:
        return 0
    payload = event_payload(event, event.petition)
    created = 0
    now = timezone.now()
    for endpoint in endpoints:
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(
                    endpoint=endpoint,
                    event_id=event.pk,
                    delivery_id=f"{endpoint.pk}-{event.pk}",
                    payload=payload,
                    next_attempt_at=now,
                )
            created += 1
        except IntegrityError:
            continue  # already queued
    return created


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps({"id": delivery.delivery_id, **delivery.payload}, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 - admins configure http(s) URLs only (URLField)
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "xinfang-webhooks/1",
            "X-Xinfang-Delivery": delivery.delivery_id,
            SIGNATURE_HEADER: signature(delivery.endpoint.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return None, str(error)[:300]


def _claim(delivery: WebhookDelivery, now: datetime) -> bool:
    """Take the row for one attempt. Overlapping cron runs both see it due, but only one
    moves its ``next_attempt_at`` on from the value read; a run that dies mid-send leaves
    the lease to expire and the row is tried again (at least once, never twice at once)."""
    lease_until = now + timedelta(seconds=LEASE_SECONDS)
    taken = WebhookDelivery.objects.filter(
        pk=delivery.pk, state=WebhookDelivery.State.PENDING, next_attempt_at=delivery.next_attempt_at
    ).update(next_attempt_at=lease_until)
    delivery.next_attempt_at = lease_until
    return taken == 1


def _record(delivery: WebhookDelivery, status: int | None, error: str, report: DeliveryReport) -> None:
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at = WebhookDelivery.State.DELIVERED, timezone.now()
        report.delivered += 1
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state = WebhookDelivery.State.FAILED
        report.failed += 1
        logger.warning("webhook %s gave up after %s attempts", delivery.delivery_id, delivery.attempts)
    else:
        delay = min(BASE_DELAY_SECONDS * 2 ** (delivery.attempts - 1), MAX_DELAY_SECONDS)
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        report.retried += 1
    delivery.save(
        update_fields=["attempts", "last_status", "last_error", "state", "delivered_at", "next_attempt_at"]
    )


def webhooks_deliver(*, limit: int = 200) -> DeliveryReport:
    """Send the due outbox rows once each; a 2xx answer is delivered, anything else retried later."""
    report = DeliveryReport()
    now = timezone.now()
    due = WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
    ).select_related("endpoint")
    for delivery in list(due.order_by("next_attempt_at", "pk")[:limit]):
        if not _claim(delivery, now):
            continue  # another run has it
        status, error = _post(delivery)
        _record(delivery, status, error, report)
    return report


def webhooks_requeue(*, since: datetime) -> int:
    """Queue every event since ``since`` again for the endpoints that lack it (recovery after an
    outage of the listener, or a new endpoint's back-fill). Already queued events are skipped."""
    events = PetitionEvent.objects.filter(occurred_at__gte=since).order_by("pk").values_list("pk", flat=True)
    return sum(webhook_enqueue(event_id=pk) for pk in events.iterator())
