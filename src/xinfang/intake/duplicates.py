"""Repeat and duplicate detection at registration.

- Repeat (重复信访): the same petitioner, found exactly through the keyed ID / phone hashes.
- Near-duplicate text: MinHash over the character bigrams of the normalised text, computed
  with numpy for a whole batch at once (``signatures``): 64 multiply-shift hash functions,
  one 32-bit minimum each. The text channel (title + body) is cut into 48 overlapping bands of
  2 rows, the title channel into 16 bands of 2 rows; each band is one 64-bit key in ``LshKey`` (key,
  petition), indexed on (key, petition).
- A lookup (``similar_texts``) reads, for each of its 64 keys, at most ``PER_KEY`` newest
  petitions from the index (one bounded index range per key), ranks the candidates by how
  many bands they share, and reads the best ``CANDIDATE_CAP`` petitions' own rows by primary
  key. It scores them by the TF-IDF cosine of character bigrams (raw counts, idf learnt from the
  bureau's own petitions, ``TermWeights``; greetings and thanks left out, ``duplicate_cosines``)
  or, for the title channel, the titles' exact bigram Jaccard. Reads are bounded by those two
  constants, not by the table; the signature table is not read at all (it serves re-indexing only).

Each candidate carries the earlier matter's state and what the regulation says about a
second petition on it (Art. 19(3), 36(3)); staff decide, the system only points.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from xinfang.petitions.constants import ClosedReason
from xinfang.petitions.identity import id_number_hashes, phone_hashes
from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.models import Petition, Petitioner

from .models import LshKey, TermWeights, TextSignature
from .text import normalise

PERMUTATIONS = 64
ROWS = 2
TEXT_BANDS = 48  # 48 overlapping bands of 2 rows (values b, b+1): see band_keys
TITLE_BANDS = 16  # titles: 16 bands x 2 rows over the first 32 values (p = 0.999 at 0.6)
# TF-IDF cosine of the whole text's bigrams (raw counts, courtesy phrases left out: duplicate_cosines).
# Chosen by cross-validation on 附件3's labelled pairs (split by user; best recall at precision
# >= 0.95 on the training folds): 0.24 in 40 of 50 folds and on all pairs; held-out precision
# 0.982, recall 0.908 (docs/benchmarks.md).
THRESHOLD = 0.24
TITLE_THRESHOLD = 0.6  # exact bigram Jaccard of the titles: short, so ask for more agreement
PER_KEY = 40  # newest petitions read per band key: a full bucket costs no more than this
CANDIDATE_CAP = 40  # best-ranked candidates whose signatures are read and scored
EMPTY = np.uint32(0xFFFFFFFF)

_rng = np.random.default_rng(20261122)
# Multiply-shift hashing: h_i(x) = ((a_i * x + b_i) mod 2^64) >> 32, a_i odd.
_A = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_BAND_MUL = (_rng.integers(1, 2**63, ROWS + 1, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)


def compact(text: str) -> str:
    """The normalised text without whitespace: what the bigrams are cut from."""
    return "".join(normalise(text).split())


def _bigram_keys(text: str) -> np.ndarray:
    """Distinct character bigrams of already compacted text as 32-bit mixed keys."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if points.size == 0:
        return points
    pairs = (points[:-1] << np.uint64(21)) | points[1:] if points.size > 1 else points
    return np.unique((pairs * _MIX) >> np.uint64(32))


def signatures(texts: Sequence[str]) -> np.ndarray:
    """MinHash signatures (n x 64, uint32) of already compacted texts, vectorised over the batch.

    An empty text gets all-ones values, which ``band_keys`` leaves out of the index.
    """
    keys = [_bigram_keys(t) for t in texts]
    result = np.full((len(texts), PERMUTATIONS), EMPTY, dtype=np.uint32)
    present = [i for i, k in enumerate(keys) if k.size]
    if not present:
        return result
    flat = np.concatenate([keys[i] for i in present])
    starts = np.cumsum([0] + [keys[i].size for i in present[:-1]])
    for p in range(PERMUTATIONS):
        hashed = ((_A[p] * flat + _B[p]) >> np.uint64(32)).astype(np.uint32)
        result[present, p] = np.minimum.reduceat(hashed, starts)
    return result


