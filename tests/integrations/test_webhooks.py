"""Webhooks: an outbox row per committed event, signed POSTs to a real local server, retries, no repeats."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import _dispatch, build_org, register
from xinfang.integrations.models import WebhookDelivery, WebhookEndpoint
from xinfang.integrations.webhooks import SIGNATURE_HEADER, signature_valid, webhooks_deliver

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        self.fail_next = 0

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
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
    server = HTTPServer(("127.0.0.1", 0), state.handler())
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
    assert "petitioner" not in first and "张" not in state.bodies[0].decode()
    assert signature_valid("s3cret", state.headers[0][SIGNATURE_HEADER], state.bodies[0])
    assert not signature_valid("other", state.headers[0][SIGNATURE_HEADER], state.bodies[0])

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
