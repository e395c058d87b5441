"""Each role's working day in real Chromium against the live server (#11 "Done when").

Every test opens the role's own queue, takes the role's acts through the pages, and then signs in
as the next role and finds the result in that role's queue. What is not the subject of a test is
built through the services (harness_state); screenshots of each role's main pages are saved at
1366×768 (the citizen at 390×844) as artefacts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import days_ago
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.supervision.models import SupervisionOrder

from .harness import act, acts_offered, contrast, demo_org, in_queue, login, open_case, open_queue, user
from .harness_state import answered, extension_requested, handling, registered, sent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def kinds(petition: Petition) -> list[str]:
    return list(petition.events.order_by("seq").values_list("kind", flat=True))


def test_registrar_registers_a_visit_and_sends_cases_to_a_department_and_a_street(
    live_server, desk, shot
) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    letter = registered(org, title="物业擅自提高停车费", category="property_mgmt", place="和平社区")
    page = desk()
    login(page, base, "dengji")
    assert letter.number in open_queue(page, base)
    assert page.request.get(base + page.locator("link[rel=icon]").get_attribute("href")).ok
    shot(page, "registrar-01-queue")

    page.goto(f"{base}/register/")
    page.select_option("#channel", "visit")
    page.select_option("#category", "labour")
    page.fill("#title", "建筑工地拖欠工资")
    page.fill("#content", "某建筑公司拖欠12名工人三个月工资共计8万元，多次讨要未果。")
    page.fill("#request", "责令公司支付拖欠工资")
    page.fill("#petitioner_name", "张建国")
    page.fill("#petitioner_id_number", "11010519491231002X")
    page.fill("#petitioner_phone", "13800138000")
    page.select_option("#location_unit", label="幸福社区")
    shot(page, "registrar-02-register")
    page.click("button[type=submit]:has-text('确认登记')")
    expect(page.locator(".querycode")).to_be_visible()
    visit = Petition.objects.get(title="建筑工地拖欠工资")
    assert page.inner_text(".querycode") == visit.query_code and visit.channel == "visit"

    # 转送 the visit to the department the routing table suggests (人社局 for labour matters).
    open_case(page, base, visit)
    picker = page.locator("details[data-act=dispatch] select[name=to_unit]")
    assert picker.evaluate("s => s.options[s.selectedIndex].text").strip() == "区人力资源和社会保障局"
    assert page.locator("details[data-act=dispatch] .unit-filter").count() == 1  # many units: a filter
    # Art. 30: the cadre notice offers the one 组织（人事）部门, pre-selected, with no filter box.
    cadre = page.locator("details[data-act=notify_cadre]")
    assert (
        cadre.locator("select[name=to_unit]").evaluate("s => s.options[s.selectedIndex].text") == "区委组织部"
    )
    assert cadre.locator(".unit-filter").count() == 0
    act(page, "dispatch", {"mode": "转送"})
    # 交办 the property matter to the street where it happened, with a deadline for its report.
    open_case(page, base, letter)
    act(page, "dispatch", {"to_unit": "龙城街道", "mode": "交办", "due_days": "30"})
    shot(page, "registrar-03-case-dispatched")
    queue = open_queue(page, base)
    assert visit.number not in queue and letter.number not in queue

    department, street = desk(), desk()
    login(department, base, "renshe")
    assert in_queue(department, base, visit) and not in_queue(department, base, letter)
    login(street, base, "longcheng")
    assert in_queue(street, base, letter) and not in_queue(street, base, visit)
    visit.refresh_from_db()
    letter.refresh_from_db()
    assert (visit.status, visit.current_unit) == (Status.DISPATCHED, user("renshe").unit)
    assert (letter.status, letter.current_unit) == (Status.DISPATCHED, user("longcheng").unit)
    assert letter.events.get(kind=Act.DISPATCH).payload["mode"] == "assign"


def test_citizen_follows_the_matter_by_query_code_and_rates_it(live_server, phone, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    matter = answered(org, registered(org, title="欠薪投诉", phone="13912345678"), by="renshe")
    page = phone()
    page.goto(f"{base}/portal/query/")
    page.fill("#id_query_code", matter.query_code)
    page.fill("#id_phone_last4", "5678")
    page.click("main button[type=submit]")
    expect(page.locator("#status")).to_have_text("已答复")
    shot(page, "citizen-01-matter-answered")
    page.select_option("#id_option", label="满意")
    page.locator("#evaluate button[type=submit]").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    shot(page, "citizen-02-rated")
    matter.refresh_from_db()
    assert matter.evaluation == "satisfied"

    handler = desk()
    login(handler, base, "renshe")
    handler.goto(f"{base}/petitions/{matter.pk}/")
    expect(handler.locator(".timeline")).to_contain_text("满意")


def test_supervisor_finds_an_overdue_case_and_supervises_its_unit(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    with time_machine.travel(days_ago(90)):
        late = handling(org, registered(org, title="工资拖欠九十日未答复"), by="renshe")
    page = desk()
    login(page, base, "ducha")
    page.goto(f"{base}/")
    shot(page, "supervisor-01-home")
    page.locator(".counts a[href*='overdue=true']").first.click()
    open_from_list = page.locator("main").get_by_role("link", name=late.number, exact=True)
    expect(open_from_list).to_have_count(1)
    shot(page, "supervisor-02-overdue-list")
    open_from_list.click()
    page.locator(".supervision-panel").get_by_role("link", name="督办", exact=True).click()
    assert (
        page.locator("#id_target_unit").evaluate("s => s.options[s.selectedIndex].text")
        == "区人力资源和社会保障局"
    )
    page.select_option("#id_problem", label="拖延")
    page.select_option("#id_reason", label="改进工作的建议")
    page.fill("#id_content", "该事项已超过法定办理期限，请于五日内出具处理意见并书面反馈。")
    page.fill("#id_due_on", (timezone.localdate() + timedelta(days=5)).isoformat())
    page.get_by_role("button", name="发出督办").click()
    expect(page.locator(".messages .success")).to_contain_text("已发出督办单")
    shot(page, "supervisor-03-order")
    order = SupervisionOrder.objects.get(petition=late)

    # The next role: the supervised unit's head finds it among the orders awaiting its feedback.
    head = desk()
    login(head, base, "renshe_head")
    # The order is announced in the top bar, in a count one can read (it was white on white).
    badge = head.locator(".topbar nav .badge")
    expect(badge).to_be_visible()
    assert contrast(badge) >= 4.5
    head.goto(f"{base}/supervision/")
    head.locator("main").get_by_role("link", name=order.number).first.click()
    shot(head, "unit-head-03-supervision-order")
    head.select_option("#id_adoption", label="采纳")
    head.fill("#id_feedback", "已约谈承办人，三日内出具处理意见书。")
    head.get_by_role("button", name="提交书面反馈").click()
    expect(head.locator(".messages .success")).to_have_count(1)

    # Back to the supervisor, who accepts the feedback.
    page.goto(f"{base}/supervision/orders/{order.pk}/")
    expect(page.locator("main")).to_contain_text("已约谈承办人")
    page.get_by_role("button", name="认可反馈").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    order.refresh_from_db()
    assert order.adoption == "adopted" and order.reviewed_by == user("ducha")


def test_supervisor_keeps_a_key_case_and_its_officials_find_it(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    """重点案件台账: the matter named by its 编号, the 责任人 picked by typing the unit's name."""
    org = demo_org()
    base = live_server.url
    matter = handling(org, registered(org, title="小区业主集体维权", category="housing"), by="zhujian")
    page = desk()
    login(page, base, "ducha")
    page.goto(f"{base}/supervision/key-cases/")
    page.select_option("#id_kind", label="重点案件")
    page.fill("#id_subject", "某小区业主集体维权")
    page.fill("#id_petition", matter.number)
    page.select_option("#id_status", label="化解中")
    officials = page.locator("#id_officials")
    page.locator(".unit-filter").last.fill("住房和城乡建设局")
    shown = officials.evaluate(
        "s => [...s.options].filter(o => !o.hidden && !o.parentElement.hidden).map(o => o.text)"
    )
    assert shown and all("区住房和城乡建设局" in name for name in shown)
    officials.select_option(str(user("zhujian").pk))
    page.get_by_role("button", name="建立").click()
    expect(page.locator(".messages .success")).to_contain_text("已建立台账")
    shot(page, "supervisor-04-key-case")

    # The next role: the official finds the entry and moves it on.
    official = desk()
    login(official, base, "zhujian")
    official.goto(f"{base}/supervision/key-cases/")
    row = official.locator("tr", has_text="某小区业主集体维权")
    expect(row).to_contain_text(matter.number)
    row.locator("select[name=status]").select_option(label="稳控中")
    row.get_by_role("button", name="更新").click()
    expect(official.locator(".messages .success")).to_contain_text("状态已更新")


