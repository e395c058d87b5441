"""Query with 查询码 + phone digits, evaluate, request 复查 inside the window and be refused outside it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import Org, petition_in
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


def digits(petition: Petition) -> str:
    return petition.petitioner.phone[-4:]


def open_matter(client: Client, petition: Petition) -> str:
    response = client.post(
        "/portal/query/", {"query_code": petition.query_code.lower(), "phone_last4": digits(petition)}
    )
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def test_wrong_digits_and_unknown_codes_answer_alike(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    wrong_digits = "0000" if digits(petition) != "0000" else "9999"
    wrong = client.post("/portal/query/", {"query_code": petition.query_code, "phone_last4": wrong_digits})
    unknown = client.post("/portal/query/", {"query_code": "ZZZZZZZZZZ", "phone_last4": digits(petition)})
    assert "查询码或手机号后四位不正确" in wrong.content.decode()
    assert "查询码或手机号后四位不正确" in unknown.content.decode()
    # Without proving the code this browser cannot open the matter.
    assert client.get(f"/portal/matter/{petition.query_code}/").status_code == 302


def test_answered_matter_shows_timeline_documents_and_takes_an_evaluation(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    page = client.get(open_matter(client, petition)).content.decode()
    assert "已出具信访处理意见书" in page and "信访处理意见书" in page and "转送交办单" not in page
    assert "满意度评价" in page and "请求复查" in page
    document = client.get(f"/portal/matter/{petition.query_code}/documents/opinion.docx")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    assert (
        client.get(f"/portal/matter/{petition.query_code}/documents/dispatch_sheet.docx").status_code == 404
    )
    client.post(f"/portal/matter/{petition.query_code}/", {"action": "evaluate", "option": "satisfied"})
    petition.refresh_from_db()
    assert petition.evaluation == "satisfied"
    assert "满意度评价" not in client.get(f"/portal/matter/{petition.query_code}/").content.decode()


def test_review_request_inside_the_window_goes_to_the_government(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    open_matter(client, petition)
    client.post(f"/portal/matter/{petition.query_code}/", {"action": "review", "reason": "处理意见不合理"})
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_REVIEW and petition.current_unit == org.government


def test_review_request_needs_a_reason(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    open_matter(client, petition)
    page = client.post(f"/portal/matter/{petition.query_code}/", {"action": "review", "reason": ""})
    assert 'data-field="reason"' in page.content.decode()
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_review_request_outside_the_window_is_refused_with_the_article(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    with time_machine.travel(timezone.now() + timedelta(days=45)):
        open_matter(client, petition)
        response = client.post(
            f"/portal/matter/{petition.query_code}/", {"action": "review", "reason": "不服"}, follow=True
        )
    page = response.content.decode()
    assert "已超过" in page and "第三十五条" in page
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_accusations_show_status_only(org: Org, client: Client) -> None:
    petition = petition_in(
        org, Status.REGISTERED, category=org.categories["accusation"], accused_description="某单位负责人"
    )
    page = client.get(open_matter(client, petition)).content.decode()
    assert "检举控告事项" in page and "依法保密" in page and petition.title not in page


@override_settings(XINFANG_RATE_LIMITS={"portal_query": {"ip": "100/m", "identity": "3/m"}})
def test_guessing_a_code_is_rate_limited(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    for guess in ("0001", "0002", "0003"):
        client.post("/portal/query/", {"query_code": petition.query_code, "phone_last4": guess})
    response = client.post(
        "/portal/query/", {"query_code": petition.query_code, "phone_last4": digits(petition)}
    )
    assert response.status_code == 429 and "该身份的请求过于频繁" in response.content.decode()
