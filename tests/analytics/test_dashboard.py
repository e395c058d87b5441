"""Dashboard: visibility, bounded queries, links to the petition list, risk fallback, downloads."""

from __future__ import annotations

import sys
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import Org, petition_in, register, services
from xinfang.analytics.services import stats_refresh
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Status


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def data(org: Org) -> Org:
    for _ in range(3):
        petition_in(org, Status.HANDLING, channel=Channel.ONLINE)  # 区住建局
    services.petition_dispatch(
        petition=register(org, location_unit=org.community_a),
        actor=org.registrar,
        to_unit=org.street_a,
        mode="transfer",
    )
    stats_refresh()
    return org


def test_leader_sees_everything_with_links(data: Org) -> None:
    response = _client(data.leader).get("/analytics/")
    assert response.status_code == 200
    cards = {label: (n, url) for label, n, url in response.context["cards"]}
    assert cards["信访总量"][0] == 4
    assert cards["网上信访"][0] == 3
    query = parse_qs(urlparse(cards["网上信访"][1]).query)
    today = timezone.localdate()
    assert query["channel"] == ["online"]
    assert query["received_from"] == [today.replace(day=1).isoformat()]
    # The link really lists those petitions.
    listed = _client(data.leader).get(cards["网上信访"][1])
    assert listed.status_code == 200
    assert len(listed.context["page"].object_list) == 3
    html = response.content.decode()
    assert "vendor/echarts-6.1.0/echarts.min.js" in html and "dashboard-data" in html


def test_street_user_sees_only_own_unit(data: Org) -> None:
    response = _client(data.street_a_handler).get("/analytics/")
    assert response.context["total"]["total"] == 1
    names = [e["name"] for e in response.context["ranked"] + response.context["unranked"]]
    assert names == [data.street_a.name]


def test_queries_do_not_grow_with_data_or_period(data: Org, django_assert_max_num_queries: object) -> None:
    client = _client(data.leader)
    client.get("/analytics/")  # session and first-use caches
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        client.get("/analytics/?start=2024-01&end=2026-12&rank_by=satisfaction")
    for _ in range(5):
        petition_in(data, Status.REGISTERED)
    stats_refresh()
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        client.get(f"/analytics/?unit={data.housing.pk}")


def test_ranking_threshold_and_sample_size(data: Org, settings: object) -> None:
    settings.XINFANG_KPI = {"ranking_min_volume": 2}  # type: ignore[attr-defined]
    context = _client(data.leader).get("/analytics/?rank_by=online_share").context
    assert [(e["name"], e["total"], e["position"]) for e in context["ranked"]] == [(data.housing.name, 3, 1)]
    assert [e["name"] for e in context["unranked"]] == [data.street_a.name]  # 1 petition: listed, not ranked


def test_no_unit_reaching_the_sample_size_hides_the_chart_and_says_why(data: Org, settings: object) -> None:
    """An empty ranking chart read as a fault (usability findings): the reason instead."""
    settings.XINFANG_KPI = {"ranking_min_volume": 50}  # type: ignore[attr-defined]
    page = _client(data.leader).get("/analytics/?rank_by=online_share").content.decode()
    assert 'id="chart-ranking"' not in page
    assert "本期没有单位的样本量达到 50 件" in page and data.housing.name in page
    settings.XINFANG_KPI = {"ranking_min_volume": 2}  # type: ignore[attr-defined]
    page = _client(data.leader).get("/analytics/?rank_by=online_share").content.decode()
    assert 'id="chart-ranking"' in page and 'id="no-ranking"' not in page


def test_risk_fallback_when_intake_is_missing(data: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xinfang.intake.selectors", None)  # import now raises ImportError
    response = _client(data.leader).get("/analytics/")
    assert response.status_code == 200
    assert response.context["risks_open"] is None
    assert "风险预警模块尚未启用" in response.content.decode()


def test_bad_month_falls_back_with_message(data: Org) -> None:
    response = _client(data.leader).get("/analytics/?end=2026-13")
    assert response.status_code == 200
    assert "月份：应为“年-月”，例如 2026-03" in response.content.decode()


def test_downloads(data: Org) -> None:
    client = _client(data.leader)
    month = timezone.localdate().strftime("%Y-%m")
    monthly = client.get(f"/analytics/report/monthly.docx?month={month}")
    assert monthly.status_code == 200
    assert monthly.content.startswith(b"PK")
    annual = client.get(f"/analytics/report/annual.xlsx?year={timezone.localdate().year}")
    assert annual.status_code == 200 and annual.content.startswith(b"PK")
    assert client.get("/analytics/report/monthly.docx?month=x").status_code == 302


def test_login_required(db) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/analytics/").status_code == 302


def test_self_scope_is_counted_live(data: Org) -> None:
    from tests.factories import staff
    from xinfang.orgs.constants import DataScope
    from xinfang.petitions.selectors import petitions_visible_to

    own = staff(data.housing, scope=DataScope.SELF)
    petition = petition_in(data, Status.REGISTERED)
    services.petition_dispatch(petition=petition, actor=data.registrar, to_unit=data.housing, mode="transfer")
    from xinfang.petitions.models import Petition

    Petition.objects.filter(pk=petition.pk).update(handler=own)
    response = _client(own).get("/analytics/")
    assert response.status_code == 200
    assert response.context["total"]["total"] == petitions_visible_to(own).count() == 1
    assert sum(response.context["charts"]["trend"]["values"]) == 1
