"""Chinese full-text search without a dictionary: overlapping character bigrams.

Chinese has no spaces, so each run of Han characters is indexed as its
overlapping bigrams (the approach of Lucene's CJK analyzer) and Latin words
and numbers as whole lowercase tokens. A query matches when every one of its
tokens is present, which behaves like substring search for two or more
characters and is served by an inverted index on either database: FTS5 on
SQLite, a GIN index over a stored to_tsvector('simple', …) column on PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+")
MAX_QUERY_TOKENS = 12


def tokens(text: str) -> list[str]:
    """Index tokens of ``text``, unique, in first-seen order."""
    found: dict[str, None] = {}
    for run in _HAN.findall(text):
        if len(run) == 1:
            found.setdefault(run)
        for i in range(len(run) - 1):
            found.setdefault(run[i : i + 2])
    for word in _WORD.findall(text.lower()):
        found.setdefault(word)
    return list(found)


def search_text(*parts: str) -> str:
    """The value stored in ``Petition.search_text`` for the given title and content."""
    return " ".join(tokens(" ".join(parts)))


def search_filter(petitions: QuerySet[Any], query: str) -> QuerySet[Any]:
    """Petitions whose title or content contain every token of ``query`` (index-backed)."""
    wanted = tokens(query)[:MAX_QUERY_TOKENS]
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
