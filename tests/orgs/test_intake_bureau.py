"""Online intake reaches a registrar (ADR 0014 §1, issue #11.1): portal and Open311 petitions are
registered into the petition bureau that serves the place, appear there as 网上, and are
转送/交办 like any other."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import ALL_PERMS, Org, UnitFactory, portal_form, staff
from tests.open311.conftest import valid_post
from xinfang.open311.services import api_client_issue
from xinfang.orgs.constants import AdminLevel, UnitKind
from xinfang.orgs.models import IntakeRoute, Unit
from xinfang.orgs.selectors import intake_bureau_for
from xinfang.petitions import services
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to, petitions_without_owner
from xinfang.petitions.services import online_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_bureau(org: Org) -> Unit:
    return UnitFactory(name="市信访局", kind=UnitKind.PETITION_BUREAU, level=AdminLevel.CITY, parent=org.city)


def test_the_default_is_the_district_bureau_of_the_place(org: Org, city_bureau: Unit) -> None:
    assert intake_bureau_for(org.community_a) == org.bureau  # the nearest, not the city's
    assert intake_bureau_for(org.street_b, org.categories["housing"]) == org.bureau
    assert intake_bureau_for(org.city) == city_bureau
    assert intake_bureau_for(org.bureau) == org.bureau


def test_the_admin_table_overrides_by_area_then_category(org: Org, city_bureau: Unit) -> None:
    housing = org.categories["housing"]
    IntakeRoute.objects.create(area=org.street_a, bureau=city_bureau)
    assert intake_bureau_for(org.community_a) == city_bureau  # a row for an area above the place
    assert intake_bureau_for(org.community_b) == org.bureau  # another street keeps the default
    other = UnitFactory(name="第二信访局", kind=UnitKind.PETITION_BUREAU, parent=org.district)
    IntakeRoute.objects.create(area=org.street_a, category=housing, bureau=other)
    assert intake_bureau_for(org.community_a, housing) == other  # same area: the category row wins
    assert intake_bureau_for(org.community_a, org.categories["labour"]) == city_bureau
    IntakeRoute.objects.create(area=org.community_a, bureau=org.bureau)
    assert intake_bureau_for(org.community_a, housing) == org.bureau  # the nearer area wins
    Unit.objects.filter(pk=org.bureau.pk).update(is_active=False)
    assert intake_bureau_for(org.community_a, housing) == other  # an inactive bureau is skipped


def _reaches_the_registrar(org: Org, petition: Petition, bureau: Unit, source: str) -> None:
    assert petition.channel == Channel.ONLINE and petition.status == Status.REGISTERED
    assert petition.registered_unit == petition.current_unit == bureau
    event = petition.events.get(kind=Act.REGISTER)
    assert event.actor == online_account() and event.payload["source"] == source
    registrar = org.registrar if bureau == org.bureau else None
    if registrar is not None:
        listed = petitions_filter(
            petitions_visible_to(registrar), channel=Channel.ONLINE, status=Status.REGISTERED
        )
        assert petition in listed
        assert Act.DISPATCH in acts_available(registrar, petition)
        dispatched = services.petition_dispatch(
            petition=petition, actor=registrar, to_unit=org.street_a, mode="transfer"
        )
        assert dispatched.status == Status.DISPATCHED and dispatched.current_unit == org.street_a
    assert not petitions_without_owner().exists()


def test_a_portal_petition_is_registered_into_the_bureau_and_dispatched(org: Org, city_bureau: Unit) -> None:
    cache.clear()
    response = Client().post("/portal/submit/", portal_form(org), follow=True)
    assert response.status_code == 200
    _reaches_the_registrar(org, Petition.objects.get(), org.bureau, "portal")


def test_an_open311_request_is_registered_into_the_bureau_and_dispatched(org: Org, city_bureau: Unit) -> None:
    cache.clear()
    _client, key = api_client_issue(name="12345热线")
    response = Client().post("/open311/v2/requests.json", valid_post(key))
    assert response.status_code in (200, 201), response.content.decode()
    _reaches_the_registrar(org, Petition.objects.get(), org.bureau, "open311")


def test_a_routed_area_sends_online_petitions_to_the_configured_bureau(org: Org, city_bureau: Unit) -> None:
    cache.clear()
    IntakeRoute.objects.create(area=org.district, bureau=city_bureau)
    staff(city_bureau, perms=ALL_PERMS)  # a registrar works there, so the petition is not orphaned
    assert Client().post("/portal/submit/", portal_form(org), follow=True).status_code == 200
    _reaches_the_registrar(org, Petition.objects.get(), city_bureau, "portal")
