"""Chinese full-text search: overlapping character bigrams in the index, words in the query.

Chinese has no spaces, so each run of Han characters is indexed as its
overlapping bigrams (the approach of Lucene's CJK analyzer) and Latin words
and numbers as whole lowercase tokens, served by an inverted index on either
database: FTS5 on SQLite, a GIN index over a stored to_tsvector('simple', …)
column on PostgreSQL. Text is normalised first (full-width forms, traditional
characters to simplified), in the index and in the query alike.

A query is cut into words (jieba) and asks for the bigrams inside each word, not
those that span two words: 工资拖欠 asks for 工资 and 拖欠 and so finds 拖欠工资 and
"工资被拖欠"; a compound that the dictionary splits into smaller words (拖欠工资 →
拖欠 + 工资) is asked for by its parts. A single-character word is not indexed on
its own inside a longer run, so it keeps the bigram joining it to its neighbour
(暖气不热 asks for 暖气 and 不热).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
MAX_QUERY_TOKENS = 12


@lru_cache(maxsize=1)
def _simplifier() -> tuple[Any, re.Pattern[str]]:
    """OpenCC's t2s converter and a pattern of the characters it changes (most texts have none)."""
    from opencc import OpenCC

    converter = OpenCC("t2s")
    block = "".join(chr(c) for c in range(0x3400, 0xA000))
    changed = {a for a, b in zip(block, converter.convert(block), strict=False) if a != b}
    changed.update(chr(c) for c in range(0xF900, 0xFB00))
    return converter, re.compile("[" + "".join(sorted(changed)) + "]")


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, traditional characters to simplified, lower case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        converter, traditional = _simplifier()
        if traditional.search(text):
            text = converter.convert(text)
    return text.lower()


def tokens(text: str) -> list[str]:
    """Index tokens of ``text``, unique, in first-seen order."""
    found: dict[str, None] = {}
    text = normalise(text)
    for run in _HAN.findall(text):
        if len(run) == 1:
            found.setdefault(run)
        for i in range(len(run) - 1):
            found.setdefault(run[i : i + 2])
    for word in _WORD.findall(text):
        found.setdefault(word)
    return list(found)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def warm_up() -> None:
    """Load the word dictionary now (about a second), not in the first search request."""
    _jieba()
    _simplifier()


# Function words a query may contain but that carry no meaning for matching.
_STOP = frozenset("的了和与及是在被把对向从将也都而或就等之其于")


def _pieces(run: str) -> list[str]:
    """The parts of a Han run whose bigrams a query asks for (see the module docstring)."""
    jieba = _jieba()
    words = [(w, a, b) for w, a, b in jieba.tokenize(run, HMM=False) if w not in _STOP]
    pieces: list[str] = []
    i = 0
    while i < len(words):
        word, start, end = words[i]
        if end - start > 1:
            pieces.extend(_compound(jieba, word))
            i += 1
            continue
        # Adjacent single characters stay together (不热); a lone one joins a neighbouring word.
        j = i
        while (
            j + 1 < len(words) and words[j + 1][2] - words[j + 1][1] == 1 and words[j + 1][1] == words[j][2]
        ):
            j += 1
        if j > i:
            pieces.append(run[start : words[j][2]])
        elif i > 0 and words[i - 1][2] == start:
            pieces.append(run[start - 1 : end])
        elif i + 1 < len(words) and words[i + 1][1] == end:
            pieces.append(run[start : end + 1])
        i = j + 1
    return pieces


def _compound(jieba: Any, word: str) -> list[str]:
    """A word the dictionary also splits into smaller words that cover it is asked for by its parts."""
    parts = [w for w in jieba.cut_for_search(word, HMM=False) if len(w) >= 2 and w != word]
    covered: set[int] = set()
    for part in parts:
        at = word.find(part)
        covered.update(range(at, at + len(part)))
    return parts if parts and len(covered) == len(word) else [word]


def query_tokens(query: str) -> list[str]:
    """Tokens a query asks for, unique, in first-seen order: word order and variants do not matter."""
    found: dict[str, None] = {}
    text = normalise(query)
    for run in _HAN.findall(text):
        if len(run) == 1:
            found.setdefault(run)
            continue
        for piece in _pieces(run):
            for i in range(len(piece) - 1):
                found.setdefault(piece[i : i + 2])
    for word in _WORD.findall(text):
        found.setdefault(word)
    return list(found)


def search_text(*parts: str) -> str:
    """The value stored in ``Petition.search_text`` for the given title and content."""
    return " ".join(tokens(" ".join(parts)))


def search_filter(petitions: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Petitions whose title or content contain every token of ``query`` (index-backed)."""
    wanted = query_tokens(query)[:MAX_QUERY_TOKENS]
    if not wanted:
        return petitions
    if connection.vendor == "postgresql":
        matches = RawSQL(
            "petitions_petition.search_vector @@ to_tsquery('simple', %s)",
            [" & ".join(_pg_quote(t) for t in wanted)],
            output_field=BooleanField(),
        )
        return petitions.filter(matches)
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"' for t in wanted)
        return petitions.filter(
            id__in=RawSQL(
                "SELECT rowid FROM petitions_petition_fts WHERE petitions_petition_fts MATCH %s", [match]
            )
        )
    condition = Q()
    for token in wanted:
        condition &= Q(search_text__contains=token)
    return petitions.filter(condition)


def _pg_quote(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"
