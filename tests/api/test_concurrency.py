"""Two officials acting on one petition at once: one wins, the other gets 409, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.factories import Org, client_for, petition_in
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition


def test_stale_version_gets_409(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    seen = petition.version
    accept = client_for(org.housing_handler).post(
        f"/api/petitions/{petition.pk}/acts/accept/", {"version": seen}, format="json"
    )
    decline = client_for(org.housing_handler).post(
        f"/api/petitions/{petition.pk}/acts/decline/",
        {"version": seen, "ground": "other", "reason": "不属范围"},
        format="json",
    )
    assert accept.status_code == 200
    assert decline.status_code == 409
    assert decline.json()["code"] == "conflict"
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED
    assert petition.events.count() == seen + 1


@pytest.mark.django_db(transaction=True)
def test_truly_concurrent_acts_one_wins(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    seen = petition.version
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def act(name: str, path: str, payload: dict) -> None:
        client = client_for(org.housing_handler)
        barrier.wait()
        try:
            results[name] = client.post(
                f"/api/petitions/{petition.pk}/acts/{path}/", {"version": seen, **payload}, format="json"
            ).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("accept", "accept", {})),
        threading.Thread(target=act, args=("decline", "decline", {"ground": "other", "reason": "不属范围"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results.values()) == [200, 409]
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.events.count() == seen + 1
    assert petition.status in (Status.ACCEPTED, Status.NOT_ACCEPTED)
