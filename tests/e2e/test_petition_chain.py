"""One petition carried through the whole chain in the browser, as the demo roles would."""

from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.factories import ensure_dictionaries
from xinfang.demo.org import DEMO_PASSWORD, demo_org_setup
from xinfang.petitions.models import Petition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.click("header form button")


def act(page, name: str, fields: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Open an act's form on the detail page, fill it, submit, and expect the success message."""
    box = page.locator(f"details[data-act={name}]")
    box.locator("summary").click()
    for field, value in (fields or {}).items():
        control = box.locator(f"[name={field}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value) if not value.isdigit() else control.select_option(value)
        else:
            control.fill(value)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()
    confirm = page.locator("main form button[name=confirmed]")  # irreversible acts ask first (#11.5)
    if confirm.count():
        confirm.first.click()
    page.wait_for_selector(".messages .success")


def test_registration_to_review_request(live_server, browser, shot) -> None:  # type: ignore[no-untyped-def]
    ensure_dictionaries()
    demo_org_setup()
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")

    login(page, base, "dengji")
    shot(page, "01-home-registrar")
    page.goto(f"{base}/register/")
    page.select_option("#channel", "visit")
    page.select_option("#category", "labour")
    page.fill("#title", "工地拖欠工人工资")
    page.fill("#content", "某建筑公司拖欠我们12名工人三个月工资共计8万元，多次讨要未果。")
    page.fill("#request", "责令公司支付拖欠工资")
    page.fill("#petitioner_name", "张建国")
    page.fill("#petitioner_id_number", "11010519491231002X")
    page.fill("#petitioner_phone", "13800138000")
    page.select_option("#location_unit", label="幸福社区")
    page.click("button:has-text('规则校验')")
    # A locator wait, not wait_for_function: the page's CSP (no eval) applies to the test too.
    expect(page.locator("#rule-checks")).not_to_contain_text("填写后点击")
    assert "规则校验通过" in page.inner_text("#rule-checks"), page.inner_text("#rule-checks")
    shot(page, "02-register-checked")
    page.click("button[type=submit]:has-text('确认登记')")
    page.wait_for_selector(".querycode")
    shot(page, "03-receipt")
    petition = Petition.objects.get()
    assert page.inner_text(".querycode") == petition.query_code

    page.goto(f"{base}/petitions/{petition.pk}/")
    act(page, "dispatch", {"to_unit": "区人力资源和社会保障局", "mode": "转送"})
    logout(page)

    login(page, base, "renshe")
    assert petition.number in page.content()  # on the department's to-do list
    page.goto(f"{base}/petitions/{petition.pk}/")
    act(page, "sign")
    act(page, "accept")
    act(page, "classify", {"route": "6"})
    shot(page, "04-detail-handling")
    act(
        page,
        "reply",
        {
            "outcome": "予以支持",
            "opinion": "经核实，责令该公司十日内足额支付工资。",
            "legal_basis": "《保障农民工工资支付条例》第三条",
        },
    )
    with page.expect_download() as download:
        page.click("a[data-doc=opinion]")
    opinion = Document(download.value.path())
    assert "信访处理意见书" in "\n".join(p.text for p in opinion.paragraphs)
    act(page, "evaluate", {"option": "satisfied"})
    logout(page)

    login(page, base, "fucha")
    page.goto(f"{base}/petitions/{petition.pk}/")
    act(page, "request_review", {"unit": "青溪区人民政府", "reason": "对赔付金额不服"})
    shot(page, "05-detail-under-review")
    page.goto(f"{base}/petitions/?q={petition.number}")
    shot(page, "06-list")

    petition.refresh_from_db()
    assert petition.status == "under_review"
    kinds = list(petition.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [
        "register",
        "dispatch",
        "sign",
        "accept",
        "classify",
        "reply",
        "evaluate",
        "request_review",
    ]
    assert re.search(r"复查期限", page.goto(f"{base}/petitions/{petition.pk}/").text())
