"""Online submission: the notice must be acknowledged, fields are checked in Chinese, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from tests.factories import Org, valid_id
from xinfang.petitions.constants import Channel
from xinfang.petitions.models import Attachment, Petition

pytestmark = pytest.mark.django_db


def form(org: Org, **overrides: Any) -> dict[str, Any]:
    data = {
        "acknowledged": "on",
        "name": "李四",
        "id_number": valid_id(11),
        "phone": "13700001234",
        "address": "甲街道甲社区5栋",
        "category": org.categories["property_mgmt"].pk,
        "location_unit": org.community_a.pk,
        "title": "物业擅自涨价",
        "content": "物业公司未经业主大会同意上调物业费。",
        "request": "恢复原收费标准",
    }
    data.update(overrides)
    return data


def test_submission_registers_online_and_shows_the_query_code(org: Org, client: Client) -> None:
    page = client.get("/portal/submit/")
    assert "第二十六条" in page.content.decode() and "逐级" in page.content.decode()
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post("/portal/submit/", {**form(org), "materials": [pdf]})
    petition = Petition.objects.get()
    assert petition.query_code in response.content.decode()
    assert petition.channel == Channel.ONLINE and petition.petitioner.name == "李四"
    assert Attachment.objects.get(petition=petition).name == "证明.pdf"
    assert petition.events.first().payload["source"] == "portal"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"acknowledged": ""}, "acknowledged", "请先阅读并确认信访须知"),
        ({"id_number": "110101199003071234"}, "id_number", "身份证号码无效"),
        ({"phone": "123"}, "phone", "手机号码格式无效"),
        ({"title": ""}, "title", "此项必填"),
        ({"location_unit": "999999"}, "location_unit", "请选择问题发生地"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    org: Org, client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/portal/submit/", form(org, **overrides))
    html = response.content.decode()
    assert response.status_code == 200 and f'data-field="{field}"' in html and message in html
    assert not Petition.objects.exists()


def test_accusation_needs_the_accused(org: Org, client: Client) -> None:
    response = client.post("/portal/submit/", form(org, category=org.categories["accusation"].pk))
    assert "第三十条" in response.content.decode() and not Petition.objects.exists()


def test_a_bad_attachment_rolls_back_the_whole_submission(org: Org, client: Client) -> None:
    fake = SimpleUploadedFile("病毒.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post("/portal/submit/", {**form(org), "materials": [fake]})
    assert 'data-field="materials"' in response.content.decode() and "仅支持" in response.content.decode()
    assert not Petition.objects.exists() and not Attachment.objects.exists()


def test_suggestion_form_offers_only_suggestion_categories(org: Org, client: Client) -> None:
    page = client.get("/portal/suggest/").content.decode()
    assert "建议意见" in page and "劳资纠纷" not in page
    client.post(
        "/portal/suggest/", form(org, category=org.categories["suggestion"].pk, request="增设公交线路")
    )
    assert Petition.objects.get().type == "suggestion"


@override_settings(XINFANG_RATE_LIMITS={"portal_submit": {"ip": "100/h", "identity": "2/h"}})
def test_repeated_submissions_by_one_identity_get_a_chinese_429(org: Org, client: Client) -> None:
    for _ in range(2):
        client.post("/portal/submit/", form(org))
    response = client.post("/portal/submit/", form(org))
    assert response.status_code == 429 and "请求过于频繁" in response.content.decode()
    assert int(response["Retry-After"]) >= 1
    assert Petition.objects.count() == 2
