"""Repeats by the same person and near-duplicate texts are found, with the law's hint."""

from __future__ import annotations

import pytest

from tests.factories import Org, person, petition_in, register
from xinfang.intake.duplicates import candidates_for, signature_index, similar_texts
from xinfang.intake.models import LshKey
from xinfang.petitions.lifecycle import Status

pytestmark = pytest.mark.django_db

TEXT = "甲社区魅力之城小区临街门面餐馆油烟直排，严重影响居民生活，多次投诉无果。"


def indexed(org: Org, **overrides: object):  # type: ignore[no-untyped-def]
    petition = register(org, **overrides)
    signature_index(petition=petition)
    return petition


def test_near_duplicate_text_is_found_and_unrelated_is_not(org: Org) -> None:
    first = indexed(org, title="油烟扰民", content=TEXT)
    indexed(org, title="学区划分", content="孩子上学路途太远，请求调整学区划分。")
    assert LshKey.objects.filter(petition=first).count() == 48 + 16  # text and title bands
    hits = similar_texts("油烟扰民", TEXT.replace("多次投诉无果", "多次投诉仍无结果"))
    assert [pk for pk, _ in hits] == [first.pk] and hits[0][1] >= 0.3


def test_same_petitioner_is_a_repeat_candidate_with_the_article(org: Org) -> None:
    who = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=who, title="油烟扰民", content=TEXT)
    signature_index(petition=earlier)
    found = candidates_for(title="另一件事", content="完全不同的内容", id_number=who.id_number)
    assert found[0].petition_id == earlier.pk and found[0].kind == "same_petitioner"
    assert found[0].article == "第三十六条第三款" and "不再受理" in found[0].advice


def test_open_matter_points_to_article_19(org: Org) -> None:
    open_one = indexed(org, title="油烟扰民", content=TEXT)
    found = candidates_for(title="油烟扰民", content=TEXT)
    assert found[0].petition_id == open_one.pk and found[0].article == "第十九条第三款"
    assert candidates_for(title="油烟扰民", content=TEXT, exclude=open_one.pk) == []
