"""GET /api/petitions/: a capped count on the first page and keyset (cursor) pages after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import Org, client_for, register
from xinfang.petitions import pages
from xinfang.petitions.models import Petition


@pytest.fixture
def twelve(org: Org) -> list[Petition]:
    now = timezone.now()
    titles = ["拖欠工资"] * 9 + ["暖气不热"] * 3
    return [
        register(org, title=t, content=f"{t}，请求处理", received_at=now - timedelta(hours=i + 1))
        for i, t in enumerate(titles)
    ]


def _walk(client, url: str) -> tuple[list[int], list[dict]]:  # type: ignore[no-untyped-def]
    ids, bodies = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        body = response.json()
        bodies.append(body)
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids, bodies


@pytest.mark.parametrize("sort", list(pages.ORDERS))
def test_cursor_pages_cover_every_row_once_in_order(
    org: Org, twelve: list[Petition], sort: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "PROBE_ROWS", 4)
    monkeypatch.setattr(pages, "COUNT_CAP", 5)
    expected = list(Petition.objects.order_by(*pages.ORDERS[sort].ordering()).values_list("pk", flat=True))
    ids, bodies = _walk(client_for(org.leader), f"/api/petitions/?page_size=3&sort={sort}")
    assert ids == expected
    assert (bodies[0]["count"], bodies[0]["count_capped"]) == (5, True)
    assert all(b["count"] is None for b in bodies[1:]) and bodies[-1]["next"] is None


def test_few_matches_keep_an_exact_count_and_their_plan_across_cursors(
    org: Org, twelve: list[Petition], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "PROBE_ROWS", 4)
    ids, bodies = _walk(client_for(org.leader), "/api/petitions/?q=暖气&page_size=2")
    assert ids == [p.pk for p in twelve[9:]]
    assert (bodies[0]["count"], bodies[0]["count_capped"]) == (3, False)


def test_bad_cursor_sort_and_size_are_field_errors(org: Org, twelve: list[Petition]) -> None:
    client = client_for(org.leader)
    bad = client.get("/api/petitions/?cursor=not-a-cursor")
    assert bad.status_code == 400 and "cursor" in bad.json()["fields"]
    assert "sort" in client.get("/api/petitions/?sort=title").json()["fields"]
    assert "page_size" in client.get("/api/petitions/?page_size=x").json()["fields"]
    first = client.get("/api/petitions/?page_size=2").json()
    cursor = first["next"].split("cursor=")[1]
    mixed = client.get(f"/api/petitions/?cursor={cursor}&sort=number")
    assert mixed.status_code == 400 and "cursor" in mixed.json()["fields"]
    assert len(client.get("/api/petitions/?page_size=5000").json()["results"]) == 12
