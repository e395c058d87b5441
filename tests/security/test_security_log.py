"""The security log (logins, failures, lockouts, logouts, role and permission changes), read and
exported only by the audit administrator; 三员分立 keeps role changes and log reading apart.
On the old main, logins and failures were not logged at all."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from tests.factories import RoleFactory, login_verified, staff
from tests.security.conftest import GOOD
from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.constants import DataScope, Perm
from xinfang.security.models import SecurityEvent
from xinfang.security.models import SecurityEventKind as K

pytestmark = pytest.mark.django_db


def kinds_for(username: str) -> set[str]:
    return set(SecurityEvent.objects.filter(username=username).values_list("kind", flat=True))


def test_logins_failures_lockouts_and_logouts_are_recorded(person) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.post("/accounts/login/", {"username": person.username, "password": "bad"})
    client.post("/accounts/login/", {"username": person.username, "password": GOOD})
    client.post("/accounts/logout/")
    for _ in range(5):
        Client().post(
            "/accounts/login/", {"username": person.username, "password": "bad"}, REMOTE_ADDR="10.1.2.3"
        )
    assert {K.LOGIN, K.LOGIN_FAILED, K.LOGOUT, K.LOCKED_OUT} <= kinds_for(person.username)
    failure = SecurityEvent.objects.filter(kind=K.LOGIN_FAILED, ip="10.1.2.3").first()
    assert failure is not None and failure.channel == "web"
    assert GOOD not in str(list(SecurityEvent.objects.values_list("detail", flat=True)))


def test_role_and_permission_changes_are_recorded(org, person) -> None:  # type: ignore[no-untyped-def]
    role = RoleFactory(permissions=["register"])
    person.roles.add(role)
    role.permissions = ["register", "dispatch"]
    role.save()
    person.is_staff = True
    person.save()
    assert K.ROLE_CHANGED in kinds_for(person.username)
    assert SecurityEvent.objects.filter(kind=K.PERMISSION_CHANGED, detail__role=role.key).exists()
    assert SecurityEvent.objects.filter(
        kind=K.ACCOUNT_CHANGED, user=person, detail__changes__is_staff=[False, True]
    ).exists()


def test_only_the_audit_administrator_reads_and_exports(
    org, person, audit_admin, security_admin, superuser
) -> None:  # type: ignore[no-untyped-def]
    Client().post("/accounts/login/", {"username": '=HYPERLINK("http://x")', "password": "bad"})
    for user in (person, security_admin, superuser, org.leader):
        assert login_verified(Client(), user).get("/security/log/").status_code == 403
    auditor = login_verified(Client(), audit_admin)
    page = auditor.get("/security/log/")
    assert page.status_code == 200 and "登录失败" in page.content.decode()
    export = auditor.get("/security/log/", {"format": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x")' in values  # never a live formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    csv_export = auditor.get("/security/log/", {"format": "csv", "kind": "login_failed"})
    assert "登录失败" in csv_export.content.decode("utf-8-sig")
    assert SecurityEvent.objects.filter(kind=K.LOG_EXPORTED, actor=audit_admin).count() == 2
    assert SecurityEvent.objects.filter(kind=K.ACCESS_DENIED, user=superuser).exists()


def test_no_account_both_changes_roles_and_reads_the_log(org, audit_admin, superuser) -> None:  # type: ignore[no-untyped-def]
    admin_role = RoleFactory(permissions=[str(Perm.ADMIN)], data_scope=DataScope.SELF)
    with pytest.raises(ValidationFailed, match="三员分立"), transaction.atomic():
        audit_admin.roles.add(admin_role)
    audit_role = audit_admin.roles.get()
    with pytest.raises(ValidationFailed, match="三员分立"), transaction.atomic():
        superuser.roles.add(audit_role)
    with pytest.raises(ValidationFailed, match="三员分立"), transaction.atomic():
        RoleFactory(permissions=[str(Perm.ADMIN), str(Perm.AUDIT_LOG)])
    audit_admin.is_superuser = True
    with pytest.raises(ValidationFailed, match="三员分立"), transaction.atomic():
        audit_admin.save()
    audit_admin.refresh_from_db()
    assert not audit_admin.is_superuser and list(audit_admin.roles.all()) == [audit_role]


def test_the_admin_form_refuses_mixed_duties(org, superuser, audit_admin) -> None:  # type: ignore[no-untyped-def]
    client = login_verified(Client(), superuser)
    audit_role = audit_admin.roles.get()
    target = staff(org.bureau, perms=[str(Perm.ADMIN)])
    admin_role = target.roles.get()
    response = client.post(
        f"/admin/orgs/user/{target.pk}/change/",
        {
            "username": target.username,
            "roles": [admin_role.pk, audit_role.pk],
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "must_change_password": "",
        },
    )
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert set(target.roles.all()) == {admin_role}
