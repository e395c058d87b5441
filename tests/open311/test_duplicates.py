"""A resend without an Idempotency-Key (FixMyStreet sends none) returns the first request."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from tests.factories import Org
from tests.open311.conftest import valid_post
from xinfang.open311.services import api_client_issue
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db
URL = "/open311/v2/requests.json"


def test_the_same_request_again_returns_the_first(org: Org, client: Client, api_key: str) -> None:
    first = client.post(URL, valid_post(api_key))
    again = client.post(
        URL, valid_post(api_key, description="  小区电梯停运两周，物业不维修，\n联系电话13912345678。 ")
    )
    assert first.status_code == 201 and again.status_code == 200 and again["Duplicate-Request"] == "true"
    assert again.json() == first.json() and Petition.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"description": "小区电梯停运三周，物业不维修。"},
        {"service_code": "urban_mgmt"},
        {"address_string": "乙街道乙社区1栋"},
        {"phone": "13800001111"},
        {"last_name": "李"},
    ],
)
def test_another_content_place_or_person_is_a_new_request(
    org: Org, client: Client, api_key: str, change: dict[str, str]
) -> None:
    assert client.post(URL, valid_post(api_key)).status_code == 201
    assert client.post(URL, valid_post(api_key, **change)).status_code == 201
    assert Petition.objects.count() == 2


def test_coordinates_are_the_same_place_to_about_ten_metres(org: Org, client: Client, api_key: str) -> None:
    at = {"address_string": "", "lat": "22.541234", "long": "113.950012"}
    assert client.post(URL, valid_post(api_key, **at)).status_code == 201
    near = {**at, "lat": "22.541236"}  # 0.2 m away: the same report sent again
    assert client.post(URL, valid_post(api_key, **near)).status_code == 200
    far = {**at, "lat": "22.542300"}  # about 120 m away: another place
    assert client.post(URL, valid_post(api_key, **far)).status_code == 201
    assert Petition.objects.count() == 2


def test_another_client_sending_the_same_is_a_new_request(org: Org, client: Client, api_key: str) -> None:
    _other, other_key = api_client_issue(name="一网通办")
    assert client.post(URL, valid_post(api_key)).status_code == 201
    assert client.post(URL, valid_post(other_key)).status_code == 201


def test_the_window_is_configurable_and_ends(org: Org, client: Client, api_key: str) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.post(URL, valid_post(api_key)).status_code == 201
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.post(URL, valid_post(api_key)).status_code == 200  # default 30 minutes
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.post(URL, valid_post(api_key)).status_code == 201
    with (
        override_settings(XINFANG_OPEN311={"duplicate_window_minutes": "0"}),
        time_machine.travel(start + timedelta(minutes=32), tick=False),
    ):
        assert client.post(URL, valid_post(api_key)).status_code == 201  # 0 turns detection off
    assert Petition.objects.count() == 3


def test_with_an_idempotency_key_the_key_alone_decides(org: Org, client: Client, api_key: str) -> None:
    first = client.post(URL, valid_post(api_key), HTTP_IDEMPOTENCY_KEY="a")
    assert first.status_code == 201
    # A new key is a new request, even with the same content: the client says so.
    assert client.post(URL, valid_post(api_key), HTTP_IDEMPOTENCY_KEY="b").status_code == 201
    replay = client.post(URL, valid_post(api_key), HTTP_IDEMPOTENCY_KEY="a")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 2