def signature(text: str) -> np.ndarray:
    return signatures([compact(text)])[0]


def band_keys(values: np.ndarray, *, bands: int, channel: int) -> np.ndarray:
    """64-bit keys (n x bands, int64) of signature rows; channel 0 is the text, 1 the title.

    The text channel's bands overlap — band b holds values b and b+1 — which gives 48 chances
    for a pair to meet instead of 32 disjoint ones at the same false-candidate rate (on 附件3:
    0.913 of the labelled duplicates share a text key, against 0.869 with 32 disjoint bands).
    """
    values = np.atleast_2d(values)
    step = 1 if channel == 0 else ROWS
    starts = np.arange(bands) * step
    rows = np.stack([values[:, starts + r] for r in range(ROWS)], axis=2).astype(np.uint64)
    band_ids = np.arange(bands, dtype=np.uint64) + np.uint64(channel * 64 + 1)
    mixed = band_ids[None, :] * _BAND_MUL[0]
    for r in range(ROWS):
        mixed = (mixed ^ rows[:, :, r]) * _BAND_MUL[r + 1]
    return mixed.view(np.int64)


def keys_of(text_sig: np.ndarray, title_sig: np.ndarray) -> list[int]:
    """The index keys of one petition (none for an empty channel)."""
    keys: list[int] = []
    if text_sig.min() != EMPTY:
        keys += band_keys(text_sig, bands=TEXT_BANDS, channel=0)[0].tolist()
    if title_sig.min() != EMPTY:
        keys += band_keys(title_sig, bands=TITLE_BANDS, channel=1)[0].tolist()
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    if a.min() == EMPTY or b.min() == EMPTY:
        return 0.0
    return float(np.mean(a == b))


def petition_text(title: str, content: str) -> str:
    return f"{title} {content}"


def as_array(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=np.uint32)


@transaction.atomic
def signature_index(*, petition: Petition) -> None:
    """Store (or refresh) one petition's signatures and band keys (the batch path, for one)."""
    old = TextSignature.objects.filter(petition=petition).values_list("minhash", "title_minhash").first()
    if old:  # delete by (key, petition): the primary key, no scan
        LshKey.objects.filter(key__in=keys_of(as_array(old[0]), as_array(old[1])), petition=petition).delete()
        TextSignature.objects.filter(petition=petition).delete()
    signatures_store([(petition.pk, petition.title, petition.content)])


def signatures_store(rows: Sequence[tuple[int, str, str]], *, normalised: bool = False) -> int:
    """Compute and insert signatures and band keys for (id, title, content) rows, set-based.

    One vectorised MinHash per channel for the whole batch, then two bulk loads (COPY on
    PostgreSQL). Callers make sure the rows are not indexed yet; ``normalised`` when the
    caller already ran ``normalise`` over title and content.
    """
    if not rows:
        return 0

    def squeeze(text: str) -> str:
        return "".join(text.split()) if normalised else compact(text)

    titles = [squeeze(title) for _, title, _ in rows]
    texts = [squeeze(petition_text(title, content)) for _, title, content in rows]
    text_sig, title_sig = signatures(texts), signatures(titles)
    text_keys = band_keys(text_sig, bands=TEXT_BANDS, channel=0)
    title_keys = band_keys(title_sig, bands=TITLE_BANDS, channel=1)
    text_ok = text_sig.min(axis=1) != EMPTY
    title_ok = title_sig.min(axis=1) != EMPTY
    ids = [pk for pk, _, _ in rows]
    sig_rows = [(pk, text_sig[i].tobytes(), title_sig[i].tobytes()) for i, pk in enumerate(ids)]
    key_rows: list[tuple[int, int]] = []
    for i, pk in enumerate(ids):
        if text_ok[i]:
            key_rows.extend((k, pk) for k in text_keys[i].tolist())
        if title_ok[i]:
            key_rows.extend((k, pk) for k in title_keys[i].tolist())
    bulk_load(TextSignature._meta.db_table, ("petition_id", "minhash", "title_minhash"), sig_rows)
    bulk_load(LshKey._meta.db_table, ("key", "petition_id"), key_rows)
    return len(rows)


