"""Keywords never carry punctuation, numbers with units, or function and filler words."""

from __future__ import annotations

from datetime import date

import pytest

from xinfang.intake.classifier import TextClassifier, doc_of
from xinfang.intake.keywords import is_clean_keyword, keywords_of, stopwords
from xinfang.intake.topics import Item, topics_of

NOISY = (
    "交了物业费一边还要交停车费500元，拖欠工资3个月，魅力之城小区油烟扰民！希望领导重视，我们一直反映问题。"
)


@pytest.mark.parametrize(
    "word",
    [
        *["元，", "交了", "一边", "500元", "3个月", "我们", "问题", "反映", "希望", "，", "the", "一直"],
        # glued pieces of anonymised place codes, numbers with units, idioms and filler (附件3)
        *[
            "县星",
            "区丽发",
            "市万润",
            "号线",
            "四区",
            "一楼",
            "刻不容缓",
            "此情此景",
            "加快",
            "我会",
            "十几年来",
        ],
    ],
)
def test_dirty_words_are_refused(word: str) -> None:
    assert not is_clean_keyword(word)


@pytest.mark.parametrize(
    "word", ["物业费", "拖欠工资", "油烟扰民", "停车费", "实习", "小区", "市政府", "区政府", "县城", "一体化"]
)
def test_topic_words_are_kept(word: str) -> None:
    assert is_clean_keyword(word)


def test_keywords_of_text_keep_content_words_in_order() -> None:
    found = keywords_of(NOISY)
    assert found[:3] == ["物业费", "停车费", "拖欠工资"]
    assert "油烟扰民" in found
    assert not any(ch.isdigit() or ch in "，！。元" for word in found for ch in word)
    assert not set(found) & {"一边", "交了", "我们", "问题", "希望", "领导", "反映", "一直"}


def test_place_code_fragments_and_numbered_units_never_become_keywords() -> None:
    found = keywords_of("A市A7县星沙街道丽发新城小区旁地铁3号线开工，住在四区一楼，恳求加快行动刻不容缓")
    assert {"街道", "新城", "小区", "地铁", "开工"} <= set(found)
    assert not set(found) & {"县星", "号线", "四区", "一楼", "恳求", "加快", "行动", "刻不容缓"}


def test_stop_words_come_from_the_maintained_list_and_the_petition_list() -> None:
    words = stopwords()
    assert {"我们", "一些", "而且"} <= words  # stopwords-iso
    assert {"反映", "领导", "问题"} <= words  # data/stopwords_petition.txt


def test_hot_topic_keywords_are_clean() -> None:
    day = date(2026, 11, 20)
    texts = [
        (
            "魅力之城烧烤店油烟扰民",
            "魅力之城小区临街烧烤店油烟直排，晚上12点还在营业，交了投诉也没用，一边吃一边吵。",
        ),
        ("魅力之城油烟扰民", "魅力之城临街烧烤店油烟扰民，每天到凌晨2点，3楼住户无法开窗，希望领导重视。"),
        ("投诉魅力之城烧烤店油烟", "魅力之城小区门口的烧烤店油烟太大，噪音扰民，我们多次反映问题没有结果。"),
    ]
    items = [Item(str(i), t, c, day) for i, (t, c) in enumerate(texts)]
    topics = topics_of(items, today=day)
    assert topics and len(topics[0].members) == 3
    assert "烧烤店" in topics[0].keywords or "油烟" in topics[0].keywords
    assert all(is_clean_keyword(word) for word in topics[0].keywords)


def test_explanation_words_are_clean() -> None:
    docs = [doc_of("物业费", f"交了物业费{i}00元，物业公司还乱收停车费，一边收一边不管。") for i in range(6)]
    docs += [doc_of("拖欠工资", f"工地拖欠工资{i}个月，包工头一直不给，我们反映问题。") for i in range(6)]
    model = TextClassifier.train(docs, ["property"] * 6 + ["labour"] * 6, min_examples=3)
    for doc in docs[:2] + docs[6:8]:
        for prediction in model.top(doc, k=2):
            assert all(is_clean_keyword(word) for word in prediction.words), prediction.words
