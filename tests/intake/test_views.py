"""The registration page's analysis panel, the feedback it records, alerts and topics pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import Org, valid_id
from xinfang.intake.duplicates import signature_index
from xinfang.intake.models import RiskAlert, RoutingFeedback
from xinfang.intake.risk import risk_assess
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


def form(org: Org, **overrides: str) -> dict[str, str]:
    data = {
        "channel": "visit",
        "category": "labour",
        "title": "工地拖欠工资",
        "content": "某建筑公司拖欠12名农民工工资，扬言不给钱就去北京。",
        "location_unit": str(org.community_a.pk),
        "people_count": "12",
        "petitioner_name": "张三",
        "petitioner_id_number": valid_id(5),
        "petitioner_phone": "13800001111",
    }
    data.update(overrides)
    return data


def test_panel_shows_rules_fallback_duplicates_and_risk(org: Org, client: Client) -> None:
    client.force_login(org.registrar)
    client.post("/register/", form(org))
    earlier = Petition.objects.get()
    signature_index(petition=earlier)
    page = client.post("/intake/analyse/", form(org)).content.decode()
    assert 'data-risk="high"' in page and "集体访" in page and "扬言" in page
    assert earlier.number in page and "同一信访人" in page
    assert "分类默认" in page  # no model trained yet: the rules still answer
    assert "填写标题或内容" in client.post("/intake/analyse/", {}).content.decode()


def test_saving_records_whether_the_suggestion_was_kept(org: Org, client: Client) -> None:
    client.force_login(org.registrar)
    client.post("/register/", form(org, suggested_category="property_mgmt", suggested_type="appeal"))
    feedback = {f.target: f for f in RoutingFeedback.objects.all()}
    assert feedback["category"].chosen == "labour" and not feedback["category"].accepted
    assert feedback["type"].accepted


def test_alerts_can_be_acknowledged_and_topics_page_renders(org: Org, client: Client) -> None:
    client.force_login(org.leader)
    client.post("/register/", form(org))
    petition = Petition.objects.get()
    risk_assess(petition=petition)
    assert petition.number in client.get("/intake/alerts/").content.decode()
    alert = RiskAlert.objects.get()
    client.post("/intake/alerts/", {"alert": alert.pk})
    alert.refresh_from_db()
    assert alert.acknowledged_by == org.leader
    assert "热点类案" in client.get("/intake/topics/").content.decode()
    detail = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert 'data-risk="high"' in detail


def test_candidates_outside_the_users_scope_are_not_shown(org: Org, client: Client) -> None:
    client.force_login(org.registrar)
    client.post("/register/", form(org))
    hidden = Petition.objects.get()
    signature_index(petition=hidden)
    client.force_login(org.street_b_handler)
    page = client.post("/intake/analyse/", form(org)).content.decode()
    assert hidden.number not in page
