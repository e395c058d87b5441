"""Every GeoReport v2 resource in XML and JSON: content type, root shape, and the error body."""

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from tests.factories import Org
from tests.open311.conftest import valid_post
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db

CONTENT_TYPE = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# path template → (XML root, XML item or None for a single object, JSON top-level type)
RESOURCES = {
    "discovery.{fmt}": ("discovery", None, dict),
    "services.{fmt}": ("services", "service", list),
    "services/property_mgmt.{fmt}": ("service_definition", None, dict),
    "requests.{fmt}": ("service_requests", "request", list),
    "requests/{number}.{fmt}": ("service_requests", "request", list),
    "tokens/{token}.{fmt}": ("service_requests", "request", list),
}


@pytest.fixture
def created(org: Org, client: Client, api_key: str) -> Petition:
    assert client.post("/open311/v2/requests.xml", valid_post(api_key)).status_code == 201
    return Petition.objects.get()


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("template", list(RESOURCES))
def test_each_resource_in_each_format(created: Petition, client: Client, template: str, fmt: str) -> None:
    path = template.format(fmt=fmt, number=created.number, token=created.open311.token)
    response = client.get(f"/open311/v2/{path}", {"jurisdiction_id": "qingxi.gov.cn"})
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE[fmt]
    root, item, json_type = RESOURCES[template]
    if fmt == "json":
        body = response.json()
        assert isinstance(body, json_type) and body
        return
    document = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert document.tag == root and (item is None or document.findall(item))


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    ("method", "path", "data", "status"),
    [
        ("get", "services/none.{fmt}", {}, 404),
        ("get", "requests/XF000.{fmt}", {}, 404),
        ("get", "tokens/ffff.{fmt}", {}, 404),
        ("get", "services.{fmt}", {"jurisdiction_id": "other.gov.cn"}, 404),
        ("get", "requests.{fmt}", {"status": "pending"}, 400),
        ("post", "requests.{fmt}", {"service_code": "property_mgmt"}, 403),
    ],
)
def test_errors_use_the_errors_body(
    org: Org, client: Client, fmt: str, method: str, path: str, data: dict[str, str], status: int
) -> None:
    response = getattr(client, method)(f"/open311/v2/{path.format(fmt=fmt)}", data)
    assert response.status_code == status and response["Content-Type"] == CONTENT_TYPE[fmt]
    if fmt == "json":
        [error] = response.json()
        assert set(error) == {"code", "description"} and error["code"] == status and error["description"]
        return
    document = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert document.tag == "errors" and document.findtext("error/code") == str(status)
    assert document.findtext("error/description")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_post_answers_id_not_token(org: Org, client: Client, api_key: str, fmt: str) -> None:
    response = client.post(f"/open311/v2/requests.{fmt}", valid_post(api_key, account_id="u-7"))
    assert response.status_code == 201 and response["Content-Type"] == CONTENT_TYPE[fmt]
    if fmt == "json":
        [row] = response.json()
    else:
        request = ET.fromstring(response.content).find("request")  # noqa: S314
        assert request is not None
        row = {child.tag: child.text for child in request}
    assert set(row) == {"service_request_id", "service_notice", "account_id"}  # never a token as well
    assert row["account_id"] == "u-7" and row["service_request_id"].startswith("XF")