def test_bureau_leader_signs_in_with_a_code_takes_a_case_and_lists_it(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    hard = handling(org, registered(org, title="群体欠薪多次进京上访", category="labour"), by="renshe")
    page = desk()
    login(page, base, "juzhang")  # 局领导 enters the TOTP code on the way in
    shot(page, "leader-01-home")
    page.goto(f"{base}/analytics/")
    shot(page, "leader-02-dashboard")
    open_case(page, base, hard)
    page.locator(".supervision-panel").get_by_role("link", name="安排包案").click()
    page.select_option("#id_leader", str(user("juzhang").pk))
    page.fill("#id_note", "涉及群体欠薪，局长包案")
    page.get_by_role("button", name="确认包案").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    page.goto(f"{base}/petitions/{hard.pk}/")
    page.locator(".supervision-panel").get_by_role("link", name="督办", exact=True).click()
    page.select_option("#id_problem", label="拖延")
    page.select_option("#id_reason", label="追究责任的建议")
    page.fill("#id_content", "局长包案事项，挂牌督办，十日内化解并书面反馈。")
    page.fill("#id_due_on", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.check("#id_listed")
    page.get_by_role("button", name="发出督办").click()
    expect(page.locator(".messages .success")).to_have_count(1)
    shot(page, "leader-03-listed-order")

    # The next role: the handler sees who owns the case, and the unit sees it listed.
    handler = desk()
    login(handler, base, "renshe")
    open_case(handler, base, hard)
    expect(handler.locator(".supervision-panel")).to_contain_text("李局长")
    expect(handler.locator(".supervision-panel")).to_contain_text("挂牌")
    handler.goto(f"{base}/supervision/")
    expect(handler.locator("main")).to_contain_text(SupervisionOrder.objects.get(petition=hard).number)


def extension_awaits(head, base: str, username: str, petition: Petition, reason: str) -> None:  # type: ignore[no-untyped-def]
    """The unit head finds the case in the queue, the request in its record, and 延期 offered."""
    login(head, base, username)
    assert in_queue(head, base, petition)
    open_case(head, base, petition)
    expect(head.locator(".timeline")).to_contain_text("申请延期")
    assert "extend" in acts_offered(head)


def test_department_handler_signs_accepts_replies_and_asks_for_an_extension(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    wages = sent(org, registered(org, title="拖欠农民工工资"), to="renshe")
    slow = handling(org, registered(org, title="社保关系转移受阻", category="social_security"), by="renshe")
    page = desk()
    login(page, base, "renshe")
    queue = open_queue(page, base)
    assert wages.number in queue and slow.number in queue
    shot(page, "handler-department-01-queue")

    open_case(page, base, wages)
    act(page, "sign")
    act(page, "accept")
    act(page, "classify", {"route": "6"})
    shot(page, "handler-department-02-case-handling")
    act(
        page,
        "reply",
        {
            "outcome": "予以支持",
            "opinion": "经核实，责令该公司十日内足额支付拖欠工资。",
            "legal_basis": "《保障农民工工资支付条例》第三条",
        },
    )
    expect(page.locator("a[data-doc=opinion]")).to_be_visible()
    # Not yet served: the petitioner's 复查 window waits for the 送达 (ADR 0014 §3).
    clocks = page.locator(".card", has=page.locator("h3", has_text="法定期限"))
    expect(clocks).to_contain_text("未送达")
    shot(page, "handler-department-03-case-answered")
    act(
        page,
        "serve",
        {"document": "信访处理意见书", "served_on": timezone.localdate().isoformat(), "manner": "邮寄送达"},
    )
    expect(clocks).not_to_contain_text("未送达")
    wages.refresh_from_db()
    assert wages.status == Status.ANSWERED
    assert kinds(wages)[-5:] == ["sign", "accept", "classify", "reply", "serve"]

    open_case(page, base, slow)
    act(page, "request_extension", {"days": "15", "reason": "需调取外省社保记录，核实时间较长"})
    slow.refresh_from_db()
    assert slow.events.filter(kind=Act.REQUEST_EXTENSION).count() == 1

    # The next role: the unit head finds the case in the queue, the request on it, and may approve.
    extension_awaits(desk(), base, "renshe_head", slow, "需调取外省社保记录")


def test_street_handler_works_an_assigned_case_and_asks_for_an_extension(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    parking = sent(
        org,
        registered(org, title="小区停车位被占用", category="property_mgmt", place="幸福社区"),
        to="longcheng",
        mode="assign",
    )
    page = desk()
    login(page, base, "longcheng")
    assert parking.number in open_queue(page, base)
    shot(page, "handler-street-01-queue")
    open_case(page, base, parking)
    act(page, "sign")
    act(page, "accept")
    act(page, "classify", {"route": "6"})
    act(
        page,
        "reply",
        {
            "outcome": "解释说明",
            "opinion": "经核查，占用车位系临时施工所致，已协调物业于三日内清理。",
            "legal_basis": "《物业管理条例》第五十条",
            "served_on": timezone.localdate().isoformat(),  # handed over on the spot
        },
    )
    # 交办: the street reports back to the bureau that assigned it (Art. 22(1)(3)).
    act(page, "report_completion", {"summary": "已答复信访人并当场送达处理意见书，车位已清理。"})
    shot(page, "handler-street-02-case-reported")
    parking.refresh_from_db()
    assert parking.status == Status.ANSWERED and parking.current_unit == user("longcheng").unit
    assert kinds(parking)[-3:] == ["reply", "serve", "report_completion"]
    # The next role: the bureau that assigned it sees the report on the case.
    registrar = desk()
    login(registrar, base, "dengji")
    registrar.goto(f"{base}/petitions/{parking.pk}/")
    expect(registrar.locator(".timeline")).to_contain_text("龙城街道")
    expect(registrar.locator(".timeline li").last).to_contain_text("提交办结报告")

    slow = handling(
        org, registered(org, title="老旧小区加装电梯纠纷", category="property_mgmt"), by="longcheng"
    )
    open_case(page, base, slow)
    act(page, "request_extension", {"days": "20", "reason": "需协调物业公司与业委会共同核查"})
    shot(page, "handler-street-03-extension-requested")

    extension_awaits(desk(), base, "longcheng_head", slow, "需协调物业公司与业委会共同核查")


def test_unit_head_approves_an_extension(live_server, desk, shot) -> None:  # type: ignore[no-untyped-def]
    org = demo_org()
    base = live_server.url
    granted = extension_requested(
        org, registered(org, title="工伤认定久拖不决"), by="renshe", days=20, reason="需等待劳动能力鉴定结论"
    )
    page = desk()
    login(page, base, "renshe_head")
    shot(page, "unit-head-00-home")
    assert in_queue(page, base, granted)
    open_case(page, base, granted)
    act(page, "extend", {"days": "20", "reason": "需等待劳动能力鉴定结论"})
    shot(page, "unit-head-01-extension-approved")
    assert kinds(granted)[-1] == Act.EXTEND

    handler = desk()
    login(handler, base, "renshe")
    assert in_queue(handler, base, granted)
    open_case(handler, base, granted)
    expect(handler.locator(".timeline li").last).to_contain_text("延期")
    assert "extend" not in acts_offered(handler)


def test_a_portal_petition_reaches_the_district_registrar(live_server, phone, desk, shot) -> None:  # type: ignore[no-untyped-def]
    demo_org()
    base = live_server.url
    citizen = phone()
    citizen.goto(f"{base}/portal/")
    shot(citizen, "citizen-04-portal-home")
    citizen.click("text=我要信访")
    citizen.fill("#id_name", "赵六")
    citizen.fill("#id_id_number", "11010519491231002X")
    citizen.fill("#id_phone", "13655556666")
    citizen.fill("#id_address", "龙城街道幸福社区8栋")
    citizen.select_option("#id_category", label="劳资纠纷")
    citizen.select_option("#id_location_unit", label="幸福社区")
    citizen.fill("#id_title", "餐馆拖欠服务员工资")
    citizen.fill("#id_content", "幸福社区某餐馆拖欠5名服务员两个月工资。")
    citizen.fill("#id_request", "责令餐馆支付工资")
    citizen.check("#id_acknowledged")
    shot(citizen, "citizen-05-portal-form")
    citizen.click("main button[type=submit]")
    code = citizen.locator("#query-code").inner_text()
    shot(citizen, "citizen-06-portal-receipt")
    online = Petition.objects.get(query_code=code)

    page = desk()
    login(page, base, "dengji")
    assert online.number in open_queue(page, base)
    page.goto(f"{base}/petitions/?channel=online")  # the registrar's list, filtered to 网上
    row = page.locator("main table tbody tr", has=page.get_by_role("link", name=online.number, exact=True))
    expect(row).to_contain_text("网上")
    shot(page, "registrar-04-online-list")
    open_case(page, base, online)
    act(page, "dispatch", {"to_unit": "区人力资源和社会保障局", "mode": "转送"})
    handler = desk()
    login(handler, base, "renshe")
    assert in_queue(handler, base, online)
