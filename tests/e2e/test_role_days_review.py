"""The unit head's approvals queue and the reviewer's day in real Chromium (#11 "Done when").

Every test opens the role's own queue, takes the role's acts through the pages, and then signs in
as the next role and finds the result in that role's queue. What is not the subject of a test is
built through the services (harness_state); screenshots of each role's main pages are saved at
1366×768 (the citizen at 390×844) as artefacts.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition

from .harness import act, acts_offered, demo_org, in_queue, login, open_case, open_queue, user
from .harness_state import answered, extension_requested, registered

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_approvals(page, base: str, screenshot=None) -> None:  # type: ignore[no-untyped-def]
    """A unit head's approvals queue, reached from the count on the home page."""
    page.goto(f"{base}/")
    if screenshot:
        screenshot()
    page.locator("main .counts .count", has_text="待审批").get_by_role("link").click()
    page.wait_for_url("**/approvals/")


def kinds(petition: Petition) -> list[str]:
    return list(petition.events.order_by("seq").values_list("kind", flat=True))


def test_unit_head_approves_one_extension_and_refuses_another(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    granted = extension_requested(
        org, registered(org, title="工伤认定久拖不决"), by="renshe", days=20, reason="需等待劳动能力鉴定结论"
    )
    refused = extension_requested(
        org, registered(org, title="培训补贴未发放"), by="renshe", days=10, reason="工作繁忙"
    )
    page = desk()
    login(page, base, "renshe_head")
    open_approvals(page, base, screenshot=lambda: shot(page, "unit-head-00-home"))
    shot(page, "unit-head-01-approvals")
    approve = page.locator(f"[data-approval=extension][data-petition='{granted.pk}'] form").filter(
        has=page.get_by_role("button", name="批准延期")
    )
    # Pre-filled with what the handler asked for.
    assert approve.locator("[name=days]").input_value() == "20"
    assert approve.locator("[name=reason]").input_value() == "需等待劳动能力鉴定结论"
    page.once("dialog", lambda dialog: dialog.accept())
    approve.get_by_role("button", name="批准延期").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    refuse = page.locator(f"[data-approval=extension][data-petition='{refused.pk}'] form").filter(
        has=page.get_by_role("button", name="不批准")
    )
    refuse.locator("[name=reason]").fill("理由不足，应按期办结")
    page.once("dialog", lambda dialog: dialog.accept())
    refuse.get_by_role("button", name="不批准").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    expect(page.locator("[data-approval]")).to_have_count(0)
    shot(page, "unit-head-02-approvals-done")

    assert kinds(granted)[-1] == Act.EXTEND
    assert kinds(refused)[-1] == "refuse_extension"
    # The requester sees both decisions on the case pages: the new deadline and the refusal.
    handler = desk()
    login(handler, base, "renshe")
    handler.goto(f"{base}/supervision/notifications/")
    expect(handler.locator("main")).to_contain_text(f"延期申请已批准：{granted.number}")
    expect(handler.locator("main")).to_contain_text(f"延期申请未获批准：{refused.number}")
    shot(handler, "handler-department-04-notifications")
    open_case(handler, base, granted)
    expect(handler.locator(".timeline")).to_contain_text("需等待劳动能力鉴定结论")
    open_case(handler, base, refused)
    expect(handler.locator(".timeline")).to_contain_text("理由不足，应按期办结")
    shot(handler, "handler-department-05-extension-refused")
    assert in_queue(handler, base, granted) and in_queue(handler, base, refused)


def test_reviewer_revokes_an_opinion_and_the_case_returns_to_its_handling_unit(
    live_server, desk, phone, shot
) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    matter = answered(org, registered(org, title="工伤待遇核定有误", phone="13712345678"), by="renshe")
    # The citizen asks for 复查 on the phone: the request reaches the district government (Art. 35).
    citizen = phone()
    citizen.goto(f"{base}/portal/query/")
    citizen.fill("#id_query_code", matter.query_code)
    citizen.fill("#id_phone_last4", "5678")
    citizen.click("main button[type=submit]")
    citizen.fill("#id_reason", "工伤待遇计算基数有误，请求复查")
    citizen.locator("#review button[type=submit]").click()
    expect(citizen.locator("#status")).to_have_text("复查中")
    shot(citizen, "citizen-03-review-requested")

    # While the organ decides, the department keeps read access to its own case (ADR 0014 §1).
    handler = desk()
    login(handler, base, "renshe")
    assert not in_queue(handler, base, matter)
    handler.goto(f"{base}/petitions/{matter.pk}/")
    expect(handler.locator("main h2 .badge")).to_have_text("复查中")

    page = desk()
    login(page, base, "fucha")
    assert matter.number in open_queue(page, base)
    shot(page, "reviewer-01-queue")
    open_case(page, base, matter)
    shot(page, "reviewer-02-case")
    act(
        page,
        "decide_review",
        {
            "outcome": "撤销原处理意见，责令重新办理",
            "opinion": "原处理意见认定事实不清，责令重新核定工伤待遇。",
            "reason": "工伤待遇计算基数未按上年度职工月平均工资核定",
        },
    )
    matter.refresh_from_db()
    assert kinds(matter)[-1] == Act.DECIDE_REVIEW

    assert (matter.status, matter.current_unit) == (Status.HANDLING, user("renshe").unit)
    assert not in_queue(page, base, matter)

    # The next role: the department that handled it has it back in its queue, with a new clock,
    # and can answer again.
    assert in_queue(handler, base, matter)
    open_case(handler, base, matter)
    expect(handler.locator(".timeline")).to_contain_text("工伤待遇计算基数未按上年度职工月平均工资核定")
    d5 = matter.deadlines.filter(code="D5").order_by("-pk").first()
    assert d5 is not None and d5.due_on is not None and d5.due_on > timezone.localdate()
    assert "reply" in acts_offered(handler)
    shot(handler, "handler-department-06-case-revoked")
