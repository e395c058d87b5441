"""人民建议征集: the leaders' list of outstanding suggestions and the public 转化运用清单 (Art. 29)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import Org, _accept, _dispatch, _sign, register
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.services import petition_conclude_suggestion
from xinfang.portal.models import SuggestionPublication

pytestmark = pytest.mark.django_db


def suggestion(org: Org, *, outcome: str | None = None) -> Petition:
    petition = register(org, category=org.categories["suggestion"], title="增设社区公交微循环线路")
    for step in (_dispatch, _sign, _accept):
        petition = step(org, petition)
    assert petition.status == Status.HANDLING
    if outcome:
        petition = petition_conclude_suggestion(
            petition=petition, actor=org.housing_handler, outcome=outcome, reply="已研究采纳"
        )
    return petition


def test_outstanding_and_adopted_lists_for_staff(org: Org, client: Client) -> None:
    waiting = suggestion(org)
    adopted = suggestion(org, outcome="adopted")
    suggestion(org, outcome="not_adopted")
    client.force_login(org.leader)
    page = client.get("/portal/staff/suggestions/").content.decode()
    outstanding, done = page.split("已采纳的建议及转化运用")
    assert waiting.number in outstanding and adopted.number not in outstanding
    assert adopted.number in done and done.count("XF") == 1


def test_staff_outside_the_scope_see_nothing(org: Org, client: Client) -> None:
    hidden = suggestion(org)
    client.force_login(org.street_b_handler)
    assert hidden.number not in client.get("/portal/staff/suggestions/").content.decode()
    assert client.get(f"/portal/staff/suggestions/{hidden.pk}/publication/").status_code == 404


def test_publishing_puts_the_summary_on_the_public_list_without_identity(org: Org, client: Client) -> None:
    adopted = suggestion(org, outcome="partly_adopted")
    client.force_login(org.leader)
    url = f"/portal/staff/suggestions/{adopted.pk}/publication/"
    missing = client.post(url, {"title": "", "summary": "", "outcome": ""})
    assert "此项必填" in missing.content.decode() and not SuggestionPublication.objects.exists()
    client.post(
        url,
        {
            "title": "社区公交微循环",
            "summary": "建议增设公交线路",
            "outcome": "已开通2条线路",
            "published": "on",
        },
    )
    entry = SuggestionPublication.objects.get()
    assert entry.published and entry.published_at is not None and entry.adoption == "部分采纳"
    public = Client().get("/portal/suggestions/adopted/").content.decode()
    assert "已开通2条线路" in public and adopted.petitioner.name not in public


def test_not_adopted_suggestions_cannot_be_published(org: Org, client: Client) -> None:
    rejected = suggestion(org, outcome="not_adopted")
    client.force_login(org.leader)
    page = client.post(
        f"/portal/staff/suggestions/{rejected.pk}/publication/",
        {"title": "x", "summary": "y", "outcome": "z", "published": "on"},
    )
    assert "只有已采纳或部分采纳的建议才能公开" in page.content.decode()
    assert not SuggestionPublication.objects.exists()
