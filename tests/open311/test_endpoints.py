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
    # Not yet passed on: no organ answers for it yet (issue #15.6).
    assert row["agency_responsible"] == "" and row["requested_datetime"].endswith("+08:00")
    assert "13912345678" not in row["description"] and "139****5678" in row["description"]
    assert "王明" not in json.dumps(row, ensure_ascii=False)  # no petitioner identity in public rows
    detail = xml(client.get(f"/open311/v2/requests/{request_id}.xml"))
    assert detail.findtext("request/status_notes") == "已登记，将在15日内转送、交办或告知（第二十二条）"
    assert detail.findtext("request/service_notice") == detail.findtext("request/status_notes")
    assert detail.findtext("request/expected_datetime", "").endswith("T23:59:59+08:00")


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
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"service_code": ""}, 400, "service_code"),
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
    backwards = client.get(
        "/open311/v2/requests.xml",
        {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    )
    assert backwards.status_code == 400 and xml(backwards).findtext("error/code") == "400"
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


def test_a_lone_angle_bracket_is_not_html(org: Org, client: Client, api_key: str) -> None:
    text = "物业费每月<100元却收了300元，>3个月未解决"
    response = client.post("/open311/v2/requests.json", valid_post(api_key, description=text))
    assert response.status_code == 201 and Petition.objects.get().content == text


def test_the_longest_matching_unit_name_locates_the_matter(org: Org, client: Client, api_key: str) -> None:
    from tests.factories import UnitFactory
    from xinfang.orgs.constants import AdminLevel, UnitKind

    new_a = UnitFactory(
        name="新甲社区", kind=UnitKind.COMMUNITY, level=AdminLevel.COMMUNITY, parent=org.street_a
    )
    client.post("/open311/v2/requests.json", valid_post(api_key, address_string="甲街道新甲社区5栋"))
    client.post("/open311/v2/requests.json", valid_post(api_key, address_string="乙街道人民路1号"))
    located = Petition.objects.order_by("pk")
    assert [p.location_unit for p in located] == [new_a, org.street_b]


def test_unknown_resources_and_methods_answer_in_the_error_format(org: Org, client: Client) -> None:
    missing = client.get("/open311/v2/servicerequests.xml")
    assert missing.status_code == 404 and xml(missing).findtext("error/code") == "404"
    wrong = client.delete("/open311/v2/services.json")
    assert wrong.status_code == 405 and wrong["Allow"] == "GET" and wrong.json()[0]["code"] == 405
    post_only_read = client.post("/open311/v2/requests/XF1.xml")
    assert post_only_read.status_code == 405 and xml(post_only_read).tag == "errors"


def test_unlisted_categories_leave_the_service_list(org: Org, client: Client, api_key: str) -> None:
    from xinfang.open311.models import Open311Service

    Open311Service.objects.create(category=org.categories["labour"], is_listed=False)
    Open311Service.objects.create(
        category=org.categories["property_mgmt"],
        group="住房",
        keywords="物业,电梯,停车",
        description="物业服务",
    )
    rows = {r["service_code"]: r for r in client.get("/open311/v2/services.json").json()}
    assert "labour" not in rows
    assert rows["property_mgmt"] | {"service_name": ""} == {
        "service_code": "property_mgmt",
        "service_name": "",
        "description": "物业服务",
        "metadata": True,
        "type": "realtime",
        "keywords": "物业,电梯,停车",
        "group": "住房",
    }
    assert client.get("/open311/v2/services/labour.xml").status_code == 404
    refused = client.post("/open311/v2/requests.json", valid_post(api_key, service_code="labour"))
    assert refused.status_code == 404 and not Petition.objects.exists()


def test_accusation_services_require_the_accused(org: Org, client: Client, api_key: str) -> None:
    definition = client.get("/open311/v2/services/accusation.json").json()
    accused = [a for a in definition["attributes"] if a["code"] == "accused"]
    assert accused and accused[0]["required"] is True
    refused = client.post(
        "/open311/v2/requests.json", valid_post(api_key, service_code="accusation", description="举报")
    )
    assert refused.status_code == 400 and "attribute[accused]" in refused.json()[0]["description"]
