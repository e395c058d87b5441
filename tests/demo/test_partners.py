"""The demo prints a working Open311 key, so a newcomer can try the interface at once."""

import pytest
from django.core.management import call_command
from django.test import Client

from xinfang.demo.partners import DEMO_OPEN311_KEY
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_demo_setup_prints_a_key_that_registers_a_request(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "setup")
    out = capsys.readouterr().out
    assert DEMO_OPEN311_KEY in out and "辖区边界：25 个街道、社区边界" in out
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "api_key": DEMO_OPEN311_KEY,
            "service_code": "urban_mgmt",
            "address_string": "青溪区某路口",
            "description": "路灯损坏",
            "last_name": "陈",
            "first_name": "一",
            "phone": "13800138000",
        },
    )
    assert response.status_code == 201, response.content
    assert Petition.objects.get().channel == "online"
