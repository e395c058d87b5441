"""Password rules (等保三级 8.1.4.1 a): complexity, not the user name, history, expiry, initial
passwords changed at first login. On the old main `12345678` was an accepted password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.security.conftest import GOOD
from xinfang.orgs.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    ["12345678", "abcdefghijkl", "abcdefgh1234", "Short1!", "Abc12345", "zhangsan#2026A"],
)
def test_weak_passwords_are_refused(password: str) -> None:
    user = UserFactory(username="zhangsan")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_strong_password_passes() -> None:
    validate_password(GOOD, UserFactory(username="lisi"))


def test_the_last_five_passwords_cannot_come_back(person) -> None:  # type: ignore[no-untyped-def]
    history = [f"Qingxi#Round{n}x" for n in range(1, 6)]
    for password in history:
        validate_password(password, person)
        person.set_password(password)
        person.save()
    for reused in [
        *history,
    ]:
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(reused, person)
    validate_password(GOOD, person)  # six changes ago: allowed again


def test_an_initial_password_must_be_changed_at_first_login(person) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk=person.pk).update(must_change_password=True)
    client = Client()
    assert client.post("/accounts/login/", {"username": person.username, "password": GOOD}).status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/security/password/")
    assert "初始密码" in client.get("/security/password/").content.decode()
    refused = client.post(
        "/security/password/",
        {"old_password": GOOD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert refused.status_code == 200 and "至少 3 类" in refused.content.decode()
    new = "Changed#Password2026"
    done = client.post(
        "/security/password/", {"old_password": GOOD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password and person.check_password(new)
    assert client.get("/").status_code == 200


def test_an_expired_password_must_be_changed(person, settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.XINFANG_PASSWORD_MAX_AGE_DAYS == 90
    User.objects.filter(pk=person.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    client.post("/accounts/login/", {"username": person.username, "password": GOOD})
    response = client.get("/petitions/")
    assert response.status_code == 302 and response["Location"].startswith("/security/password/")
    assert "90 天有效期" in client.get("/security/password/").content.decode()
    User.objects.filter(pk=person.pk).update(password_changed_at=timezone.now() - timedelta(days=89))
    assert client.get("/").status_code == 200


def test_api_calls_with_an_initial_password_session_get_json(person) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(pk=person.pk).update(must_change_password=True)
    client = Client()
    client.post("/accounts/login/", {"username": person.username, "password": GOOD})
    response = client.get("/api/me/")
    assert response.status_code == 403 and response.json()["code"] == "password_change_required"


def test_a_password_set_by_the_administrator_is_initial(superuser) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import login_verified

    client = login_verified(Client(), superuser)
    response = client.post(
        "/admin/orgs/user/add/",
        {
            "username": "newstaff",
            "password1": "Initial#Pass2026",
            "password2": "Initial#Pass2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="newstaff").must_change_password


def test_demo_accounts_comply_and_are_not_initial() -> None:
    from tests.factories import ensure_dictionaries
    from xinfang.demo.org import DEMO_PASSWORD, demo_org_setup

    ensure_dictionaries()
    org = demo_org_setup()
    for login in org.logins:
        user = User.objects.get(username=login.username)
        validate_password(DEMO_PASSWORD, User(username=user.username))
        assert not user.must_change_password
        assert user.check_password(DEMO_PASSWORD)
