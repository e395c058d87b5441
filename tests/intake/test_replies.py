"""Reply assistant: 类案参考 respects visibility and accusation confidentiality; 答复评查 names each gap."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PATHS, Org, petition_in, register, staff
from xinfang.intake.indexing import intake_backfill
from xinfang.intake.replies import reply_check, reply_references
from xinfang.orgs.constants import DataScope
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db

FUMES = "甲社区魅力之城小区临街餐馆油烟直排，严重影响居民生活，请求责令餐馆安装油烟净化设备。"
COMPLETE = (
    "经调查核实，魅力之城小区临街餐馆确未安装油烟净化设备，油烟直排属实。"
    "区城管局已责令餐馆于15日内安装油烟净化设备，您的请求予以支持。"
    "如对本处理意见不服，可以自收到本意见书之日起30日内向测试区人民政府请求复查。"
)
BASIS = "《中华人民共和国大气污染防治法》第八十一条"


def closed_on_acceptance(org: Org, **overrides: object) -> Petition:
    """答复 then 办结 when the petitioner accepts: the matter stays at the unit that replied."""
    petition = petition_in(org, Status.ANSWERED, **overrides)
    return services.petition_close(petition=petition, actor=org.housing_handler, petitioner_accepts=True)


def test_references_are_closed_visible_and_never_reach_the_accused(org: Org) -> None:
    closed = petition_in(org, Status.CLOSED, title="餐馆油烟扰民", content=FUMES)
    accusation = register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        title="举报甲街道放任餐馆油烟扰民",
        content="举报甲街道城管干部收受好处，放任" + FUMES,
    )
    # accusations skip Art. 31 classification (受理 leads straight to handling) and close on acceptance
    for step in [s for s in PATHS[Status.ANSWERED] if s.__name__ != "_classify"]:
        accusation = step(org, accusation)
    accusation = services.petition_close(
        petition=accusation, actor=org.housing_handler, petitioner_accepts=True
    )
    assert accusation.status == Status.CLOSED
    still_open = register(org, title="餐馆油烟扰民", content=FUMES + "已多次反映。")  # not closed
    current = petition_in(org, Status.HANDLING, title="油烟扰民", content=FUMES)
    intake_backfill()
    seen = [r.petition_id for r in reply_references(user=org.leader, petition=current)]
    assert closed.pk in seen and accusation.pk in seen and still_open.pk not in seen
    first = reply_references(user=org.leader, petition=current)[0]
    assert first.outcome == "not_support" and first.outcome_label == "不予支持" and first.opinion
    accused = staff(org.street_a, scope=DataScope.ALL)  # sees everything except what accuses it
    assert [r.petition_id for r in reply_references(user=accused, petition=current)] == [closed.pk]
    outsider = staff(org.street_b)  # own unit only: none of these is at 乙街道
    assert reply_references(user=outsider, petition=current) == []


def test_complete_draft_has_no_warnings(org: Org) -> None:
    petition = petition_in(
        org, Status.HANDLING, title="餐馆油烟扰民", content=FUMES, request="安装油烟净化设备"
    )
    check = reply_check(petition=petition, outcome="support", opinion=COMPLETE, legal_basis=BASIS)
    assert check.warnings == [] and check.complete


@pytest.mark.parametrize(
    ("opinion", "outcome", "basis", "expected"),
    [
        ("已处理。", "", "", {"relevance", "facts", "outcome", "basis", "remedy"}),
        (COMPLETE.replace("经调查核实，", "").replace("确未安装", "未安装"), "support", BASIS, {"facts"}),
        (COMPLETE, "support", "按有关精神办理", {"basis"}),
        (COMPLETE.replace("之日起30日内", ""), "support", BASIS, {"remedy_window"}),
        (COMPLETE.replace("向测试区人民政府", "向上级"), "support", BASIS, {"remedy_organ"}),
        (COMPLETE.split("如对本处理意见不服")[0], "support", BASIS, {"remedy"}),
        (COMPLETE.replace("予以支持", "不予支持"), "support", BASIS, {"outcome"}),
        (COMPLETE.replace("您的请求予以支持。", ""), "support", BASIS, {"outcome"}),
        (
            "经调查核实，您反映的学区划分问题已转教育局。如不服，可自收到之日起30日内向测试区人民政府请求复查。"
            "予以支持。",
            "support",
            BASIS,
            {"relevance"},
        ),
    ],
)
def test_each_missing_element_is_named(
    org: Org, opinion: str, outcome: str, basis: str, expected: set[str]
) -> None:
    petition = petition_in(
        org, Status.HANDLING, title="餐馆油烟扰民", content=FUMES, request="安装油烟净化设备"
    )
    check = reply_check(petition=petition, outcome=outcome, opinion=opinion, legal_basis=basis)
    assert {w.code for w in check.warnings} == expected
    assert all(w.element and w.message and w.article for w in check.warnings)
    if "relevance" in expected:
        relevance = next(w for w in check.warnings if w.code == "relevance")
        assert "油烟" in relevance.message  # names what the request asked about
    if "remedy_organ" in expected:
        assert "测试区" in next(w for w in check.warnings if w.code == "remedy_organ").message


def test_pages_show_references_and_warnings_only_for_a_visible_petition(org: Org) -> None:
    closed_on_acceptance(org, title="餐馆油烟扰民", content=FUMES)
    current = petition_in(org, Status.HANDLING, title="油烟扰民", content=FUMES, request="安装油烟净化设备")
    intake_backfill()
    client = Client()
    client.force_login(org.housing_handler)
    page = client.get(f"/petitions/{current.pk}/")
    assert 'id="reply-assistant"' in page.content.decode()
    refs = client.get(f"/intake/replies/{current.pk}/references/")
    assert refs.status_code == 200 and "不予支持" in refs.content.decode()
    checked = client.post(f"/intake/replies/{current.pk}/check/", {"opinion": "已处理。", "outcome": ""})
    body = checked.content.decode()
    for code in ("relevance", "facts", "outcome", "basis", "remedy"):
        assert f'data-warning="{code}"' in body
    stranger = Client()
    stranger.force_login(staff(org.street_b))
    assert stranger.get(f"/intake/replies/{current.pk}/references/").status_code == 404
    assert stranger.post(f"/intake/replies/{current.pk}/check/", {"opinion": "x"}).status_code == 404


def test_a_reference_is_dated_by_the_local_day_of_its_reply(org: Org) -> None:
    """A reply written at 07:30 in Beijing is on that day, not on the UTC day before."""
    import time_machine

    with time_machine.travel("2026-06-10 07:30 +0800", tick=False):
        closed = petition_in(org, Status.CLOSED, title="餐馆油烟扰民", content=FUMES)
    current = petition_in(org, Status.HANDLING, title="油烟扰民", content=FUMES)
    intake_backfill()
    [reference] = [r for r in reply_references(user=org.leader, petition=current) if r.petition_id == closed.pk]
    assert reference.closed_on == "2026-06-10"
