"""A retried POST with the same Idempotency-Key makes one petition; floods get a Chinese 429."""

import threading

import pytest
from django.db import connection
from django.test import Client, override_settings

from tests.factories import Org
from tests.open311.conftest import valid_post
from xinfang.open311.models import ApiClient
from xinfang.open311.services import api_client_issue
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.json"


def test_same_key_same_body_replays_the_first_answer(org: Org, client: Client, api_key: str) -> None:
    first = client.post(URL, valid_post(api_key), headers={"Idempotency-Key": "k-1"})
    again = client.post(URL, valid_post(api_key), headers={"Idempotency-Key": '"k-1"'})  # sf-string form
    assert first.status_code == again.status_code == 201
    assert first.content == again.content and again["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 1


def test_same_key_other_body_is_refused_with_422(org: Org, client: Client, api_key: str) -> None:
    client.post(URL, valid_post(api_key), headers={"Idempotency-Key": "k-2"})
    other = client.post(URL, valid_post(api_key, description="另一件事"), headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 422
    error = other.json()[0]
    assert error["code"] == 422 and "幂等键" in error["description"]
    as_xml = client.post(
        "/open311/v2/requests.xml", valid_post(api_key), headers={"Idempotency-Key": "k-2"}
    )  # the format is part of the request
    assert as_xml.status_code == 422 and b"<errors>" in as_xml.content
    assert Petition.objects.count() == 1


def test_keys_belong_to_their_client(org: Org, client: Client, api_key: str) -> None:
    _other, other_key = api_client_issue(name="一网通办")
    assert client.post(URL, valid_post(api_key), headers={"Idempotency-Key": "k-3"}).status_code == 201
    assert client.post(URL, valid_post(other_key), headers={"Idempotency-Key": "k-3"}).status_code == 201
    assert Petition.objects.count() == 2


def test_a_failed_request_does_not_burn_its_key(org: Org, client: Client, api_key: str) -> None:
    bad = client.post(URL, valid_post(api_key, phone=""), headers={"Idempotency-Key": "k-4"})
    assert bad.status_code == 400
    good = client.post(URL, valid_post(api_key), headers={"Idempotency-Key": "k-4"})
    assert good.status_code == 201 and Petition.objects.count() == 1


def test_without_a_key_each_different_post_creates(org: Org, client: Client, api_key: str) -> None:
    client.post(URL, valid_post(api_key))
    client.post(URL, valid_post(api_key, description="小区电梯停运两周，物业不维修。另有楼道灯损坏。"))
    assert Petition.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_create_one(org: Org, api_key: str) -> None:
    """Two partner retries race with one key; the unique index lets only one register."""
    statuses: list[int] = []

    def post() -> None:
        try:
            statuses.append(
                Client().post(URL, valid_post(api_key), headers={"Idempotency-Key": "race"}).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Petition.objects.count() == 1
    assert sorted(statuses) in ([201, 201], [201, 409])


@override_settings(
    XINFANG_RATE_LIMITS={"open311_read": {"ip": "3/m"}, "open311_write": {"ip": "100/m", "identity": "2/m"}}
)
def test_rate_limits_answer_429_in_chinese(org: Org, client: Client, api_key: str) -> None:
    for _ in range(3):
        assert client.get("/open311/v2/services.json").status_code == 200
    limited = client.get("/open311/v2/services.xml")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert "请求过于频繁" in limited.content.decode() and b"<code>429</code>" in limited.content
    for n in range(2):
        assert client.post(URL, valid_post(api_key, description=f"电梯停运第{n}次反映")).status_code == 201
    flood = client.post(URL, valid_post(api_key, description="电梯停运第3次反映"))
    assert flood.status_code == 429 and "该身份" in flood.json()[0]["description"]
    assert int(flood["Retry-After"]) >= 1
    assert Petition.objects.count() == 2


@override_settings(XINFANG_RATE_LIMITS={"open311_write": {"ip": "100/m", "identity": "1/m"}})
def test_identity_quota_is_per_client_unless_shared(org: Org, client: Client, api_key: str) -> None:
    ApiClient.objects.filter(key_prefix=api_key[:8]).update(rate_limit_identity="hotline")
    _twin, twin_key = api_client_issue(name="12345热线（备用）", rate_limit_identity="hotline")
    _other, other_key = api_client_issue(name="一网通办")
    assert client.post(URL, valid_post(api_key)).status_code == 201
    assert client.post(URL, valid_post(twin_key)).status_code == 429  # shares the hotline's quota
    assert client.post(URL, valid_post(other_key)).status_code == 201
    # An unknown key gets no quota of its own to exhaust: it is refused as a key.
    assert client.post(URL, valid_post("made-up-key")).status_code == 403
