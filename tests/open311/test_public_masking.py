"""Free text published on Open311 and the portal is masked for addresses, ID and phone numbers,
plates and the petitioner's names (#12.4). On the old main a home address typed into an Open311
description was published verbatim."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.open311.conftest import valid_post
from xinfang.common.masking import mask_public_text

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "我叫李秀英，住幸福路12号3栋2单元501室，座机0755-83221234，"
    "车牌粤B12345的车长期占用消防通道，身份证440306199001011234。"
)
SECRETS = ("李秀英", "12号3栋2单元501室", "83221234", "粤B12345", "440306199001011234")


def test_public_reads_mask_address_plate_landline_and_names(org, client: Client, api_key: str) -> None:  # type: ignore[no-untyped-def]
    created = client.post(
        "/open311/v2/requests.json",
        valid_post(api_key, description=DESCRIPTION, first_name="秀英", last_name="李"),
    )
    assert created.status_code == 201, created.content
    number = created.json()[0]["service_request_id"]
    for path in (
        f"/open311/v2/requests/{number}.json",
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{number}.xml",
    ):
        text = client.get(path).content.decode()
        text = json.dumps(json.loads(text), ensure_ascii=False) if path.endswith(".json") else text
        for secret in SECRETS:
            assert secret not in text, (path, secret)
    row = client.get(f"/open311/v2/requests/{number}.json").json()[0]
    assert "幸福路〔地址已隐去〕" in row["description"] and "粤B*****" in row["description"]
    assert "消防通道" in row["description"]  # the matter itself stays readable


def test_portal_filter_masks_published_text() -> None:
    from types import SimpleNamespace

    from xinfang.portal.templatetags.portal_tags import public_text

    petition = SimpleNamespace(petitioner_name="李秀英")
    shown = public_text(DESCRIPTION, petition)
    for secret in SECRETS:
        assert secret not in shown


@pytest.mark.parametrize(
    ("text", "kept"),
    [("一楼大厅灯不亮", "一楼大厅"), ("12名工人被拖欠工资8万元", "12名工人"), ("第三组", "第三组")],
)
def test_ordinary_figures_stay(text: str, kept: str) -> None:
    assert kept in mask_public_text(text)
