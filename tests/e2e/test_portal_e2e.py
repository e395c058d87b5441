"""The citizen portal on a phone-sized screen (390×844) in real headless Chromium:
submit -> query -> evaluate -> 复查 request; refusals outside the 30-day window; a suggestion
from the online form to the public 转化运用清单."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.factories import (
    Org,
    _accept,
    _classify,
    _dispatch,
    _reply,
    _sign,
    build_org,
    days_ago,
    petition_in,
    valid_id,
)
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.services import petition_conclude_suggestion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "zh-CN", "is_mobile": True, "has_touch": True}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def query(page, base: str, petition: Petition) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/portal/query/")
    page.fill("#id_query_code", petition.query_code)
    page.fill("#id_phone_last4", petition.petitioner_phone[-4:])
    page.click("main button[type=submit]")
    page.wait_for_selector("#status")


def fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def fill_identity(page, seed: int) -> None:  # type: ignore[no-untyped-def]
    page.fill("#id_name", "赵六")
    page.fill("#id_id_number", valid_id(seed))
    page.fill("#id_phone", "13655556666")
    page.fill("#id_address", "甲街道甲社区8栋")


def answer(org: Org, petition: Petition) -> Petition:
    for step in (_dispatch, _sign, _accept, _classify, _reply):
        petition = step(org, petition)
    return petition


def test_submit_query_evaluate_and_request_review(live_server, browser, shot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    org = build_org()
    base = live_server.url
    page = browser.new_page(**PHONE)
    page.goto(f"{base}/portal/")
    assert fits_the_screen(page)
    shot(page, "portal-01-home")

    page.click("text=我要信访")
    # The click starts a navigation; expect() waits for the new page instead of reading the old one.
    expect(page.locator("#notice")).to_be_visible()
    assert "第二十六条" in page.locator("#notice").inner_text()
    fill_identity(page, 21)
    page.select_option("#id_category", label="物业管理")
    page.select_option("#id_location_unit", label="甲社区")
    page.fill("#id_title", "电梯长期停运")
    page.fill("#id_content", "小区8栋电梯停运一个月，物业拒不维修。")
    page.fill("#id_request", "尽快修复电梯")
    material = tmp_path / "电梯照片.png"
    material.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    page.set_input_files("#id_materials", str(material))
    page.click("main button[type=submit]")
    # Not acknowledged: the summary on top names it, nothing is registered.
    assert "请先阅读并勾选确认信访须知" in page.locator("#error-summary").inner_text()
    expect(page.locator("[data-field=acknowledged]")).to_be_visible()
    assert not Petition.objects.exists()
    shot(page, "portal-02-submit-error")

    page.check("#id_acknowledged")
    page.set_input_files("#id_materials", str(material))  # a browser never re-sends a file
    page.click("main button[type=submit]")
    code = page.locator("#query-code").inner_text()
    assert "136****6666" in page.locator("#receipt").inner_text() and fits_the_screen(page)
    shot(page, "portal-03-receipt")

    petition = answer(org, Petition.objects.get(query_code=code))
    page.goto(f"{base}/portal/query/")
    page.fill("#id_query_code", code)
    page.fill("#id_phone_last4", "0000")
    page.click("main button[type=submit]")
    assert "查询码或手机号后四位（电子邮箱）不正确" in page.locator("#error-summary").inner_text()
    shot(page, "portal-04-query-wrong")
    query(page, base, petition)
    assert page.locator("#status").inner_text() == "已答复"
    expect(page.locator("#materials").get_by_text("电梯照片.png")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#documents").get_by_text("信访处理意见书").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert fits_the_screen(page)
    shot(page, "portal-05-matter-answered")

    page.select_option("#id_option", label="不满意")
    page.locator("#evaluate button[type=submit]").click()
    page.wait_for_selector(".messages .success")
    page.fill("#id_reason", "对处理意见中的赔偿金额不服")
    page.locator("#review button[type=submit]").click()
    page.wait_for_selector(".messages .success")
    assert page.locator("#status").inner_text() == "复查中"
    assert "提出复查意见并书面答复" in page.locator("#clocks").inner_text()
    shot(page, "portal-06-review-requested")
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_REVIEW and petition.evaluation == "dissatisfied"
    assert petition.current_unit == org.government


def test_review_request_outside_the_window_is_refused(live_server, browser, shot) -> None:  # type: ignore[no-untyped-def]
    org = build_org()
    with time_machine.travel(days_ago(45)):
        lapsed = petition_in(org, Status.ANSWERED)
    page = browser.new_page(**PHONE)
    query(page, live_server.url, lapsed)
    refusal = page.locator("#window-closed").inner_text()
    assert "届满" in refusal and "第三十五条" in refusal and page.locator("#id_reason").count() == 0
    shot(page, "portal-07-window-closed")

    # Opened before midnight on the last day, sent after it: the act itself refuses.
    last_minute = petition_in(org, Status.ANSWERED)
    due = last_minute.deadlines.get(code="D7").due_on
    assert due is not None
    with time_machine.travel(datetime.combine(due, time(23, 50), SHANGHAI), tick=True):
        query(page, live_server.url, last_minute)
        page.fill("#id_reason", "最后一天晚上才写好")
    with time_machine.travel(datetime.combine(due + timedelta(days=1), time(0, 5), SHANGHAI), tick=True):
        page.locator("#review button[type=submit]").click()
        message = page.locator(".messages .error").inner_text()
    assert "已超过" in message and "第三十五条" in message
    shot(page, "portal-08-review-refused")
    last_minute.refresh_from_db()
    assert last_minute.status == Status.ANSWERED


def test_a_suggestion_reaches_the_public_list(live_server, browser, shot) -> None:  # type: ignore[no-untyped-def]
    org = build_org()
    base = live_server.url
    phone = browser.new_page(**PHONE)
    phone.goto(f"{base}/portal/suggest/")
    fill_identity(phone, 33)
    phone.select_option("#id_category", label="建议意见")
    phone.select_option("#id_location_unit", label="甲社区")
    phone.fill("#id_title", "增设社区公交微循环")
    phone.fill("#id_content", "早晚高峰老人出行不便。")
    phone.fill("#id_request", "开通连接地铁站的社区微循环公交")
    phone.check("#id_acknowledged")
    phone.click("main button[type=submit]")
    code = phone.locator("#query-code").inner_text()
    suggestion = Petition.objects.get(query_code=code)
    assert suggestion.type == "suggestion"
    for step in (_dispatch, _sign, _accept):
        suggestion = step(org, suggestion)
    petition_conclude_suggestion(
        petition=suggestion, actor=org.housing_handler, outcome="adopted", reply="已采纳，拟开通2条线路"
    )

    desk = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    desk.goto(f"{base}/accounts/login/")
    desk.fill("#id_username", org.leader.username)
    desk.fill("#id_password", "pw")
    desk.click("button[type=submit]")
    desk.goto(f"{base}/portal/staff/suggestions/")
    desk.get_by_text("编写/公开").click()
    desk.fill("#id_title", "社区微循环公交")
    desk.fill("#id_summary", "群众建议开通连接地铁站的社区公交。")
    desk.fill("#id_outcome", "已开通2条微循环线路，日均客流800人次。")
    desk.check("#id_published")
    desk.locator("main button[type=submit]").click()
    assert "已公开" in desk.locator("main").inner_text()
    shot(desk, "portal-09-staff-suggestions")

    phone.goto(f"{base}/portal/suggestions/adopted/")
    listing = phone.locator("main").inner_text()
    assert (
        "已开通2条微循环线路" in listing and "赵六" not in listing and "早晚高峰老人出行不便" not in listing
    )
    assert fits_the_screen(phone)
    shot(phone, "portal-10-adopted-list")
    query(phone, base, suggestion)
    assert "已采纳，拟开通2条线路" in phone.locator("#suggestion-reply").inner_text()
    shot(phone, "portal-11-suggestion-reply")
