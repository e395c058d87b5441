"""Lockout after 5 failures for 30 minutes on the web login, the admin and the token endpoint (#12.3).

On the old main, 30 wrong web logins and 50 wrong token requests followed by the right password
succeeded."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import login_verified
from tests.security.conftest import GOOD
from xinfang.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def web_login(client: Client, username: str, password: str, path: str = "/accounts/login/") -> int:
    return client.post(path, {"username": username, "password": password}).status_code


def test_five_wrong_web_logins_lock_the_account_even_for_the_right_password(person) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(4):
        assert web_login(client, person.username, "wrong-Password1") == 200
    assert web_login(client, person.username, "wrong-Password1") == 429
    response = client.post("/accounts/login/", {"username": person.username, "password": GOOD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "账号已锁定 30 分钟" in body and "安全管理员" in body
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT, username=person.username).exists()
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, username=person.username).count()
        >= 5
    )


def test_the_lock_lifts_after_thirty_minutes(person) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(5):
        web_login(client, person.username, "wrong-Password1")
    with time_machine.travel(timezone.now() + timedelta(minutes=29), tick=False):
        assert web_login(Client(), person.username, GOOD) == 429
    # The attempt at minute 29 was refused and counted, so the 30 minutes run from there.
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31), tick=False):
        assert web_login(Client(), person.username, GOOD) == 302


def test_admin_login_counts_and_locks_too(person) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(5):
        web_login(client, person.username, "wrong-Password1", "/admin/login/")
    assert web_login(Client(), person.username, GOOD) == 429


def test_token_endpoint_locks_after_five_failures(person) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    for _ in range(5):
        response = api.post(
            "/api/auth/token/", {"username": person.username, "password": "nope-Nope1"}, format="json"
        )
        assert response.status_code in {401, 429}
    response = api.post("/api/auth/token/", {"username": person.username, "password": GOOD}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "locked" and "锁定" in response.json()["message"]


def test_security_administrator_unlocks(person, security_admin) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        web_login(Client(), person.username, "wrong-Password1")
    admin = login_verified(Client(), security_admin)
    page = admin.get("/security/lockouts/")
    assert page.status_code == 200 and person.username in page.content.decode()
    assert admin.post("/security/lockouts/unlock/", {"username": person.username}).status_code == 302
    assert web_login(Client(), person.username, GOOD) == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.UNLOCKED, username=person.username).exists()


def test_only_the_security_administrator_may_unlock(org, person, audit_admin, superuser) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        web_login(Client(), person.username, "wrong-Password1")
    for user in (org.leader, audit_admin, superuser):
        client = login_verified(Client(), user)
        assert client.post("/security/lockouts/unlock/", {"username": person.username}).status_code == 403
    assert web_login(Client(), person.username, GOOD) == 429
