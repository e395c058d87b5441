"""Unit pickers follow the unit tree, lead with the suggested unit and offer only valid units (#11.7)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.factories import Org, UnitFactory, organisation_department, petition_in, register
from xinfang.orgs.constants import AdminLevel, UnitKind
from xinfang.orgs.selectors import discipline_organ_for, unit_groups, unit_tree
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import RoutingRule

STATIC = Path(__file__).resolve().parents[2] / "src" / "xinfang" / "web" / "static" / "web"


def picker(page: str, act: str, name: str) -> str:
    form = page[page.index(f'data-act="{act}"') :]
    start = form.index(f'name="{name}"')
    return form[start : form.index("</select>", start)]


def groups(select: str) -> list[tuple[str, list[str]]]:
    """(group label, option texts) in the order shown."""
    return [
        (label, re.findall(r"<option [^>]*>([^<]*)</option>", body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


def test_units_are_grouped_by_parent_in_tree_order(org: Org) -> None:
    late = UnitFactory(name="区财政局", parent=org.district, sort=0)
    org.housing.sort = 5
    org.housing.save()
    shown = unit_groups([org.community_b, org.housing, org.community_a, late, org.district, org.street_a])
    assert shown == [
        ("测试市", [(org.district.pk, "测试区")]),
        # siblings by the admin's sort, then by id: 甲街道 (0, older), 区财政局 (0), 区住建局 (5)
        (
            "测试市 › 测试区",
            [(org.street_a.pk, "甲街道"), (late.pk, "区财政局"), (org.housing.pk, "区住建局")],
        ),
        ("测试市 › 测试区 › 甲街道", [(org.community_a.pk, "甲社区")]),
        ("测试市 › 测试区 › 乙街道", [(org.community_b.pk, "乙社区")]),
    ]
    assert unit_groups([org.city], tree=unit_tree()) == [("最上级", [(org.city.pk, "测试市")])]


def test_the_nearest_discipline_organ_is_chosen(org: Org) -> None:
    street_organ = UnitFactory(
        name="甲街道纪工委", kind=UnitKind.DISCIPLINE, level=AdminLevel.STREET, parent=org.street_a
    )
    units = list(unit_tree().values())
    assert discipline_organ_for(org.community_a, units) == street_organ
    assert discipline_organ_for(org.community_b, units) == org.discipline
    assert discipline_organ_for(org.city, units) == org.discipline  # none above: the first in the tree


def test_dispatch_leads_with_the_routing_suggestion_and_leaves_out_the_own_unit(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    RoutingRule.objects.create(category=org.categories["housing"], area=None, handling_unit=org.housing)
    petition = register(org)
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    select = picker(page, "dispatch", "to_unit")
    shown = groups(select)
    assert shown[0] == ("分拨路由表推荐", ["区住建局"])
    assert f'<option value="{org.housing.pk}" selected>' in select and select.count("selected") == 1
    assert "区住建局" not in [name for _, names in shown[1:] for name in names]
    assert "区信访局" not in select  # the registering bureau does not dispatch to itself
    assert ("测试市 › 测试区 › 甲街道", ["甲社区"]) in shown
    assert "data-unit-filter" in select and "已按分拨路由表预选承办单位" in page


def test_an_accusation_preselects_the_discipline_organ_and_hides_the_accused(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    RoutingRule.objects.create(category=org.categories["accusation"], area=None, handling_unit=org.housing)
    petition = register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        title="举报甲街道干部违规收费",
        content="举报甲街道城建科干部违规收取费用。",
    )
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    dispatch = picker(page, "dispatch", "to_unit")
    assert groups(dispatch)[0] == ("检举控告：纪检监察机关", ["区纪委监委"])
    assert f'<option value="{org.discipline.pk}" selected>' in dispatch
    assert "甲街道" not in dispatch and "甲社区" not in dispatch  # never the accused unit or below (Art. 30)
    divert = picker(page, "divert", "to_unit")
    assert [name for _, names in groups(divert) for name in names] == ["区纪委监委", "区委政法委"]
    assert f'<option value="{org.discipline.pk}" selected>' in divert


def test_a_cadre_notice_offers_only_the_organisation_department(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    """Art. 30: 向组织（人事）部门通报. No such unit yet: an empty picker that says what to do."""
    petition = petition_in(org, Status.HANDLING)
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    assert groups(picker(page, "notify_cadre", "to_unit")) == []
    assert "单位中还没有组织（人事）部门" in page
    office = organisation_department(org)
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    select = picker(page, "notify_cadre", "to_unit")
    assert groups(select) == [("组织（人事）部门", ["区委组织部"])]  # the only one, pre-selected
    assert f'<option value="{office.pk}" selected>' in select and "单位中还没有" not in page
    UnitFactory(name="区人事局", kind=UnitKind.PERSONNEL, parent=org.district)
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    select = picker(page, "notify_cadre", "to_unit")
    assert groups(select) == [("测试市 › 测试区", ["区委组织部", "区人事局"])] and "selected" not in select


def test_review_request_offers_only_the_review_organs(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.ANSWERED)
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    select = picker(page, "request_review", "unit")
    assert groups(select) == [("测试市", ["测试区"])]


def test_a_failed_submission_keeps_the_chosen_unit_not_the_suggestion(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    RoutingRule.objects.create(category=org.categories["housing"], area=None, handling_unit=org.housing)
    petition = register(org)
    response = client_as(org.registrar).post(
        f"/petitions/{petition.pk}/act/dispatch/",
        {"to_unit": org.labour.pk, "mode": "", "version": petition.version},
    )
    select = picker(response.content.decode(), "dispatch", "to_unit")
    assert response.status_code == 400
    assert f'<option value="{org.labour.pk}" selected>' in select and select.count("selected") == 1


def test_the_filter_box_is_a_static_script() -> None:
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    assert "select[data-unit-filter]" in script and "输入单位名称筛选" in script


def test_the_registration_pickers_follow_the_tree(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as(org.registrar).get("/register/").content.decode()
    place = page[page.index('id="location_unit"') : page.index("</select>", page.index('id="location_unit"'))]
    assert groups(place) == [
        ("测试市 › 测试区", ["甲街道", "乙街道"]),
        ("测试市 › 测试区 › 甲街道", ["甲社区"]),
        ("测试市 › 测试区 › 乙街道", ["乙社区"]),
    ]
    accused = page[page.index('id="accused_unit"') : page.index("</select>", page.index('id="accused_unit"'))]
    assert groups(accused)[0] == ("最上级", ["测试市"]) and "data-unit-filter" in accused
