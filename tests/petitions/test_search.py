"""Chinese full-text search over title and content, index-backed on both databases."""

from __future__ import annotations

from django.db import connection

from tests.factories import Org, register
from xinfang.petitions.models import Petition
from xinfang.petitions.search import tokens
from xinfang.petitions.selectors import petitions_filter


def test_tokens_are_han_bigrams_and_latin_words() -> None:
    assert tokens("拖欠工资3.6万元 ABC公司") == ["拖欠", "欠工", "工资", "万元", "公司", "3", "6", "abc"]
    assert tokens("欠") == ["欠"]


def found(q: str) -> list[str]:
    return sorted(petitions_filter(Petition.objects.all(), q=q).values_list("title", flat=True))


def test_search_title_and_content(org: Org) -> None:
    register(org, title="小区物业乱收费", content="物业公司擅自上调物业费。")
    register(org, title="工地欠薪", content="建筑公司拖欠工人工资三个月。")
    assert found("物业费") == ["小区物业乱收费"]
    assert found("欠薪") == ["工地欠薪"]
    assert found("拖欠工资") == ["工地欠薪"]  # every bigram present, as a CJK analyzer matches
    assert found("公司") == ["小区物业乱收费", "工地欠薪"]
    assert found("退休金") == []


def test_number_and_query_code_are_exact(org: Org) -> None:
    petition = register(org, title="噪音扰民")
    register(org, title="油烟扰民")
    assert found(petition.number) == ["噪音扰民"]
    assert found(petition.query_code.lower()) == ["噪音扰民"]


def test_query_uses_the_full_text_index(org: Org) -> None:
    register(org, title="学位分配", content="孩子入学学位分配不合理")
    query = str(petitions_filter(Petition.objects.all(), q="学位").query)
    if connection.vendor == "sqlite":
        assert "petitions_petition_fts MATCH" in query
    else:
        assert "search_vector @@ to_tsquery('simple'" in query
    assert found("学位") == ["学位分配"]
