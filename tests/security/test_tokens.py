"""Expiring, scoped API tokens (#12.3). On the old main, API tokens never expired."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories import RoleFactory, UserFactory
from tests.security.conftest import GOOD
from xinfang.demo.otp import totp_now
from xinfang.security.models import ApiToken

pytestmark = pytest.mark.django_db


def issue(username: str, **extra: object) -> dict:  # type: ignore[type-arg]
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": GOOD, **extra}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_a_token_expires_and_is_stored_only_as_a_digest(person) -> None:  # type: ignore[no-untyped-def]
    body = issue(person.username, days=7)
    stored = ApiToken.objects.get()
    assert body["token"] not in (stored.digest, stored.prefix) and stored.scopes == ["read"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1), tick=False):
        expired = client.get("/api/me/")
    assert expired.status_code in {401, 403} and "过期" in expired.json()["message"] + str(expired.json())


def test_tokens_never_outlive_ninety_days(person) -> None:  # type: ignore[no-untyped-def]
    response = APIClient().post(
        "/api/auth/token/", {"username": person.username, "password": GOOD, "days": 3650}, format="json"
    )
    assert response.status_code == 400 and "days" in response.json()["fields"]
    issue(person.username)
    assert ApiToken.objects.get().expires_at <= timezone.now() + timedelta(days=30, minutes=1)


def test_a_read_token_cannot_act(org, person) -> None:  # type: ignore[no-untyped-def]
    read = APIClient()
    read.credentials(HTTP_AUTHORIZATION=f"Bearer {issue(person.username)['token']}")
    refused = read.post("/api/petitions/check/", {}, format="json")
    assert refused.status_code == 403 and "write" in refused.json()["message"] + refused.json().get(
        "code", ""
    )
    write = APIClient()
    write.credentials(HTTP_AUTHORIZATION=f"Token {issue(person.username, scopes=['read', 'write'])['token']}")
    assert write.post("/api/petitions/check/", {}, format="json").status_code != 403


def test_revoked_tokens_stop_working(person) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(person.username)['token']}")
    assert client.delete("/api/auth/token/").status_code == 204
    assert client.get("/api/me/").status_code in {401, 403}


def test_accounts_with_a_second_factor_must_send_a_code(org) -> None:  # type: ignore[no-untyped-def]
    leader = UserFactory(username="leader2", unit=org.bureau, roles=[RoleFactory(requires_otp=True)])
    leader.set_password(GOOD)
    leader.save()
    device = TOTPDevice.objects.create(user=leader, name="t", confirmed=True)
    refused = APIClient().post("/api/auth/token/", {"username": "leader2", "password": GOOD}, format="json")
    assert refused.status_code == 401 and refused.json()["code"] == "otp_required"
    assert issue("leader2", otp=totp_now(device))["token"]


def test_wrong_password_is_a_401_in_chinese(person) -> None:  # type: ignore[no-untyped-def]
    response = APIClient().post(
        "/api/auth/token/", {"username": person.username, "password": "x"}, format="json"
    )
    assert response.status_code == 401 and response.json()["message"] == "用户名或密码错误"
