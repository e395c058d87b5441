"""Art. 35: 复查 goes to the organ one level above the one that issued the 处理意见书 (ADR 0014 §2).

A street office's opinion is reviewed by the district people's government; a city two levels up,
an unrelated city and a sibling department are refused — in staff entry, the portal and the API
alike, because all three call the one check (``review_organ_check``).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import ALL_PERMS, Org, UnitFactory, client_for, staff
from tests.petitions.law.helpers import answered_by, answered_by_street
from tests.portal.conftest import open_matter
from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.constants import AdminLevel, UnitKind
from xinfang.orgs.models import Unit
from xinfang.orgs.selectors import review_organs_for
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.portal.services import portal_review_request

pytestmark = pytest.mark.django_db


def other_city() -> Unit:
    return UnitFactory(name="乙市人民政府", kind=UnitKind.GOVERNMENT, level=AdminLevel.CITY)


def test_the_default_organ_is_the_nearest_government_or_for_a_community_the_street(org: Org) -> None:
    assert review_organs_for(org.street_a) == [org.government]
    assert review_organs_for(org.housing) == [org.government]
    assert review_organs_for(org.government) == [org.city]
    assert review_organs_for(org.community_a) == [org.street_a]
    assert review_organs_for(org.city) == []


def test_an_admin_set_organ_replaces_the_default(org: Org) -> None:
    org.housing.review_organs.set([org.city])
    assert review_organs_for(org.housing) == [org.city]


def test_staff_entry_street_to_district_government_is_accepted(org: Org) -> None:
    petition = answered_by_street(org)
    petition = services.petition_request_review(
        petition=petition, actor=org.reviewer, unit=org.government, reason="不服"
    )
    assert petition.status == Status.UNDER_REVIEW and petition.current_unit == org.government
    event = petition.events.get(kind=Act.REQUEST_REVIEW)
    assert (event.payload["unit"], event.payload["from_unit"]) == (org.government.pk, org.street_a.pk)


@pytest.mark.parametrize("wrong", ["city_two_levels_up", "unrelated_city", "sibling_department"])
def test_staff_entry_refuses_any_other_organ_citing_article_35(org: Org, wrong: str) -> None:
    unit = {"city_two_levels_up": org.city, "sibling_department": org.labour}.get(wrong) or other_city()
    petition = answered_by_street(org)
    with pytest.raises(RuleViolation) as caught:
        services.petition_request_review(petition=petition, actor=org.reviewer, unit=unit, reason="不服")
    assert caught.value.article == "第三十五条"
    assert org.government.name in caught.value.message
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and not petition.events.filter(kind=Act.REQUEST_REVIEW).exists()


def test_without_a_choice_the_only_organ_is_taken(org: Org) -> None:
    petition = services.petition_request_review(
        petition=answered_by_street(org), actor=org.reviewer, reason="不服"
    )
    assert petition.current_unit == org.government


def test_with_several_configured_organs_one_must_be_chosen(org: Org) -> None:
    org.street_a.review_organs.set([org.government, org.housing])
    petition = answered_by_street(org)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_request_review(petition=petition, actor=org.reviewer, reason="不服")
    assert "unit" in caught.value.fields
    petition = services.petition_request_review(
        petition=petition, actor=org.reviewer, unit=org.housing, reason="不服"
    )
    assert petition.current_unit == org.housing


def test_no_organ_one_level_up_refuses_the_request(org: Org) -> None:
    # An organ at the root of the tree with nothing configured: there is no organ to review it.
    root = UnitFactory(name="独立机关", kind=UnitKind.DEPARTMENT, level=AdminLevel.CITY)
    petition = answered_by(org, root, staff(root))
    with pytest.raises(RuleViolation) as caught:
        services.petition_request_review(petition=petition, actor=org.reviewer, reason="不服")
    assert caught.value.article == "第三十五条" and "未配置" in caught.value.message


def test_portal_chooses_the_only_organ_for_the_petitioner(org: Org, client: Client) -> None:
    petition = answered_by_street(org)
    open_matter(client, petition)
    client.post(f"/portal/matter/{petition.query_code}/", {"action": "review", "reason": "赔偿金额有误"})
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_REVIEW and petition.current_unit == org.government


@pytest.mark.parametrize("wrong", ["city_two_levels_up", "unrelated_city", "sibling_department"])
def test_portal_refuses_any_other_organ(org: Org, wrong: str) -> None:
    unit = {"city_two_levels_up": org.city, "sibling_department": org.labour}.get(wrong) or other_city()
    petition = answered_by_street(org)
    with pytest.raises(RuleViolation) as caught:
        portal_review_request(petition=petition, reason="不服", unit_id=unit.pk)
    assert caught.value.article == "第三十五条"


def test_portal_asks_the_petitioner_to_choose_among_several(org: Org, client: Client) -> None:
    org.street_a.review_organs.set([org.government, org.housing])
    petition = answered_by_street(org)
    page = client.get(open_matter(client, petition)).content.decode()
    assert 'name="unit"' in page and org.housing.name in page
    client.post(
        f"/portal/matter/{petition.query_code}/",
        {"action": "review", "reason": "不服", "unit": str(org.housing.pk)},
    )
    petition.refresh_from_db()
    assert petition.current_unit == org.housing


def test_api_accepts_the_district_government(org: Org) -> None:
    petition = answered_by_street(org)
    api = client_for(staff(org.street_a, perms=ALL_PERMS))
    response = api.post(
        f"/api/petitions/{petition.pk}/acts/request_review/",
        {"unit": org.government.pk, "reason": "不服"},
        format="json",
    )
    assert response.status_code == 200, response.content
    petition.refresh_from_db()
    assert petition.current_unit == org.government


@pytest.mark.parametrize("wrong", ["city_two_levels_up", "unrelated_city", "sibling_department"])
def test_api_refuses_any_other_organ_with_the_article(org: Org, wrong: str) -> None:
    unit = {"city_two_levels_up": org.city, "sibling_department": org.labour}.get(wrong) or other_city()
    petition = answered_by_street(org)
    api = client_for(staff(org.street_a, perms=ALL_PERMS))
    response = api.post(
        f"/api/petitions/{petition.pk}/acts/request_review/",
        {"unit": unit.pk, "reason": "不服"},
        format="json",
    )
    assert response.status_code == 422, response.content
    assert response.json()["article"] == "第三十五条"


def test_staff_form_offers_only_the_organs_one_level_up(org: Org, client: Client) -> None:
    petition = answered_by_street(org)
    client.force_login(staff(org.street_a, perms=ALL_PERMS))
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    form = page[page.index(f'action="/petitions/{petition.pk}/act/request_review/"') :]
    form = form[: form.index("</form>")]
    # Grouped by the unit tree: the city may head the group, but only the organ one level up is offered.
    offered = re.findall(r'<option value="(\d+)"', form)
    assert offered == [str(org.government.pk)], offered
