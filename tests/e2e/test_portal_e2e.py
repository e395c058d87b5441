"""The citizen portal on a phone-sized screen in real headless Chromium:
submit -> query -> evaluate -> review request, and a refusal outside the 30-day window."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import (
    Org,
    _accept,
    _classify,
    _dispatch,
    _reply,
    _sign,
    build_org,
    petition_in,
    valid_id,
)
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN"}


def query(page, base: str, petition: Petition) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/portal/query/")
    page.fill("#id_query_code", petition.query_code)
    page.fill("#id_phone_last4", petition.petitioner.phone[-4:])
    page.click("button[type=submit]")
    page.wait_for_selector("#status")


def answer(org: Org, petition: Petition) -> Petition:
    for step in (_dispatch, _sign, _accept, _classify, _reply):
        petition = step(org, petition)
    return petition


def test_submit_query_evaluate_and_request_review(live_server, browser, shot) -> None:  # type: ignore[no-untyped-def]
    org = build_org()
    base = live_server.url
    page = browser.new_page(**PHONE)
    page.goto(f"{base}/portal/submit/")
    assert page.locator("#notice").is_visible()
    page.fill("#id_name", "赵六")
    page.fill("#id_id_number", valid_id(21))
    page.fill("#id_phone", "13655556666")
    page.fill("#id_address", "甲街道甲社区8栋")
    page.select_option("#id_category", label="物业管理")
    page.select_option("#id_location_unit", label="甲社区")
    page.fill("#id_title", "电梯长期停运")
    page.fill("#id_content", "小区8栋电梯停运一个月，物业拒不维修。")
    page.fill("#id_request", "尽快修复电梯")
    page.click("button[type=submit]")
    assert page.locator("[data-field=acknowledged]").is_visible()  # the notice must be acknowledged
    shot(page, "portal-submit-error")
    page.check("#id_acknowledged")
    page.click("button[type=submit]")
    code = page.locator("#query-code").inner_text()
    shot(page, "portal-receipt")

    petition = answer(org, Petition.objects.get(query_code=code))
    query(page, base, petition)
    assert page.locator("#status").inner_text() == "已答复"
    assert page.get_by_text("信访处理意见书").first.is_visible()
    shot(page, "portal-matter")

    page.select_option("#id_option", label="满意")
    page.locator("#evaluate button[type=submit]").click()
    page.wait_for_selector(".messages .success")
    page.fill("#id_reason", "对处理意见中的赔偿金额不服")
    page.locator("#review button[type=submit]").click()
    page.wait_for_selector(".messages .success")
    assert page.locator("#status").inner_text() == "复查中"
    shot(page, "portal-review-requested")
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_REVIEW and petition.evaluation == "satisfied"


def test_review_request_after_the_window_is_refused(live_server, browser, shot) -> None:  # type: ignore[no-untyped-def]
    org = build_org()
    petition = petition_in(org, Status.ANSWERED)
    page = browser.new_page(**PHONE)
    with time_machine.travel(timezone.now() + timedelta(days=45), tick=True):
        query(page, live_server.url, petition)
        page.fill("#id_reason", "逾期后才想起请求复查")
        page.locator("#review button[type=submit]").click()
        message = page.locator(".messages .error").inner_text()
    assert "已超过" in message and "第三十五条" in message
    shot(page, "portal-review-refused")
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED
