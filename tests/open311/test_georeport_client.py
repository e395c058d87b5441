"""A third-party Open311 client from PyPI (georeport 0.3.1) talks to the live server.

georeport 0.3.1 has no method for POST (nor for tokens or discovery), so the request is
created with `requests` (the HTTP library georeport itself uses), form-encoded exactly as
the spec says, and georeport then reads it back through its own calls, in JSON and in XML.
In XML, georeport hands back xmltodict's shape: one <request> is a dict, several a list.
"""

import pytest
import requests
from georeport import GeoReport

from tests.factories import build_org
from tests.open311.conftest import valid_post
from xinfang.open311.services import api_client_issue

pytestmark = pytest.mark.django_db(transaction=True)


def test_georeport_reads_back_what_a_client_created(live_server) -> None:  # type: ignore[no-untyped-def]
    build_org()
    _client, key = api_client_issue(name="12345热线")
    root = f"{live_server.url}/open311/v2"

    as_json = GeoReport(root, jurisdiction="qingxi.gov.cn", api_key=key)
    form = {**valid_post(as_json.api_key or ""), "jurisdiction_id": as_json.jurisdiction or ""}
    created = requests.post(f"{as_json.root_address}/requests.json", data=form, timeout=60)
    assert created.status_code == 201, created.text
    request_id = created.json()[0]["service_request_id"]

    services = as_json.get_service_list()
    assert any(s["service_code"] == "property_mgmt" for s in services)
    definition = as_json.get_service_definition("property_mgmt")
    assert definition["attributes"][0]["code"] == "people_count"
    row = as_json.get_service_request(request_id)
    assert row["service_request_id"] == request_id and row["status"] == "open"
    assert [r["service_request_id"] for r in as_json.get_service_requests(status="open")] == [request_id]

    with pytest.raises(requests.HTTPError) as missing:
        as_json.get_service_request("XF000000")
    assert missing.value.response.status_code == 404
    assert missing.value.response.json()[0]["code"] == 404

    as_xml = GeoReport(root, jurisdiction="qingxi.gov.cn", output_format="xml")
    assert as_xml.get_service_request(request_id)["service_request_id"] == request_id
    assert as_xml.get_service_definition("property_mgmt")["service_code"] == "property_mgmt"
    assert any(s["service_code"] == "property_mgmt" for s in as_xml.get_service_list())
    listed = as_xml.get_service_requests(service_code="property_mgmt")
    rows = listed if isinstance(listed, list) else [listed]
    assert [r["service_request_id"] for r in rows] == [request_id]
