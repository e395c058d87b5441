"""TOTP second factor: required for administrators and bureau leaders, optional for others (#12.3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import RoleFactory, UserFactory
from tests.security.conftest import GOOD
from xinfang.demo.otp import totp_now
from xinfang.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def password_login(username: str, password: str = GOOD) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302
    return client


def make_user(**kwargs):  # type: ignore[no-untyped-def]
    user = UserFactory(**kwargs)
    user.set_password(GOOD)
    user.save()
    return user


def test_an_administrator_enrols_then_reaches_the_admin_only_with_a_code() -> None:
    admin = make_user(username="root", is_staff=True, is_superuser=True)
    client = password_login("root")
    blocked = client.get("/admin/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/security/otp/")
    page = client.get("/security/otp/")
    assert "绑定" in page.content.decode() and "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = client.post(
        "/security/otp/", {"otp_token": "000000" if totp_now(device) != "000000" else "111111"}
    )
    assert "动态口令不正确" in wrong.content.decode()
    device.refresh_from_db()
    # A failure throttles the device for a moment (django-otp), as it would an attacker.
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):
        done = client.post("/security/otp/", {"otp_token": totp_now(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=admin).confirmed
    kinds = set(SecurityEvent.objects.filter(user=admin).values_list("kind", flat=True))
    assert {
        SecurityEventKind.OTP_ENROLLED,
        SecurityEventKind.OTP_VERIFIED,
        SecurityEventKind.OTP_FAILED,
    } <= kinds


def test_a_leader_role_requires_a_code(org) -> None:  # type: ignore[no-untyped-def]
    leader_role = RoleFactory(requires_otp=True)
    leader = make_user(username="juzhang2", unit=org.bureau, roles=[leader_role])
    device = TOTPDevice.objects.create(user=leader, name="t", confirmed=True)
    client = password_login("juzhang2")
    assert client.get("/petitions/")["Location"].startswith("/security/otp/")
    assert client.get("/api/me/").json()["code"] == "otp_required"
    client.post("/security/otp/", {"otp_token": totp_now(device)})
    assert client.get("/petitions/").status_code == 200


def test_other_staff_need_no_code(org) -> None:  # type: ignore[no-untyped-def]
    make_user(username="handler9", unit=org.housing, roles=[RoleFactory()])
    assert password_login("handler9").get("/").status_code == 200


def test_demo_otp_command_prints_a_working_code(capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import ensure_dictionaries
    from xinfang.demo.org import DEMO_PASSWORD, demo_org_setup

    ensure_dictionaries()
    demo_org_setup()
    call_command("demo", "otp", "juzhang")
    out = capsys.readouterr().out
    code = out.split("当前动态口令：")[1][:6]
    client = password_login("juzhang", DEMO_PASSWORD)
    assert client.post("/security/otp/", {"otp_token": code}).status_code == 302
    assert client.get("/petitions/").status_code == 200
