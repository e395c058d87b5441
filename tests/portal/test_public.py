"""The public pages without personal data: the portal home and the adopted-suggestions list."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import Org
from tests.portal.conftest import suggestion_in
from xinfang.portal.services import suggestion_publication_save

pytestmark = pytest.mark.django_db


def test_home_links_every_public_page(client: Client) -> None:
    page = client.get("/portal/").content.decode()
    for url in ("/portal/submit/", "/portal/query/", "/portal/suggest/", "/portal/suggestions/adopted/"):
        assert f'href="{url}"' in page
    assert "第三十五条" in page and 'name="viewport"' in page
    assert "http://" not in page and "https://" not in page  # nothing loads from the internet


def test_home_answers_only_get(client: Client) -> None:
    assert client.post("/portal/").status_code == 405


def test_adopted_list_shows_published_entries_newest_first(org: Org, client: Client) -> None:
    assert "暂无公开的建议" in client.get("/portal/suggestions/adopted/").content.decode()
    first, second, hidden = (suggestion_in(org, outcome="adopted") for _ in range(3))
    for petition, title, published in (
        (first, "第一条", True),
        (second, "第二条", True),
        (hidden, "草稿", False),
    ):
        suggestion_publication_save(
            petition=petition,
            actor=org.leader,
            title=title,
            summary="摘要",
            outcome="已落实",
            published=published,
        )
    page = client.get("/portal/suggestions/adopted/").content.decode()
    assert page.index("第二条") < page.index("第一条") and "草稿" not in page
