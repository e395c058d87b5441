"""Clean keywords: the words a reader would use to name a topic or explain a suggestion.

A keyword is a jieba word of two or more characters, made only of Chinese characters or
letters (no punctuation, digits or units such as "500元"), not in the stopwords-iso Chinese
list (the maintained ``stopwordsiso`` package) nor in the petition boilerplate list in
``data/stopwords_petition.txt``, and whose part of speech (jieba.posseg) is a noun, a verbal
noun, a content verb or an idiom — never a pronoun, adverb, conjunction, particle, numeral,
quantifier, time or direction word, nor an idiom (rhetoric such as 刻不容缓 names no topic).

Two kinds of piece jieba's HMM glues across a word boundary are refused too, when the word
is not in jieba's dictionary: one starting with an administrative level, a pronoun or
function word, or a measure word (``A7县星沙`` → "县星", "我会", ``3号线`` → "号线"); and a
numeral followed by a measure, level or time unit ("四区", "一楼", "十几年来": a number with
its unit).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jieba.posseg
import stopwordsiso

from .text import dictionary_load, loaded

# jieba.posseg flags kept: nouns (n, nr, ns, nt, nz, ng, nrt, nrfg), verbal and adjectival nouns,
# verbs, idioms and fixed expressions, and the dictionary's own terms (tagged nz).
KEPT_POS = re.compile(r"^(n[a-z]*|vn|v|an|l|j)$")
_LEVEL = frozenset("省市区县镇乡村街")
_FUNCTION = frozenset("我你他她它这那该此何需")
_MEASURE = frozenset("号个元米层栋楼幢期届次件名位户套亩")
_NUMERAL = frozenset("一二三四五六七八九十两几零百千")
_TIME_UNIT = frozenset("年月日天周")
_CLEAN = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,}$")
_ASCII_ONLY = re.compile(r"^[A-Za-z]+$")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    extra = Path(__file__).with_name("data").joinpath("stopwords_petition.txt").read_text(encoding="utf-8")
    own = {line.strip() for line in extra.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(stopwordsiso.stopwords("zh")) | own


@lru_cache(maxsize=50_000)
def pos_of(word: str) -> str:
    """The part of speech jieba gives the word on its own ("x" when it splits it)."""
    if not loaded():
        dictionary_load()
    parts = list(jieba.posseg.cut(word, HMM=False))
    return parts[0].flag if len(parts) == 1 else "x"


def in_dictionary(word: str) -> bool:
    if not loaded():
        dictionary_load()
    return bool(jieba.dt.FREQ.get(word))


def is_fragment(word: str) -> bool:
    """A glued piece or a number with its unit (see the module doc); dictionary words pass."""
    digits = len(word) - len(word.lstrip("".join(_NUMERAL)))
    if 0 < digits < len(word) and word[digits] in _MEASURE | _LEVEL | _TIME_UNIT:
        return True
    return word[0] in _LEVEL | _FUNCTION | _MEASURE and not in_dictionary(word)


def is_clean_keyword(word: str) -> bool:
    word = word.strip()
    if not _CLEAN.fullmatch(word) or word in stopwords() or is_fragment(word):
        return False
    if _ASCII_ONLY.fullmatch(word):
        return len(word) >= 3 and word.isupper()  # an acronym such as ETC; not English prose
    return bool(KEPT_POS.fullmatch(pos_of(word)))


def keywords_of(text: str) -> list[str]:
    """Clean keywords of normalised text, in order, segmented with their part of speech."""
    if not loaded():
        dictionary_load()
    out = []
    for token in jieba.posseg.cut(text):
        word, flag = token.word, token.flag
        if (
            _CLEAN.fullmatch(word)
            and word not in stopwords()
            and KEPT_POS.fullmatch(flag)
            and not is_fragment(word)
        ):
            if not _ASCII_ONLY.fullmatch(word) or (len(word) >= 3 and word.isupper()):
                out.append(word)
    return out