def bulk_load(table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608


@dataclass(frozen=True)
class Candidate:
    petition_id: int
    number: str
    title: str
    status: str
    status_label: str
    kind: str  # "same_petitioner" | "similar_text"
    similarity: float
    advice: str
    article: str


def advice_for(status: str, closed_reason: str = "") -> tuple[str, str]:
    """What the regulation says about a second petition on the same matter, by the earlier one's state."""
    if status == Status.CLOSED and closed_reason == ClosedReason.RECHECKED:
        return (
            "原事项已复核终结：如仍以同一事实和理由提出，为不再受理候选（请核对有无新的事实和理由）",
            "第三十六条第三款",
        )
    if status == Status.CLOSED:
        return (
            "原事项已办结（未经复核）：对处理意见不服的，应引导在期限内请求复查、复核",
            "第三十五条、第三十六条",
        )
    if status in (Status.REVIEWED, Status.UNDER_RECHECK, Status.UNDER_REVIEW):
        return "原事项处于复查复核程序，应引导依程序办理", "第三十五条、第三十六条"
    if status in OPEN_STATES:
        return (
            "原事项已受理或正在办理；向上级又提出同一事项的不予受理候选，同级的应关联合并办理",
            "第十九条第三款",
        )
    return "原事项已作出不予受理、不再受理或导入其他法定途径的决定", "第十九条、第二十二条"


def _candidate(petition: Petition, kind: str, score: float) -> Candidate:
    advice, article = advice_for(petition.status, petition.closed_reason)
    return Candidate(
        petition.pk,
        petition.number,
        petition.title,
        petition.status,
        Status(petition.status).label,
        kind,
        round(score, 2),
        advice,
        article,
    )


def petitioners_of(*, id_number: str = "", phone: str = "", cap: int = 20) -> list[int]:
    """Person records with this ID number or phone, through the keyed-hash indexes (bounded).

    Looking people up first keeps the petitions query on the petitioner index: joining and
    sorting by receipt time instead would walk the whole time index when nobody matches.
    """
    people: list[int] = []
    if id_number:
        people += Petitioner.objects.filter(id_number_hash__in=id_number_hashes(id_number)).values_list(
            "pk", flat=True
        )[:cap]
    if phone:
        # Contact details live on each petition (ADR 0014 §5): the people its petitions link to.
        people += (
            Petition.objects.filter(petitioner_phone_hash__in=phone_hashes(phone), petitioner__isnull=False)
            .values_list("petitioner_id", flat=True)
            .distinct()[:cap]
        )
    return list(dict.fromkeys(people))[:cap]


def candidates_for(
    *,
    title: str,
    content: str,
    id_number: str = "",
    phone: str = "",
    exclude: int | None = None,
    limit: int = 5,
    visible: QuerySet[Petition] | None = None,
    people: list[int] | None = None,
) -> list[Candidate]:
    """Earlier petitions by the same person and near-duplicates of this text, best first.

    ``visible`` is the caller's ``petitions_visible_to(user)``: staff are shown only what
    they may open (an accusation is never shown to the accused unit, Art. 30).
    """
    pool = visible if visible is not None else Petition.objects.all()
    fields = ("number", "title", "status", "closed_reason")
    found: dict[int, Candidate] = {}
    if people is None:
        people = petitioners_of(id_number=id_number, phone=phone)
    if people:
        rows = list(
            pool.filter(petitioner_id__in=people)
            .exclude(pk=exclude or 0)
            .order_by("-received_at")
            .only("content", *fields)[:limit]
        )
        query = compact(petition_text(title, content))
        scores: list[float] = (
            duplicate_cosines(query, [compact(petition_text(r.title, r.content)) for r in rows]).tolist()
            if rows
            else []
        )
        for row, score in zip(rows, scores, strict=True):
            found[row.pk] = _candidate(row, "same_petitioner", float(score))
    for petition, score in scored_candidates(title, content, exclude=exclude, pool=pool, fields=fields):
        if petition.pk not in found and len(found) < limit * 2:
            found[petition.pk] = _candidate(petition, "similar_text", score)
    return sorted(found.values(), key=lambda c: (c.kind != "same_petitioner", -c.similarity))[: limit * 2]


def similar_texts(
    title: str, content: str, *, exclude: int | None = None, limit: int = 5
) -> list[tuple[int, float]]:
    """Near-duplicates of a text as typed: (petition id, text similarity), most similar first."""
    return similar_to(title, content, exclude=exclude, limit=limit)


def ranked_candidates(keys: Sequence[int], *, exclude: int | None = None) -> list[tuple[int, int]]:
    """(petition id, shared bands) of the best CANDIDATE_CAP, reading at most PER_KEY rows per key.

    One statement: a UNION ALL of per-key index ranges, newest first, then a count per
    petition. Works alike on PostgreSQL and SQLite.
    """
    if not keys:
        return []
    table = connection.ops.quote_name(LshKey._meta.db_table)
    branch = (
        f"SELECT * FROM (SELECT petition_id FROM {table} WHERE key = %s ORDER BY petition_id DESC LIMIT %s) b"  # noqa: S608
    )
    unique = list(dict.fromkeys(keys))
    sql = (
        f"SELECT petition_id, COUNT(*) AS shared FROM ({' UNION ALL '.join([branch] * len(unique))}) u "  # noqa: S608
        "WHERE petition_id <> %s GROUP BY petition_id ORDER BY shared DESC, petition_id DESC LIMIT %s"
    )
    params: list[int] = []
    for key in unique:
        params += [key, PER_KEY]
    params += [exclude or 0, CANDIDATE_CAP]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), int(n)) for pk, n in cursor.fetchall()]


