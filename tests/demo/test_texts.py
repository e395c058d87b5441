"""The synthetic petition texts: deterministic, varied, well-formed, every category."""

from __future__ import annotations

import random
import re
import string

import pytest

from xinfang.common.idcard import is_valid_id_number, is_valid_mobile
from xinfang.demo import texts
from xinfang.demo.texts import (
    CATEGORY_CODES,
    PetitionText,
    address,
    company_name,
    id_number,
    person_name,
    petition_text,
    phone_number,
)

PLACES = [
    ("龙城街道", "幸福社区"),
    ("清水街道", "滨江社区"),
    ("东湖街道", "翠湖社区"),
    ("南山街道", "松林社区"),
    ("新桥街道", "桥东社区"),
    ("凤岭街道", "金岭社区"),
]
HAN = re.compile(r"[\u4e00-\u9fff]")
# Same words as xinfang.petitions.rules.LITIGATION_WORDS (copied: that module needs Django).
LITIGATION_WORDS = re.compile(r"法院|判决|裁定|诉讼|起诉|上诉|再审|执行局|强制执行|检察院|抗诉|仲裁裁决|立案")


def _batch(category: str, count: int, seed: int = 11) -> list[PetitionText]:
    rng = random.Random(seed)
    return [
        petition_text(rng, category, place=place, community=community)
        for place, community in (PLACES[i % len(PLACES)] for i in range(count))
    ]


def test_category_codes() -> None:
    assert len(CATEGORY_CODES) == len(set(CATEGORY_CODES)) == 15
    assert CATEGORY_CODES[0] == "labour" and CATEGORY_CODES[-1] == "suggestion"
    assert set(texts._CATEGORIES) == set(CATEGORY_CODES)


def test_every_category_has_at_least_four_scenarios() -> None:
    for code in CATEGORY_CODES:
        assert len(texts._CATEGORIES[code].scenarios) >= 4, code


def test_every_template_slot_is_known() -> None:
    known = set(texts._MAKERS) | {"place", "community", "stem"}
    parse = string.Formatter().parse
    for code, category in texts._CATEGORIES.items():
        groups = [category.intros, category.follow_ups, category.pleas, category.leads, category.closings]
        for scenario in category.scenarios:
            groups += [scenario.titles, scenario.facts, scenario.reasons, scenario.requests]
            groups += [scenario.details, scenario.intros]
        for template in (t for group in groups for t in group):
            fields = {name for _, name, _, _ in parse(template) if name}
            assert fields <= known, (code, template, fields - known)


def test_same_seed_same_texts() -> None:
    for code in CATEGORY_CODES:
        assert _batch(code, 20, seed=3) == _batch(code, 20, seed=3)
    assert _batch("labour", 20, seed=3) != _batch("labour", 20, seed=4)


def test_same_seed_same_people() -> None:
    def people(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [
            f"{person_name(rng)}|{company_name(rng, '龙城街道')}|{id_number(rng)}|{phone_number(rng)}|"
            f"{address(rng, place='龙城街道', community='幸福社区')}"
            for _ in range(50)
        ]

    assert people(8) == people(8)
    assert people(8) != people(9)


@pytest.mark.parametrize("category", CATEGORY_CODES)
def test_fields_are_filled_chinese_text(category: str) -> None:
    for text in _batch(category, 200):
        for part in (text.title, text.request, text.facts, text.reasons, text.content):
            assert part.strip(), (category, text)
            assert HAN.search(part), (category, part)
            assert "{" not in part and "}" not in part, part
        assert 4 <= len(text.title) <= 40, text.title
        assert 100 <= len(text.content) <= 600, text.content
        assert text.facts in text.content and text.request in text.content
        for reason in text.reasons.split("。"):
            assert reason in text.content
        # Documents append their own punctuation ("事实和理由：{facts}；{reasons}").
        assert not text.facts.endswith("。") and not text.reasons.endswith("。")
        assert not text.request.endswith("。")


@pytest.mark.parametrize("category", CATEGORY_CODES)
def test_texts_vary(category: str) -> None:
    batch = _batch(category, 200)
    assert len({t.content for t in batch}) > 0.9 * len(batch)
    assert len({t.facts for t in batch}) > 0.5 * len(batch)
    assert len({t.title for t in batch}) >= 0.3 * len(batch)


def test_titles_mostly_distinct_overall() -> None:
    batch = [t for code in CATEGORY_CODES for t in _batch(code, 200)]
    assert len({t.title for t in batch}) > 0.75 * len(batch)


def test_typical_length() -> None:
    lengths = sorted(len(t.content) for code in CATEGORY_CODES for t in _batch(code, 100))
    median = lengths[len(lengths) // 2]
    assert 150 <= median <= 500
    assert sum(150 <= n <= 500 for n in lengths) > 0.8 * len(lengths)


def test_only_litigation_uses_court_words() -> None:
    for code in CATEGORY_CODES:
        for text in _batch(code, 200):
            hit = LITIGATION_WORDS.search(f"{text.title} {text.content} {text.request}")
            assert (hit is not None) == (code == "litigation"), (code, text.title, hit)


def test_category_flavour() -> None:
    assert all("建议" in t.request for t in _batch("suggestion", 100))
    assert all(re.search(r"社区|街道", t.facts) for t in _batch("accusation", 100))
    assert all(re.search(r"工资|合同|补偿|工伤|辞退", t.content) for t in _batch("labour", 100))


def test_place_and_community_are_used() -> None:
    rng = random.Random(5)
    for code in CATEGORY_CODES:
        found = [petition_text(rng, code, place="凤岭街道", community="金岭社区").content for _ in range(30)]
        assert any("凤岭" in c or "金岭社区" in c for c in found), code


def test_unknown_category() -> None:
    with pytest.raises(ValueError, match="unknown petition category"):
        petition_text(random.Random(1), "weather", place="龙城街道", community="幸福社区")


def test_generated_ids_are_valid() -> None:
    rng = random.Random(2)
    numbers = [id_number(rng) for _ in range(2000)]
    assert all(is_valid_id_number(n) for n in numbers)
    assert all(n.startswith("440306") for n in numbers)
    assert len(set(numbers)) > 1990
    years = {int(n[6:10]) for n in numbers}
    assert min(years) >= 1950 and max(years) <= 2002


def test_id_number_options() -> None:
    rng = random.Random(4)
    for _ in range(500):
        number = id_number(rng, division_code="110105", birth_year_range=(1990, 1990))
        assert is_valid_id_number(number)
        assert number[:10] == "1101051990"


def test_phone_numbers_are_valid_mobiles() -> None:
    rng = random.Random(6)
    phones = [phone_number(rng) for _ in range(2000)]
    assert all(is_valid_mobile(p) and len(p) == 11 for p in phones)
    assert len(set(phones)) > 1990


def test_person_names() -> None:
    rng = random.Random(7)
    names = [person_name(rng) for _ in range(2000)]
    assert all(2 <= len(n) <= 4 and all(HAN.fullmatch(ch) for ch in n) for n in names)
    assert any(len(n) == 2 for n in names) and any(len(n) == 3 for n in names)
    assert len(set(names)) > 800


def test_company_and_address() -> None:
    rng = random.Random(8)
    for _ in range(200):
        company = company_name(rng, "龙城街道")
        assert company.startswith("龙城") and company.endswith("公司")
        spot = address(rng, place="龙城街道", community="幸福社区")
        assert spot.startswith("龙城街道幸福社区") and len(spot) > len("龙城街道幸福社区") + 3
