"""POST /api/petitions/ with an Idempotency-Key: a retry never registers twice."""

from __future__ import annotations

import pytest

from tests.api.test_petitions_api import body
from tests.factories import Org, client_for, valid_id
from xinfang.audit.models import AccessRecord
from xinfang.integrations.models import IdempotencyRecord
from xinfang.petitions.models import Petition


def test_retry_with_same_key_returns_the_same_petition(org: Org) -> None:
    registrar = client_for(org.registrar)
    first = registrar.post("/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "a1"})
    again = registrar.post("/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "a1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"] and again["Idempotent-Replayed"] == "true"
    assert Petition.objects.count() == 1


def test_replays_keep_no_personal_data_and_are_access_recorded(org: Org) -> None:
    registrar = client_for(org.registrar)
    first = registrar.post("/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "p1"})
    reads = AccessRecord.objects.count()
    again = registrar.post("/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "p1"})
    assert again.json()["petitioner"] == first.json()["petitioner"]
    assert again.json()["rule_checks"] == first.json()["rule_checks"]
    assert AccessRecord.objects.count() == reads + 1  # the replay shows personal data: recorded
    stored = IdempotencyRecord.objects.get(key="p1").body
    assert valid_id(7) not in stored and "13800001111" not in stored and "张三" not in stored


def test_same_key_with_another_body_is_422(org: Org) -> None:
    registrar = client_for(org.registrar)
    registrar.post("/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "a2"})
    other = registrar.post(
        "/api/petitions/", body(org, title="另一件"), format="json", headers={"Idempotency-Key": "a2"}
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert Petition.objects.count() == 1


def test_keys_belong_to_their_caller(org: Org) -> None:
    client_for(org.registrar).post(
        "/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "a3"}
    )
    leader = client_for(org.leader).post(
        "/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "a3"}
    )
    assert leader.status_code == 201 and Petition.objects.count() == 2


def test_invalid_request_keeps_the_key_free(org: Org) -> None:
    registrar = client_for(org.registrar)
    bad = registrar.post(
        "/api/petitions/", body(org, title=""), format="json", headers={"Idempotency-Key": "a4"}
    )
    assert bad.status_code == 400 and "title" in bad.json()["fields"]
    good = registrar.post("/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "a4"})
    assert good.status_code == 201


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_create_one(org: Org) -> None:
    """Two threads race with one key; the unique index makes the loser replay the winner's answer."""
    import threading

    from django.db import connection

    results: list[int] = []

    def post() -> None:
        try:
            response = client_for(org.registrar).post(
                "/api/petitions/", body(org), format="json", headers={"Idempotency-Key": "race"}
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Petition.objects.count() == 1
    assert sorted(results) in ([201, 201], [201, 409])