def scored_candidates(
    title: str,
    content: str,
    *,
    exclude: int | None = None,
    pool: QuerySet[Petition] | None = None,
    fields: Sequence[str] = (),
) -> list[tuple[Petition, float]]:
    """Candidates that pass a channel's threshold, with their text similarity, most similar first.

    Retrieval: the band keys of this text's MinHash (ranked by shared bands, bounded reads).
    Scoring: the TF-IDF cosine of character bigrams of the whole text (``duplicate_cosines``:
    raw counts, idf from ``TermWeights``, greetings left out), or the title's exact bigram Jaccard; only the <= CANDIDATE_CAP
    candidates' own rows are read (by primary key, through ``pool``: the caller's visibility).
    """
    text_sig = signature(petition_text(title, content))
    title_sig = signature(title)
    ranked = ranked_candidates(keys_of(text_sig, title_sig), exclude=exclude)
    if not ranked:
        return []
    rows = list(
        (pool if pool is not None else Petition.objects.all())
        .filter(pk__in=[pk for pk, _ in ranked])
        .only("title", "content", *fields)
    )
    if not rows:
        return []
    query = compact(petition_text(title, content))
    cosine = duplicate_cosines(query, [compact(petition_text(r.title, r.content)) for r in rows])
    mine = _bigrams(compact(title))
    scored = []
    for row, text_score in zip(rows, cosine, strict=True):
        if text_score >= THRESHOLD or _jaccard(mine, _bigrams(compact(row.title))) >= TITLE_THRESHOLD:
            scored.append((row, float(text_score)))
    return sorted(scored, key=lambda item: (-item[1], -item[0].pk))


def similar_to(
    title: str, content: str, *, exclude: int | None = None, limit: int = 5
) -> list[tuple[int, float]]:
    return [(row.pk, score) for row, score in scored_candidates(title, content, exclude=exclude)[:limit]]


def similar_to_petition(petition_id: int, *, limit: int = 5) -> list[tuple[int, float]]:
    """Near-duplicates of a stored petition."""
    mine = Petition.objects.filter(pk=petition_id).values_list("title", "content").first()
    if not mine:
        return []
    return similar_to(mine[0], mine[1], exclude=petition_id, limit=limit)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} - {""}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# --- term weights: the inverse document frequency of character bigrams ------------------------

_weights: dict[int, TfidfVectorizer] = {}
WEIGHT_SAMPLE = 50_000


