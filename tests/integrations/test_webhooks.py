"""Webhooks: an outbox row per committed event, signed POSTs to a real local server, retries, no repeats."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.factories import _dispatch, build_org, register
from xinfang.integrations.models import WebhookDelivery, WebhookEndpoint
from xinfang.integrations.webhooks import SIGNATURE_HEADER, signature, signature_valid, webhooks_deliver
from xinfang.petitions import services

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self.fail_next = 0
        self.delay = 0.0

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(500)
                else:
                    receiver.bodies.append(body)
                    receiver.headers.append(dict(self.headers))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), state.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_events_are_queued_signed_and_delivered_once(receiver: tuple[Receiver, str]) -> None:
    state, url = receiver
    WebhookEndpoint.objects.create(name="12345", url=url, secret="s3cret")
    org = build_org()
    petition = register(org)
    _dispatch(org, petition)
    assert WebhookDelivery.objects.count() == 2

    report = webhooks_deliver()
    assert report.delivered == 2 and len(state.bodies) == 2
    first = json.loads(state.bodies[0])
    assert first["petition_number"] == petition.number and first["act"] == "register"
    assert first["open311_status"] == "open" and first["occurred_at"].endswith("+08:00")
    assert first["id"] == state.headers[0]["X-Xinfang-Delivery"]  # receivers dedupe on it
    text = state.bodies[0].decode()
    assert petition.petitioner_name not in text and petition.petitioner_phone not in text
    header = state.headers[0][SIGNATURE_HEADER]
    assert signature_valid("s3cret", header, state.bodies[0])
    assert not signature_valid("other", header, state.bodies[0])
    assert not signature_valid("s3cret", header, state.bodies[0] + b" ")  # body altered
    stamp = int(header.split(",")[0][2:])
    assert not signature_valid("s3cret", header, state.bodies[0], now=stamp + 301)  # replayed late
    # The documented recipe, recomputed by hand as a receiver in another language would:
    expected = hmac.new(b"s3cret", f"{stamp}.".encode() + state.bodies[0], hashlib.sha256).hexdigest()
    assert header == f"t={stamp},v1={expected}" == signature("s3cret", stamp, state.bodies[0])

    call_command("webhooks", "deliver")  # running again sends nothing twice
    assert len(state.bodies) == 2


def test_failures_are_retried_with_backoff_then_given_up(receiver: tuple[Receiver, str]) -> None:
    state, url = receiver
    WebhookEndpoint.objects.create(name="hotline", url=url, secret="k")
    org = build_org()
    register(org)
    state.fail_next = 1
    assert webhooks_deliver().retried == 1
    delivery = WebhookDelivery.objects.get()
    assert (
        delivery.attempts == 1 and delivery.last_status == 500 and delivery.next_attempt_at > timezone.now()
    )
    assert webhooks_deliver().retried == 0  # not due yet
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert webhooks_deliver().delivered == 1 and len(state.bodies) == 1

    register(org)
    WebhookDelivery.objects.filter(state="pending").update(attempts=7)
    state.fail_next = 1
    assert webhooks_deliver().failed == 1
    assert WebhookDelivery.objects.filter(state="failed").count() == 1


def test_accusations_carry_no_category_or_unit() -> None:
    WebhookEndpoint.objects.create(name="x", url="http://127.0.0.1:9/", secret="k")
    org = build_org()
    register(org, category=org.categories["accusation"], accused_description="某单位")
    payload = WebhookDelivery.objects.get().payload
    assert payload["confidential"] is True and payload["category"] == "" and payload["current_unit"] == ""


def test_endpoint_event_filter() -> None:
    WebhookEndpoint.objects.create(
        name="only dispatch", url="http://127.0.0.1:9/", secret="k", kinds=["dispatch"]
    )
    org = build_org()
    petition = register(org)
    assert not WebhookDelivery.objects.exists()
    _dispatch(org, petition)
    assert WebhookDelivery.objects.get().payload["act"] == "dispatch"


def test_internal_records_are_not_shared() -> None:
    WebhookEndpoint.objects.create(name="all", url="http://127.0.0.1:9/", secret="k")
    org = build_org()
    petition = register(org)
    services.petition_report_major(
        petition=petition,
        actor=org.registrar,
        recipient="party_government",
        reported_to="区委",
        summary="群体",
    )
    assert list(WebhookDelivery.objects.values_list("payload__act", flat=True)) == ["register"]


def test_overlapping_runs_send_each_delivery_once(receiver: tuple[Receiver, str]) -> None:
    state, url = receiver
    state.delay = 0.2  # slow partner: both cron runs see the same due rows
    WebhookEndpoint.objects.create(name="slow", url=url, secret="k")
    org = build_org()
    for _ in range(3):
        register(org)

    def run() -> None:
        try:
            webhooks_deliver()
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    ids = [json.loads(body)["id"] for body in state.bodies]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert set(WebhookDelivery.objects.values_list("attempts", flat=True)) == {1}


def test_requeue_fills_in_events_the_listener_missed(receiver: tuple[Receiver, str]) -> None:
    state, url = receiver
    org = build_org()
    before = register(org)  # no endpoint yet: nothing queued
    WebhookEndpoint.objects.create(name="late", url=url, secret="k")
    after = register(org)
    assert WebhookDelivery.objects.count() == 1
    call_command("webhooks", "requeue", "--since", timezone.localdate().isoformat())
    call_command("webhooks", "requeue", "--since", timezone.localdate().isoformat())  # idempotent
    assert WebhookDelivery.objects.count() == 2
    call_command("webhooks", "deliver")
    numbers = [json.loads(body)["petition_number"] for body in state.bodies]
    assert sorted(numbers) == sorted([before.number, after.number])
