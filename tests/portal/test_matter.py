"""A petitioner's own matter: progress, clocks, documents, own materials, evaluation and the
复查 / 复核 request inside the 30-day windows (refused with the article outside them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.factories import Org, days_ago, petition_in
from tests.portal.conftest import open_matter, suggestion_in
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.services import online_account, petition_attach

pytestmark = pytest.mark.django_db


def page_of(client: Client, petition: Petition) -> str:
    return client.get(open_matter(client, petition)).content.decode()


def post(client: Client, petition: Petition, data: dict[str, str]) -> str:
    response = client.post(f"/portal/matter/{petition.query_code}/", data, follow=True)
    return response.content.decode()


def test_registered_matter_shows_state_timeline_and_the_running_duty(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    page = page_of(client, petition)
    due = petition.deadlines.get(code="D1").due_on
    assert petition.title in page and "已登记" in page and "待转送" not in page
    assert f"{due.year}年{due.month}月{due.day}日前" in page and "第二十二条第一款" in page
    assert 'id="evaluate"' not in page and 'id="review"' not in page and 'id="documents"' not in page


def test_answered_matter_offers_the_petitioners_documents_only(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    page = page_of(client, petition)
    assert "已出具信访处理意见书" in page and "受理告知书" in page and "转送交办单" not in page
    document = client.get(f"/portal/matter/{petition.query_code}/documents/opinion.docx")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    assert "no-store" in document["Cache-Control"]
    for kind in ("dispatch_sheet", "review_opinion", "nonsense"):
        assert client.get(f"/portal/matter/{petition.query_code}/documents/{kind}.docx").status_code == 404
    assert Client().get(f"/portal/matter/{petition.query_code}/documents/opinion.docx").status_code == 404


def test_own_materials_download_but_staff_papers_do_not(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    upload = SimpleUploadedFile("合同.pdf", b"%PDF-1.4 mine", content_type="application/pdf")
    petition, mine = petition_attach(petition=petition, actor=online_account(), upload=upload)
    staff_paper = SimpleUploadedFile("调查笔录.pdf", b"%PDF-1.4 internal", content_type="application/pdf")
    petition, internal = petition_attach(petition=petition, actor=org.registrar, upload=staff_paper)
    page = page_of(client, petition)
    assert "合同.pdf" in page and "调查笔录.pdf" not in page
    base = f"/portal/matter/{petition.query_code}/materials"
    response = client.get(f"{base}/{mine.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 mine"  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"{base}/{internal.pk}/").status_code == 404
    assert Client().get(f"{base}/{mine.pk}/").status_code == 404
    assert mine.file.name not in page  # files are never linked by their storage path


def test_evaluation_is_recorded_once_under_the_platform_account(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    assert "满意度评价" in page_of(client, petition)
    page = post(client, petition, {"action": "evaluate", "option": "satisfied", "comment": "处理及时"})
    assert "感谢您的评价" in page and 'id="evaluate"' not in page
    petition.refresh_from_db()
    event = petition.events.get(kind=Act.EVALUATE)
    assert petition.evaluation == "satisfied" and event.actor == online_account()
    assert (
        event.payload["comment"] == "[信访人网上提交] 处理及时" and event.payload["stage"] == Status.ANSWERED
    )


@pytest.mark.parametrize(("option", "message"), [("", "请选择评价"), ("excellent", "请选择有效的评价")])
def test_evaluation_without_a_valid_option_names_the_field(
    org: Org, client: Client, option: str, message: str
) -> None:
    petition = petition_in(org, Status.ANSWERED)
    open_matter(client, petition)
    page = post(client, petition, {"action": "evaluate", "option": option})
    assert 'data-field="option"' in page and message in page
    assert not petition.events.filter(kind=Act.EVALUATE).exists()


def test_review_request_inside_the_window_goes_one_level_up(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    page = page_of(client, petition)
    due = petition.deadlines.get(code="D7").due_on
    assert "请求复查" in page and f"{due.year}年{due.month}月{due.day}日" in page and "第三十五条" in page
    page = post(client, petition, {"action": "review", "reason": "赔偿金额计算有误"})
    assert "上一级机关将自收到之日起30日内提出意见" in page
    petition.refresh_from_db()
    event = petition.events.get(kind=Act.REQUEST_REVIEW)
    assert petition.status == Status.UNDER_REVIEW and petition.current_unit == org.government
    assert event.actor == online_account() and event.payload["reason"] == "[信访人网上提交] 赔偿金额计算有误"
    assert "复查机关应于" not in page and "提出复查意见并书面答复" in page  # the new 30-day duty (D8)


def test_review_request_needs_a_reason(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    open_matter(client, petition)
    page = post(client, petition, {"action": "review", "reason": "  "})
    assert 'data-field="reason"' in page and "请填写请求事项和理由" in page
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and petition.event_count == len(petition.events.all())


def test_outside_the_window_the_page_refuses_and_so_does_the_act(org: Org, client: Client) -> None:
    with time_machine.travel(days_ago(45)):
        petition = petition_in(org, Status.ANSWERED)
    page = page_of(client, petition)
    assert 'id="window-closed"' in page and "第三十五条" in page and 'name="reason"' not in page
    # A form sent anyway (an old tab, a page opened before midnight) is refused by the core.
    refused = post(client, petition, {"action": "review", "reason": "不服"})
    assert "已超过自收到书面答复之日起30日" in refused and "第三十五条" in refused
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_recheck_inside_and_outside_its_window(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REVIEWED)
    assert "请求复核" in page_of(client, petition)
    post(client, petition, {"action": "review", "reason": "对复查意见不服"})
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_RECHECK and petition.current_unit == org.city

    late = petition_in(org, Status.REVIEWED)
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        page = page_of(client, late)
        assert 'id="window-closed"' in page and "第三十六条第一款" in page
        assert "第三十六条第一款" in post(client, late, {"action": "review", "reason": "不服"})
    late.refresh_from_db()
    assert late.status == Status.REVIEWED


def test_an_unknown_action_changes_nothing(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    open_matter(client, petition)
    response = client.post(f"/portal/matter/{petition.query_code}/", {"action": "close"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and not petition.events.filter(kind=Act.CLOSE).exists()


def test_accusations_show_only_a_minimal_status(org: Org, client: Client) -> None:
    petition = petition_in(
        org, Status.DIVERTED, category=org.categories["accusation"], accused_description="某单位负责人"
    )
    page = page_of(client, petition)
    assert "检举控告事项" in page and "依法保密" in page and "已转有权处理的机关" in page
    for secret in (petition.title, "某单位负责人", petition.petitioner_name, org.political_legal.name):
        assert secret not in page
    for part in ('id="documents"', 'id="clocks"', 'id="evaluate"', 'id="review"'):
        assert part not in page
    assert client.get(f"/portal/matter/{petition.query_code}/documents/accept_notice.docx").status_code == 404


def test_a_concluded_suggestion_shows_the_reply_and_takes_a_rating(org: Org, client: Client) -> None:
    petition = suggestion_in(org, outcome="partly_adopted")
    page = page_of(client, petition)
    assert "部分采纳" in page and "已研究采纳，纳入明年计划" in page and "满意度评价" in page
    assert 'id="review"' not in page  # suggestions do not enter the 复查 chain (Art. 29, 35)
    post(client, petition, {"action": "evaluate", "option": "basically_satisfied"})
    petition.refresh_from_db()
    assert petition.evaluation == "basically_satisfied"