def term_weights() -> TfidfVectorizer | None:
    """The newest stored bigram weights, unpickled once per process and version."""
    row = TermWeights.objects.order_by("-pk").values_list("pk", flat=True).first()
    if row is None:
        return None
    if row not in _weights:
        blob = TermWeights.objects.values_list("blob", flat=True).get(pk=row)
        _weights.clear()
        _weights[row] = pickle.loads(bytes(blob))  # noqa: S301 - written by this system only
    return _weights[row]


def text_cosines(query: str, texts: Sequence[str], vectorizer: TfidfVectorizer | None = None) -> np.ndarray:
    """TF-IDF cosine (sublinear tf, character bigrams) of ``query`` with each text (compacted).

    ``vectorizer``: fitted weights to use instead of the stored ones (benchmarks).
    """
    vectorizer = vectorizer or term_weights()
    if vectorizer is None:  # before the first backfill: plain bigram counts
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 2), sublinear_tf=True, use_idf=False)
        vectorizer.fit([query, *texts])
    matrix = vectorizer.transform([query, *texts])
    return np.asarray((matrix[1:] @ matrix[0].T).todense()).ravel()


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    """The courtesy phrases of ``data/duplicate_boilerplate.txt`` as one pattern, longest first,
    each with the punctuation that follows it (so "领导：您好！" leaves no shared "：！")."""
    lines = Path(__file__).with_name("data").joinpath("duplicate_boilerplate.txt").read_text(encoding="utf-8")
    phrases = {line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#")}
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    return re.compile(f"(?:{alternatives})[，,。.！!：:；;、～~]*")


def scoring_text(text: str) -> str:
    """Compacted text without its greeting and thanks: what the near-duplicate score reads."""
    return _boilerplate().sub("", text)


def duplicate_cosines(
    query: str, texts: Sequence[str], vectorizer: TfidfVectorizer | None = None
) -> np.ndarray:
    """The near-duplicate score of ``query`` with each text (compacted): TF-IDF cosine of bigrams.

    Unlike ``text_cosines`` the term frequency is the raw count, not 1 + log(count): a bigram a
    rewritten petition repeats (the estate's or the employer's name, the grievance) keeps its
    weight, while one person's recurring stock phrases, shared once by unrelated petitions, do
    not add up to a match (docs/benchmarks.md: sublinear counts put those pairs within reach of
    the threshold). Greetings and thanks (``scoring_text``) are left out. The idf is the stored
    one (``TermWeights``), or none before the first backfill; ``vectorizer`` overrides it.
    """
    vectorizer = vectorizer or term_weights()
    documents = [scoring_text(t) for t in (query, *texts)]
    if vectorizer is None:
        counts = CountVectorizer(analyzer="char", ngram_range=(2, 2)).fit_transform(documents)
    else:  # the fitted vocabulary's raw counts, then its idf
        counts = CountVectorizer.transform(vectorizer, documents).multiply(vectorizer.idf_[None, :]).tocsr()
    matrix = normalize(counts.astype(np.float64))
    return np.asarray((matrix[1:] @ matrix[0].T).todense()).ravel()


def weights_for(texts: Sequence[str]) -> TfidfVectorizer:
    """Bigram weights fitted on compacted texts, as ``TermWeights`` stores them."""
    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 2), sublinear_tf=True, min_df=2, dtype=np.float32
    )
    return vectorizer.fit(texts)


def term_weights_refresh(*, sample: int = WEIGHT_SAMPLE) -> TermWeights | None:
    """Learn bigram weights from the newest ``sample`` petitions (run by backfill and training)."""
    texts = [
        compact(petition_text(title, content))
        for title, content in Petition.objects.order_by("-pk").values_list("title", "content")[:sample]
    ]
    if len(texts) < 2:
        return None
    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 2), sublinear_tf=True, min_df=2, dtype=np.float32
    )
    vectorizer.fit(texts)
    vectorizer.stop_words_ = None  # not needed to transform; keeps the stored blob small
    row = TermWeights.objects.create(documents=len(texts), blob=pickle.dumps(vectorizer))
    TermWeights.objects.exclude(pk=row.pk).delete()
    return row
