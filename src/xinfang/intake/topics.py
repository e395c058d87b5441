"""Hot topics (类案): group recent petitions into topics and flag topics growing faster than their baseline.

Each petition becomes one normalised vector joining TF-IDF of the title's jieba words, the
title's character 2-3-grams and the words of title plus body (words common to more than a
tenth of the window are dropped). Petitions whose cosine similarity reaches SIMILARITY are
linked, and each connected group of two or more is a topic: no fixed number of topics, and
one sparse product, fast for a month of a district's petitions. A topic's keywords are its
most shared clean keywords (nouns and content verbs by jieba.posseg, no stop words), its
places the most frequent location units. Burst: the last
``recent_days`` hold more than ``burst_ratio`` times the topic's own daily rate over the
rest of the window (and at least ``min_recent`` petitions).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.utils import timezone
from scipy.sparse import hstack
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from xinfang.orgs.models import User
from xinfang.petitions.selectors import petitions_visible_to

from .keywords import keywords_of
from .models import DomainTerm
from .text import dictionary_load, normalise, words

SIMILARITY = 0.3  # chosen on 附件3 (docs/benchmarks.md)
MAX_ITEMS = 5000


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    text: str
    day: date
    place: str = ""


@dataclass
class Topic:
    keywords: list[str]
    members: list[str]
    places: list[tuple[str, int]]
    count: int
    recent: int
    burst: bool
    days: list[date] = field(default_factory=list)


def cluster(items: Sequence[Item], *, similarity: float = SIMILARITY, min_size: int = 2) -> list[list[int]]:
    if len(items) < 2:
        return []
    titles = [normalise(i.title) for i in items]
    texts = [f"{t} {normalise(i.text)}" for t, i in zip(titles, items, strict=True)]
    parts = [
        TfidfVectorizer(analyzer=words, sublinear_tf=True).fit_transform(titles),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True).fit_transform(titles),
        TfidfVectorizer(
            analyzer=words, sublinear_tf=True, max_df=0.1 if len(items) >= 50 else 1.0
        ).fit_transform(texts),
    ]
    vectors = normalize(hstack(parts).tocsr())
    graph = (vectors @ vectors.T).tocsr()
    graph.data[graph.data < similarity] = 0
    graph.eliminate_zeros()
    _count, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(np.asarray(labels)):
        groups.setdefault(int(label), []).append(index)
    return sorted((g for g in groups.values() if len(g) >= min_size), key=len, reverse=True)


def topics_of(
    items: Sequence[Item],
    *,
    today: date,
    recent_days: int = 7,
    burst_ratio: float = 2.0,
    min_recent: int = 3,
    similarity: float = SIMILARITY,
) -> list[Topic]:
    groups = cluster(items, similarity=similarity)
    # Keywords are clean words (keywords.py): no punctuation, numbers, units or filler words.
    vocab = [set(keywords_of(normalise(f"{i.title} {i.text}"))) for i in items]
    window = Counter(w for bag in vocab for w in bag)
    if not groups:
        return []
    window_days = max((today - min(i.day for i in items)).days + 1, recent_days + 1)
    result = []
    for group in groups:
        members = [items[i] for i in group]
        bag = Counter(w for i in group for w in vocab[i])
        recent = sum(1 for m in members if (today - m.day).days < recent_days)
        older = len(members) - recent
        baseline_rate = older / max(window_days - recent_days, 1)
        burst = recent >= min_recent and recent / recent_days > burst_ratio * max(
            baseline_rate, 1 / window_days
        )
        result.append(
            Topic(
                keywords=_keywords(bag, window, len(items), len(group)),
                members=[m.key for m in members],
                places=Counter(m.place for m in members if m.place).most_common(3),
                count=len(members),
                recent=recent,
                burst=burst,
                days=sorted(m.day for m in members),
            )
        )
    return result


def hot_topics(*, user: User, days: int = 30, today: date | None = None) -> list[Topic]:
    """Topics among the petitions the user may see, received in the last ``days`` days."""
    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=days)
    dictionary_load(list(DomainTerm.objects.values_list("word", flat=True)))
    rows = (
        petitions_visible_to(user)
        .filter(received_at__gte=since)
        .order_by("-received_at")
        .values_list("number", "title", "content", "received_at", "location_unit__name")[:MAX_ITEMS]
    )
    items = [Item(n, t, c, timezone.localdate(at), place or "") for n, t, c, at, place in rows]
    return topics_of(items, today=today)


def _keywords(bag: Counter[str], window: Counter[str], total: int, size: int, count: int = 6) -> list[str]:
    """Words most of the topic shares, weighted by how rare they are in the window (tf-idf style)."""
    common = [w for w, n in bag.items() if n >= max(2, math.ceil(0.3 * size))] or list(bag)

    def weight(word: str) -> tuple[float, int, str]:
        return (-bag[word] * math.log((1 + total) / (1 + window[word])), -len(word), word)

    return sorted(common, key=weight)[:count]
