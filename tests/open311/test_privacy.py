"""Public reads (GET requests) never show who petitioned, where they live, or any accusation."""

import json

import pytest
from django.test import Client

from tests.factories import PATHS, Org
from tests.open311.conftest import valid_post
from xinfang.open311.selectors import w3c
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.wording import public_sentence

pytestmark = pytest.mark.django_db

PRIVATE_POST = {
    "description": "我是王明，身份证110101199003077777，电话13912345678，家住甲社区3栋502，电梯坏了。",
    "address_string": "甲街道甲社区3栋502室",
    "address_id": "QX-000123",
    "lat": "30.123456",
    "long": "120.654321",
    "media_url": "https://partner.example/photos/id-card.jpg",
}


def _created(client: Client, api_key: str, **overrides: str) -> Petition:
    response = client.post("/open311/v2/requests.json", valid_post(api_key, **{**PRIVATE_POST, **overrides}))
    assert response.status_code == 201, response.content
    return Petition.objects.get(number=response.json()[0]["service_request_id"])


def test_rows_carry_no_personal_data(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    row = client.get(f"/open311/v2/requests/{petition.number}.json").json()[0]
    text = json.dumps(row, ensure_ascii=False)
    for secret in ("王明", "110101199003077777", "13912345678", "3栋502室", "QX-000123", "id-card"):
        assert secret not in text
    assert "王*" in row["description"] and "139****5678" in row["description"]
    assert row["address"] == "甲社区" and row["address_id"] == "" and row["media_url"] == ""
    assert (row["lat"], row["long"]) == (30.12, 120.65)  # numbers on the 0.01° grid
    stored = petition.open311
    assert stored.address_string == PRIVATE_POST["address_string"] and stored.media_url  # staff keep them


def test_status_notes_follow_public_acts_only(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    dispatch, sign = PATHS[Status.SIGNED]
    petition = dispatch(org, petition)
    dispatched_at = petition.events.get(kind="dispatch").occurred_at
    petition = sign(org, petition)  # 签收 is internal: the public notes stay at 转送
    row = client.get(f"/open311/v2/requests/{petition.number}.json").json()[0]
    # Signed for: the organ examines whether to accept (extended status), notes still at 转送.
    assert row["status"] == "investigating" and row["status_notes"].startswith("已转送、交办")
    assert row["agency_responsible"] == "区住建局" and row["service_notice"] == ""
    assert row["updated_datetime"] == w3c(dispatched_at)


def test_closed_requests_report_their_closing_time(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    for step in PATHS[Status.CLOSED]:
        petition = step(org, petition)
    petition.refresh_from_db()
    row = client.get("/open311/v2/requests.json", {"status": "closed"}).json()[0]
    assert row["service_request_id"] == petition.number and row["status"] == "closed"
    assert row["status_notes"] == public_sentence("decide_recheck", {"outcome": "uphold"})
    assert row["expected_datetime"] == ""
    assert petition.closed_at is not None
    assert row["updated_datetime"] == w3c(petition.closed_at)


def test_accusations_are_invisible_by_every_read(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key, service_code="accusation", **{"attribute[accused]": "某局某科长"})
    token = petition.open311.token
    assert client.get("/open311/v2/requests.json").json() == []
    assert client.get("/open311/v2/requests.json", {"service_request_id": petition.number}).json() == []
    assert client.get(f"/open311/v2/requests/{petition.number}.xml").status_code == 404
    assert client.get(f"/open311/v2/tokens/{token}.json").status_code == 404
