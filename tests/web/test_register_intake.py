"""Registration with smart intake: the panel's picks are stored when the registrar saves."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import Org, person, petition_in, register, valid_id
from xinfang.intake.duplicates import signature_index
from xinfang.intake.models import RoutingFeedback
from xinfang.petitions.constants import ClosedReason, LinkKind
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition, PetitionLink

pytestmark = pytest.mark.django_db

TEXT = "甲社区魅力之城小区临街餐馆油烟直排，严重影响居民生活，多次投诉无果。"


def form(org: Org, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "channel": "visit",
        "category": "labour",
        "title": "油烟扰民",
        "content": TEXT,
        "location_unit": str(org.community_a.pk),
        "petitioner_name": "李四",
        "petitioner_id_number": valid_id(7),
    }
    data.update(overrides)
    return data


def test_panel_offers_the_rechecked_matter_as_a_36_3_candidate(org: Org, client: Client) -> None:
    who = person(id_number=valid_id(7))
    earlier = petition_in(org, Status.CLOSED, petitioner=who, title="油烟扰民", content=TEXT)
    assert earlier.closed_reason == ClosedReason.RECHECKED
    client.force_login(org.registrar)
    page = client.post("/intake/analyse/", form(org)).content.decode()
    assert earlier.number in page and "第三十六条第三款" in page and "不再受理候选" in page
    assert f'value="{earlier.pk}:same_petitioner:' in page


def test_ticked_candidates_become_links_and_feedback_is_kept(org: Org, client: Client) -> None:
    similar = register(org, title="油烟扰民", content=TEXT)
    signature_index(petition=similar)
    hidden = register(org, title="别处", content="另一件事")
    client.force_login(org.registrar)
    picks = [f"{similar.pk}:similar_text:0.9", f"{hidden.pk + 999}:similar_text:1", "junk"]
    client.post("/register/", form(org, link_candidate=picks, suggested_category="labour"))
    new = Petition.objects.latest("pk")
    link = PetitionLink.objects.get(source=new)
    assert (link.target, link.kind, link.similarity) == (similar, LinkKind.DUPLICATE_OF, 0.9)
    assert RoutingFeedback.objects.get(petition=new, target="category").accepted
    assert similar.number in client.get(f"/petitions/{new.pk}/").content.decode()
