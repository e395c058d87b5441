"""No orphans (ADR 0014 §1, issue #11.1): no open petition waits at a unit where no active user can
take an act allowed now. ``petitions_without_owner`` finds them and ``xinfang doctor`` reports them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import Org, UnitFactory, petition_in, portal_form, register, staff, valid_id
from tests.open311.conftest import valid_post
from tests.portal.conftest import open_matter
from xinfang.open311.services import api_client_issue
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_without_owner

pytestmark = pytest.mark.django_db


def move(petition: Petition, unit: Unit) -> None:
    """Test set-up: the petition sits at ``unit`` (the counters recounted, as after an import)."""
    Petition.objects.filter(pk=petition.pk).update(current_unit=unit, current_unit_path=unit.path)
    call_command("tally", "rebuild", stdout=StringIO())


def doctor() -> str:
    out = StringIO()
    call_command("doctor", stdout=out)
    return out.getvalue()


def test_a_petition_at_a_unit_without_users_is_an_orphan_and_the_doctor_says_so(org: Org) -> None:
    empty = UnitFactory(name="无人单位", kind=UnitKind.DEPARTMENT, parent=org.district)
    petition = petition_in(org, Status.DISPATCHED)
    move(petition, empty)
    assert list(petitions_without_owner()) == [petition]
    out = StringIO()
    with pytest.raises(CommandError, match="体检发现 1 个问题"):
        call_command("doctor", stdout=out)
    assert petition.number in out.getvalue() and "无人单位" in out.getvalue()
    # A user without any act allowed here (no permission) does not own it either.
    idle = staff(empty, perms=[])
    assert list(petitions_without_owner()) == [petition]
    idle.delete()
    clerk = staff(empty)
    assert not petitions_without_owner().exists()
    User.objects.filter(pk=clerk.pk).update(is_active=False)  # an inactive account owns nothing
    assert list(petitions_without_owner()) == [petition]


def test_closed_petitions_are_never_orphans(org: Org) -> None:
    petition = petition_in(org, Status.NOT_ACCEPTED)
    empty = UnitFactory(name="撤销单位", parent=org.district)
    move(petition, empty)
    assert not petitions_without_owner().exists()
    assert "体检通过" in doctor()


@pytest.mark.parametrize("status", sorted(Status), ids=[s.value for s in sorted(Status)])
def test_the_staff_chain_leaves_no_orphans(org: Org, status: Status) -> None:
    petition_in(org, status)
    register(org)
    assert not petitions_without_owner().exists()


def test_every_portal_and_open311_path_leaves_no_orphans(org: Org) -> None:
    cache.clear()
    # The online service account sits in the city's bureau, where nobody works: the petitions
    # must still reach the district bureau of the place.
    UnitFactory(name="市信访局", kind=UnitKind.PETITION_BUREAU, parent=org.city, level=2)
    client = Client()
    assert client.post("/portal/submit/", portal_form(org), follow=True).status_code == 200
    assert not petitions_without_owner().exists()
    suggestion = portal_form(
        org, category=org.categories["suggestion"].pk, title="增设公交线路", request="增设社区微循环公交"
    )
    assert client.post("/portal/suggest/", suggestion, follow=True).status_code == 200
    assert not petitions_without_owner().exists()
    # Email only (issue #15.2).
    email_only = portal_form(org, phone="", email="lisi@example.cn", id_number=valid_id(12), name="李五")
    assert client.post("/portal/submit/", email_only, follow=True).status_code == 200
    assert not petitions_without_owner().exists()
    _c, key = api_client_issue(name="12345热线")
    assert client.post("/open311/v2/requests.json", valid_post(key)).status_code in (200, 201)
    assert client.post(
        "/open311/v2/requests.json",
        valid_post(key, phone="", email="wang@example.cn", description="路灯不亮"),
    ).status_code in (200, 201)
    assert not petitions_without_owner().exists()
    # The petitioner adds material on their own matter: still owned.
    petition = Petition.objects.order_by("pk").first()
    assert petition is not None
    open_matter(client, petition)
    assert not petitions_without_owner().exists()
    assert "体检通过" in doctor()
