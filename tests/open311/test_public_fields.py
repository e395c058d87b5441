"""Clean public fields and statuses that keep their meaning (issue #15.4, #15.6)."""

import pytest
from django.test import Client, override_settings

from tests.factories import PATHS, Org
from tests.open311.conftest import valid_post
from xinfang.open311.services import request_title
from xinfang.open311.statuses import Facts, extended_status, facts_from
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db
URL = "/open311/v2/requests.json"


def _created(client: Client, api_key: str, **overrides: str) -> Petition:
    response = client.post(URL, valid_post(api_key, **overrides))
    assert response.status_code == 201, response.content
    return Petition.objects.get(number=response.json()[0]["service_request_id"])


def _row(client: Client, petition: Petition) -> dict[str, object]:
    rows: list[dict[str, object]] = client.get(f"/open311/v2/requests/{petition.number}.json").json()
    return rows[0]


def test_the_title_is_one_clean_line_from_the_first_line() -> None:
    fms = "title: 路灯不亮\r\n\r\ndetail: 幸福路12号路灯坏了三天\r\n\r\nurl: https://fms.example/report/9\n"
    assert request_title("城市管理", fms) == "城市管理：路灯不亮"
    assert request_title("城市管理", "\n\n  标题：井盖\t缺失  \n其余") == "城市管理：井盖 缺失"
    assert request_title("城市管理", "井盖\x00缺失\x1b了\x0b其余") == "城市管理：井盖 缺失 了"
    long = request_title("城市管理", "长" * 100)
    assert long.endswith("…") and len(long) == len("城市管理：") + 40


def test_the_title_element_is_public_and_clean(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key, description="电梯停运\r\n王明 13912345678 反映")
    row = _row(client, petition)
    assert row["title"] == "物业管理：电梯停运"
    # Titles stored before this change may hold line breaks and numbers: still one masked line.
    Petition.objects.filter(pk=petition.pk).update(
        title="物业：电梯\r\n13912345678\x1b"
    )  # PostgreSQL text holds no NUL
    assert _row(client, petition)["title"] == "物业：电梯 139****5678"
    xml = client.get(f"/open311/v2/requests/{petition.number}.xml").content.decode()
    assert "<title>物业：电梯 139****5678</title>" in xml


def test_agency_responsible_is_empty_until_passed_on(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    assert _row(client, petition)["agency_responsible"] == ""
    petition = PATHS[Status.DISPATCHED][0](org, petition)
    assert _row(client, petition)["agency_responsible"] == "区住建局"
    direct = _created(client, api_key, description="楼道堆物")
    services.petition_accept(petition=direct, actor=org.registrar)  # the bureau accepts it itself
    assert _row(client, direct)["agency_responsible"] == "区信访局"
    diverted = _created(client, api_key, description="判决不执行")
    PATHS[Status.DIVERTED][0](org, diverted)
    assert _row(client, diverted)["agency_responsible"] == "区委政法委"


@pytest.mark.parametrize(
    ("lat", "long", "public"),
    [
        ("22.544999", "113.955000", (22.54, 113.96)),
        ("22.545000", "113.954999", (22.55, 113.95)),
        ("-33.865001", "-151.215000", (-33.87, -151.22)),  # half away from zero, both signs alike
    ],
)
def test_positions_snap_to_the_same_grid_in_both_formats(
    org: Org, client: Client, api_key: str, lat: str, long: str, public: tuple[float, float]
) -> None:
    petition = _created(client, api_key, lat=lat, long=long)
    row = _row(client, petition)
    assert (row["lat"], row["long"]) == public
    xml = client.get(f"/open311/v2/requests/{petition.number}.xml").content.decode()
    assert f"<lat>{public[0]:.2f}</lat>" in xml and f"<long>{public[1]:.2f}</long>" in xml


EXPECTED = {
    Status.REGISTERED: "open",
    Status.DISPATCHED: "open",
    Status.SIGNED: "investigating",
    Status.RETURN_REQUESTED: "for_triage",
    Status.ACCEPTED: "in_progress",
    Status.HANDLING: "in_progress",
    Status.MEDIATING: "in_progress",
    Status.ANSWERED: "in_progress",
    Status.UNDER_REVIEW: "in_progress",
    Status.REVIEWED: "in_progress",
    Status.UNDER_RECHECK: "in_progress",
    Status.CLOSED: "closed",  # the path's opinion was 不予支持, upheld twice: closed, not fixed
    Status.NOT_ACCEPTED: "closed",  # ground "other"
    Status.NO_LONGER_ACCEPTED: "no_further_action",
    Status.DIVERTED: "internal_referral",  # 转同级政法部门
}


@pytest.mark.parametrize("status", list(EXPECTED))
def test_every_state_has_its_extended_status(org: Org, client: Client, api_key: str, status: str) -> None:
    petition = _created(client, api_key)
    for step in PATHS[status]:
        petition = step(org, petition)
    assert petition.status == status
    assert _row(client, petition)["status"] == EXPECTED[status]
    with override_settings(XINFANG_OPEN311={"extended_statuses": "false"}):
        assert _row(client, petition)["status"] == ("closed" if status in PATHS_CLOSED else "open")


PATHS_CLOSED = {Status.CLOSED, Status.NOT_ACCEPTED, Status.NO_LONGER_ACCEPTED, Status.DIVERTED}


def test_closings_say_why() -> None:
    """不予受理 by its ground, 导入法定途径, and a closing that gave the petitioner what they asked."""
    declined = {
        "duplicate_upward": "duplicate",
        "court_matter": "not_councils_responsibility",
        "level_skipping": "not_councils_responsibility",
        "other": "closed",
    }
    for ground, expected in declined.items():
        facts = facts_from([("decline", {"ground": ground})])
        assert extended_status(Status.NOT_ACCEPTED, facts) == expected
    for route in (1, 2, 3, 4, 5):
        assert extended_status(Status.DIVERTED, facts_from([("classify", {"route": route})])) == (
            "not_councils_responsibility"
        )
    assert extended_status(Status.CLOSED, facts_from([("reply", {"outcome": "support"})])) == "fixed"
    supported_then_changed = [("reply", {"outcome": "support"}), ("decide_review", {"outcome": "change"})]
    assert extended_status(Status.CLOSED, facts_from(supported_then_changed)) == "closed"
    upheld = [("reply", {"outcome": "support"}), ("decide_review", {"outcome": "uphold"})]
    assert extended_status(Status.CLOSED, facts_from(upheld)) == "fixed"
    assert extended_status(Status.CLOSED, facts_from([("conclude_mediation", {"agreed": True})])) == "fixed"
    assert (
        extended_status(Status.CLOSED, facts_from([("conclude_suggestion", {"outcome": "adopted"})]))
        == "fixed"
    )
    assert extended_status(Status.CLOSED, Facts()) == "closed"


def test_the_status_filter_keeps_the_spec_values(org: Org, client: Client, api_key: str) -> None:
    open_one = _created(client, api_key)
    refused = _created(client, api_key, description="同一事项再次反映")
    PATHS[Status.NO_LONGER_ACCEPTED][0](org, refused)
    closed = client.get(URL, {"status": "closed"}).json()
    assert [(r["service_request_id"], r["status"]) for r in closed] == [(refused.number, "no_further_action")]
    assert [r["service_request_id"] for r in client.get(URL, {"status": "open"}).json()] == [open_one.number]
    assert client.get(URL, {"status": "no_further_action"}).status_code == 400
