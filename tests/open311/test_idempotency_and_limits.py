"""A retried POST with the same Idempotency-Key makes one petition; floods get a Chinese 429."""

import pytest
from django.test import Client, override_settings

from tests.factories import Org
from tests.open311.conftest import valid_post
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


def test_same_key_same_body_replays_the_first_answer(org: Org, client: Client, api_key: str) -> None:
    first = client.post("/open311/v2/requests.json", valid_post(api_key), headers={"Idempotency-Key": "k-1"})
    again = client.post("/open311/v2/requests.json", valid_post(api_key), headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert first.content == again.content and again["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 1


def test_same_key_other_body_is_refused(org: Org, client: Client, api_key: str) -> None:
    client.post("/open311/v2/requests.json", valid_post(api_key), headers={"Idempotency-Key": "k-2"})
    other = client.post(
        "/open311/v2/requests.json",
        valid_post(api_key, description="另一件事"),
        headers={"Idempotency-Key": "k-2"},
    )
    assert other.status_code == 400 and "幂等键" in other.json()[0]["description"]
    assert Petition.objects.count() == 1


def test_a_failed_request_does_not_burn_its_key(org: Org, client: Client, api_key: str) -> None:
    bad = client.post(
        "/open311/v2/requests.json", valid_post(api_key, phone=""), headers={"Idempotency-Key": "k-3"}
    )
    assert bad.status_code == 400
    good = client.post("/open311/v2/requests.json", valid_post(api_key), headers={"Idempotency-Key": "k-3"})
    assert good.status_code == 201 and Petition.objects.count() == 1


def test_without_a_key_each_post_creates(org: Org, client: Client, api_key: str) -> None:
    client.post("/open311/v2/requests.json", valid_post(api_key))
    client.post("/open311/v2/requests.json", valid_post(api_key))
    assert Petition.objects.count() == 2


@override_settings(
    XINFANG_RATE_LIMITS={"open311_read": {"ip": "3/m"}, "open311_write": {"ip": "100/m", "identity": "2/m"}}
)
def test_rate_limits_answer_429_in_chinese(org: Org, client: Client, api_key: str) -> None:
    for _ in range(3):
        assert client.get("/open311/v2/services.json").status_code == 200
    limited = client.get("/open311/v2/services.xml")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert "请求过于频繁" in limited.content.decode()
    for _ in range(2):
        assert client.post("/open311/v2/requests.json", valid_post(api_key)).status_code == 201
    flood = client.post("/open311/v2/requests.json", valid_post(api_key))
    assert flood.status_code == 429 and "该身份" in flood.json()[0]["description"]
    assert Petition.objects.count() == 2
