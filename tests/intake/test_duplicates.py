"""Repeats by the same person and near-duplicate texts are found, with the law's hint."""

from __future__ import annotations

import pytest

from tests.factories import Org, person, petition_in, register
from xinfang.intake import duplicates
from xinfang.intake.duplicates import (
    THRESHOLD,
    candidates_for,
    compact,
    duplicate_cosines,
    scoring_text,
    signature_index,
    similar_texts,
    term_weights_refresh,
)
from xinfang.intake.models import LshKey
from xinfang.petitions.lifecycle import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stored weights are cached per row id, and ids come back after a test's rollback."""
    monkeypatch.setattr(duplicates, "_weights", {})


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


GREETING = "尊敬的领导：您好！"
THANKS = "谢谢！此致敬礼"


def test_greetings_and_thanks_are_not_scored() -> None:
    assert scoring_text(compact(f"{GREETING}小区门口路灯坏了。{THANKS}")) == "小区门口路灯坏了。"
    lamp = compact(f"{GREETING}小区门口路灯坏了一个月。{THANKS}")
    wages = compact(f"{GREETING}工资被公司拖欠半年。{THANKS}")
    assert duplicate_cosines(lamp, [wages])[0] == 0.0


def test_petitions_sharing_only_courtesy_phrases_are_not_near_duplicates(org: Org) -> None:
    indexed(org, title="路灯", content=f"{GREETING}小区门口路灯坏了一个月，晚上很黑。{THANKS}")
    indexed(org, title="油烟扰民", content=TEXT)
    query = ("欠薪", f"{GREETING}工资被公司拖欠半年，多次讨要无果。{THANKS}")
    assert similar_texts(*query) == []  # plain counts, before any backfill
    term_weights_refresh()  # the stored idf path, as after a backfill
    assert similar_texts(*query) == []


def test_rewritten_petition_is_still_a_near_duplicate_with_stored_weights(org: Org) -> None:
    first = indexed(org, title="油烟扰民", content=f"{GREETING}{TEXT}{THANKS}")
    indexed(org, title="学区划分", content="孩子上学路途太远，请求调整学区划分。")
    indexed(org, title="路灯", content=f"{GREETING}小区门口路灯坏了，居民晚上出行不便。{THANKS}")
    term_weights_refresh()
    rewritten = "魅力之城小区临街门面的餐馆油烟直排，多次投诉仍无结果，严重影响居民生活。请尽快处理。"
    hits = similar_texts("魅力之城油烟", rewritten)
    assert [pk for pk, _ in hits] == [first.pk] and hits[0][1] >= THRESHOLD


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
