"""Idle timeout (default 30 minutes) and an absolute session lifetime (8 hours) (#12.3).
On the old main sessions lasted 14 days with no idle timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.security.conftest import GOOD
from xinfang.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def signed_in(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.post("/accounts/login/", {"username": person.username, "password": GOOD}).status_code == 302
    return client


def test_defaults() -> None:
    assert settings.XINFANG_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_idle_for_thirty_one_minutes_signs_out(person) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(person)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and "expired=idle" in response["Location"]
        assert "_auth_user_id" not in client.session
        assert client.get("/api/me/").status_code in {401, 403}
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_EXPIRED, user=person).exists()


def test_an_active_session_still_ends_after_eight_hours(person) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(person)
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=8, minutes=5), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and "expired=absolute" in response["Location"]


def test_expired_session_on_the_api_is_json(person) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(person)
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        response = client.get("/api/me/")
        assert response.status_code == 401 and response.json()["code"] == "session_expired"
