"""POST /intake/api/analyse/: the same analysis as the panel, as JSON, limited to what the caller may see."""

from __future__ import annotations

import pytest

from tests.factories import Org, client_for, register, staff, valid_id
from xinfang.intake.duplicates import signature_index
from xinfang.orgs.constants import DataScope

pytestmark = pytest.mark.django_db

TEXT = "举报甲街道城建科干部违规收取商户费用，扬言不交就断水断电。"


def test_analysis_as_json_with_rules_candidates_and_risk(org: Org) -> None:
    earlier = register(org, title="油烟扰民", content="甲社区临街餐馆油烟直排，影响居民生活。")
    signature_index(petition=earlier)
    body = {
        "title": "油烟扰民",
        "content": "甲社区临街餐馆油烟直排，影响居民生活。",
        "location_unit": org.community_a.pk,
        "category": "labour",
        "people_count": 30,
        "escalation": "beijing",
    }
    reply = client_for(org.registrar).post("/intake/api/analyse/", body, format="json")
    assert reply.status_code == 200
    data = reply.json()
    assert data["risk"]["level"] == "high"
    assert {r["code"] for r in data["risk"]["reasons"]} >= {"collective", "escalation_beijing"}
    assert data["suggestions"]["type"][0]["source"] == "分类默认"  # no model yet: rules answer
    assert data["candidates"][0]["number"] == earlier.number
    assert data["candidates"][0]["kind"] == "similar_text"


def test_accused_unit_never_learns_of_the_accusation(org: Org) -> None:
    accusation = register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        title="举报街道干部违规收费",
        content=TEXT,
    )
    signature_index(petition=accusation)
    body = {"title": "举报街道干部违规收费", "content": TEXT, "id_number": valid_id(1)}
    accused = client_for(staff(org.street_a, scope=DataScope.ALL)).post(
        "/intake/api/analyse/", body, format="json"
    )
    assert accused.status_code == 200 and accused.json()["candidates"] == []
    leader = client_for(org.leader).post("/intake/api/analyse/", body, format="json")
    assert [c["petition_id"] for c in leader.json()["candidates"]] == [accusation.pk]


def test_empty_text_is_a_field_error(org: Org) -> None:
    reply = client_for(org.registrar).post("/intake/api/analyse/", {"title": " "}, format="json")
    assert reply.status_code == 400 and "content" in str(reply.json())
