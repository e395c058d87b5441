"""A third-party Open311 client from PyPI (georeport 0.3.1) talks to the live server.

georeport has no method for POST, so the request is created with `requests` (the HTTP
library georeport itself uses), form-encoded exactly as the spec says, and georeport
then reads it back through its own calls, in JSON and in XML.
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

    created = requests.post(f"{root}/requests.json", data=valid_post(key), timeout=10)
    assert created.status_code == 201, created.text
    request_id = created.json()[0]["service_request_id"]

    as_json = GeoReport(root, jurisdiction="qingxi.gov.cn", api_key=key)
    services = as_json.get_service_list()
    assert any(s["service_code"] == "property_mgmt" for s in services)
    definition = as_json.get_service_definition("property_mgmt")
    assert definition["attributes"][0]["code"] == "people_count"
    row = as_json.get_service_request(request_id)
    assert row["service_request_id"] == request_id and row["status"] == "open"
    assert [r["service_request_id"] for r in as_json.get_service_requests(status="open")] == [request_id]

    as_xml = GeoReport(root, jurisdiction="qingxi.gov.cn", output_format="xml")
    assert as_xml.get_service_request(request_id)["service_request_id"] == request_id
    assert as_xml.get_service_definition("property_mgmt")["service_code"] == "property_mgmt"
