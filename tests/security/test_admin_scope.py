"""The admin site applies the workbench's visibility (#12.4). On the old main it listed every
检举控告, including one against the admin's own bureau (Art. 30, 46(5))."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import Org, login_verified, person, register, staff
from xinfang.orgs.constants import DataScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def accusation(org: Org):  # type: ignore[no-untyped-def]
    return register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.bureau,
        title="举报信访局干部",
        content="举报区信访局某干部。",
    )


def admin_of_bureau(org: Org, *, superuser: bool):  # type: ignore[no-untyped-def]
    user = staff(org.bureau, scope=DataScope.ALL, is_staff=True, is_superuser=superuser)
    if not superuser:
        user.user_permissions.add(Permission.objects.get(codename="view_petition"))
    return login_verified(Client(), user)


@pytest.mark.parametrize("superuser", [True, False])
def test_an_accusation_against_the_admins_own_bureau_is_not_listed(
    org: Org, accusation, superuser: bool
) -> None:  # type: ignore[no-untyped-def]
    other = register(org, title="普通来信")
    client = admin_of_bureau(org, superuser=superuser)
    listing = client.get("/admin/petitions/petition/").content.decode()
    assert other.number in listing
    assert accusation.number not in listing and "举报信访局干部" not in listing
    assert client.get(f"/admin/petitions/petition/{accusation.pk}/change/").status_code in {302, 404}
    assert client.get(f"/petitions/{accusation.pk}/").status_code == 404  # the workbench agrees


def test_personal_data_is_masked_in_the_admin_without_the_right(org: Org) -> None:
    petition = register(org, petitioner=person(id_number="11010519491231002X", phone="13912345678"))
    client = admin_of_bureau(org, superuser=False)
    page = client.get(f"/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert "110105********002X" in page and "139****5678" in page
    assert "11010519491231002X" not in page and "13912345678" not in page
