"""GeoReport v2 conformance: every endpoint in XML and JSON, the error bodies, privacy."""

import json
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from tests.factories import Org, register
from tests.open311.conftest import valid_post
from xinfang.petitions.constants import Channel
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


def xml(response) -> ET.Element:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - our own server's output


def test_service_list_in_both_formats(org: Org, client: Client) -> None:
    root = xml(client.get("/open311/v2/services.xml"))
    assert root.tag == "services"
    codes = [s.findtext("service_code") for s in root.findall("service")]
    assert "property_mgmt" in codes
    first = root.find("service")
    assert first is not None and first.findtext("metadata") == "true" and first.findtext("type") == "realtime"
    rows = client.get("/open311/v2/services.json").json()
    assert {r["service_code"] for r in rows} == set(codes)
    assert {"service_name", "description", "keywords", "group"} <= set(rows[0])


def test_service_definition_lists_attributes(org: Org, client: Client) -> None:
    root = xml(client.get("/open311/v2/services/property_mgmt.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "property_mgmt"
    attributes = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["people_count", "request"]
    assert attributes[0].findtext("datatype") == "number" and attributes[0].findtext("order") == "1"
    body = client.get("/open311/v2/services/property_mgmt.json").json()
    assert body["attributes"][1]["datatype"] == "text"


def test_unknown_service_and_jurisdiction_answer_404_in_the_error_format(org: Org, client: Client) -> None:
    missing = client.get("/open311/v2/services/nope.xml")
    assert missing.status_code == 404
    error = xml(missing).find("error")
    assert (
        error is not None
        and error.findtext("code") == "404"
        and "service_code" in (error.findtext("description") or "")
    )
    wrong = client.get("/open311/v2/services.json", {"jurisdiction_id": "elsewhere.gov.cn"})
    assert wrong.status_code == 404 and wrong.json()[0]["code"] == 404
    assert client.get("/open311/v2/services.json", {"jurisdiction_id": "qingxi.gov.cn"}).status_code == 200


def test_post_registers_an_online_petition_and_reads_back(org: Org, client: Client, api_key: str) -> None:
    created = client.post("/open311/v2/requests.xml", valid_post(api_key))
    assert created.status_code == 201
    request_id = xml(created).findtext("request/service_request_id")
    petition = Petition.objects.get(number=request_id)
    assert petition.channel == Channel.ONLINE and petition.people_count == 2
    assert petition.location_unit == org.community_a and petition.request == "尽快修复电梯"
    assert petition.events.get().payload["source"] == "open311"
    row = client.get(f"/open311/v2/requests/{request_id}.json").json()[0]
    assert row["status"] == "open" and row["service_code"] == "property_mgmt"
    assert row["agency_responsible"] == "区信访局" and row["requested_datetime"].endswith("+08:00")
    assert "13912345678" not in row["description"] and "139****5678" in row["description"]
    assert "王明" not in json.dumps(row, ensure_ascii=False)  # no petitioner identity in public rows
    detail = xml(client.get(f"/open311/v2/requests/{request_id}.xml"))
    assert detail.findtext("request/status_notes") == "登记：已登记"


def test_token_resolves_to_the_request_id(org: Org, client: Client, api_key: str) -> None:
    client.post("/open311/v2/requests.json", valid_post(api_key))
    petition = Petition.objects.get()
    token = petition.open311.token
    row = client.get(f"/open311/v2/tokens/{token}.json").json()[0]
    assert row == {"service_request_id": petition.number, "token": token}
    assert client.get("/open311/v2/tokens/00ff.xml").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "status", "fragment"),
    [
        ({"api_key": ""}, 403, "api_key"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"service_code": "nope"}, 404, "service_code"),
        ({"address_string": ""}, 400, "位置"),
        ({"description": ""}, 400, "description"),
        ({"description": "长" * 4001}, 400, "4000"),
        ({"description": "<b>电梯</b>坏了"}, 400, "HTML"),
        ({"first_name": "", "last_name": ""}, 400, "实名"),
        ({"phone": ""}, 400, "phone"),
        ({"phone": "12345"}, 400, "phone"),
        ({"attribute[people_count]": "-3"}, 400, "people_count"),
        ({"lat": "91", "long": "120", "address_string": ""}, 400, "lat"),
    ],
)
def test_post_errors_name_the_problem_and_write_nothing(
    org: Org, client: Client, api_key: str, overrides: dict[str, str], status: int, fragment: str
) -> None:
    response = client.post("/open311/v2/requests.json", valid_post(api_key, **overrides))
    assert response.status_code == status
    assert fragment in response.json()[0]["description"]
    assert not Petition.objects.exists()


def test_coordinates_without_address_fall_back_to_the_district(
    org: Org, client: Client, api_key: str
) -> None:
    response = client.post(
        "/open311/v2/requests.json", valid_post(api_key, address_string="", lat="30.1", long="120.2")
    )
    assert response.status_code == 201
    assert Petition.objects.get().location_unit == org.district


def test_request_list_filters_and_hides_accusations(org: Org, client: Client, api_key: str) -> None:
    client.post("/open311/v2/requests.json", valid_post(api_key))
    client.post(
        "/open311/v2/requests.json",
        valid_post(
            api_key, service_code="accusation", description="举报某单位", **{"attribute[accused]": "某单位"}
        ),
    )
    register(org)  # a hall petition is not an Open311 request
    rows = client.get("/open311/v2/requests.json").json()
    assert [r["service_code"] for r in rows] == ["property_mgmt"]
    assert client.get("/open311/v2/requests.json", {"status": "closed"}).json() == []
    assert len(client.get("/open311/v2/requests.json", {"status": "open"}).json()) == 1
    assert client.get("/open311/v2/requests.json", {"service_code": "labour"}).json() == []
    accusation = Petition.objects.get(category__code="accusation")
    assert client.get(f"/open311/v2/requests/{accusation.number}.json").status_code == 404
    listed = xml(client.get("/open311/v2/requests.xml"))
    assert listed.tag == "service_requests" and len(listed.findall("request")) == 1


def test_request_list_rejects_bad_ranges(org: Org, client: Client) -> None:
    too_long = client.get(
        "/open311/v2/requests.json",
        {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"},
    )
    assert too_long.status_code == 400 and "90" in too_long.json()[0]["description"]
    naive = client.get("/open311/v2/requests.json", {"start_date": "2026-01-01T00:00:00"})
    assert naive.status_code == 400
    assert client.get("/open311/v2/requests.json", {"status": "pending"}).status_code == 400


def test_discovery_in_both_formats(org: Org, client: Client) -> None:
    root = xml(client.get("/open311/v2/discovery.xml"))
    assert root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["type"] == "production"
