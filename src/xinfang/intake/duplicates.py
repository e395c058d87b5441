"""Repeat and duplicate detection at registration.

- Repeat (重复信访): the same petitioner, found exactly through the keyed ID / phone hashes.
- Near-duplicate text: MinHash over character bigrams of the normalised text, 64
  permutations cut into 32 bands of 2; each band is one indexed (band, bucket) row. A
  second, title-only signature has its own bands (from TITLE_BANDS), because people who
  post a matter again often keep the title and rewrite the body. A lookup reads 64 index
  ranges, so its cost follows bucket sizes, not the table's size. Candidates are scored by
  the signatures' agreement (an estimate of Jaccard) against each channel's threshold.

Each candidate carries the earlier matter's state and what the regulation says about a
second petition on it (Art. 19(3), 36(3)); staff decide, the system only points.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from django.db import transaction
from django.db.models import Q, QuerySet

from xinfang.petitions.constants import ClosedReason
from xinfang.petitions.identity import id_number_hash, phone_hash
from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.models import Petition

from .models import LshBucket, TextSignature
from .text import normalise

PERMUTATIONS = 64
BANDS = 32
ROWS = PERMUTATIONS // BANDS
SHINGLE = 2
THRESHOLD = 0.3  # estimated Jaccard of the whole text's bigrams; set on labelled pairs (docs/benchmarks.md)
TITLE_THRESHOLD = 0.6  # titles are short: ask for more agreement
TITLE_BANDS = 100  # band numbers of the title channel start here
# Candidates scored per lookup: keeps a lookup's cost flat when common wording fills buckets
# (measured 2.9 ms at 10k and 3.7 ms at 1M indexed petitions; docs/benchmarks.md).
CANDIDATE_CAP = 300
SEED = 1


def shingles(text: str) -> set[str]:
    compact = "".join(normalise(text).split())
    if len(compact) <= SHINGLE:
        return {compact} if compact else set()
    return {compact[i : i + SHINGLE] for i in range(len(compact) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED)
    minhash.update_batch([s.encode() for s in shingles(text)])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def band_keys(values: np.ndarray, *, offset: int = 0) -> list[tuple[int, int]]:
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True)
        keys.append((offset + band, digest))
    return keys


def all_keys(text: np.ndarray, title: np.ndarray) -> list[tuple[int, int]]:
    return band_keys(text) + band_keys(title, offset=TITLE_BANDS)


def near(text_a: np.ndarray, title_a: np.ndarray, text_b: np.ndarray, title_b: np.ndarray) -> float | None:
    """The text similarity if either channel passes its threshold, else None."""
    text = similarity(text_a, text_b)
    if text >= THRESHOLD or similarity(title_a, title_b) >= TITLE_THRESHOLD:
        return text
    return None


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def petition_text(petition: Petition) -> str:
    return f"{petition.title} {petition.content}"


@transaction.atomic
def signature_index(*, petition: Petition) -> None:
    """Store (or refresh) a petition's signature and its band rows."""
    values, title = signature(petition_text(petition)), signature(petition.title)
    TextSignature.objects.update_or_create(
        petition=petition, defaults={"minhash": values.tobytes(), "title_minhash": title.tobytes()}
    )
    LshBucket.objects.filter(petition=petition).delete()
    LshBucket.objects.bulk_create(
        LshBucket(petition=petition, band=b, bucket=k) for b, k in all_keys(values, title)
    )


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


def candidates_for(
    *,
    title: str,
    content: str,
    id_number: str = "",
    phone: str = "",
    exclude: int | None = None,
    limit: int = 5,
    visible: QuerySet[Petition] | None = None,
) -> list[Candidate]:
    """Earlier petitions by the same person and near-duplicates of this text, best first.

    ``visible`` is the caller's ``petitions_visible_to(user)``: staff are shown only what
    they may open (an accusation is never shown to the accused unit, Art. 30).
    """
    pool = visible if visible is not None else Petition.objects.all()
    found: dict[int, Candidate] = {}
    person = Q()
    if id_number:
        person |= Q(petitioner__id_number_hash=id_number_hash(id_number))
    if phone:
        person |= Q(petitioner__phone_hash=phone_hash(phone))
    if person:
        rows = pool.filter(person).exclude(pk=exclude or 0).order_by("-received_at")[:limit]
        text = signature(f"{title} {content}")
        for row in rows:
            stored = TextSignature.objects.filter(petition=row).values_list("minhash", flat=True).first()
            score = similarity(text, np.frombuffer(stored, dtype=np.uint64)) if stored else 0.0
            found[row.pk] = _candidate(row, "same_petitioner", score)
    similar = dict(similar_texts(title, content, exclude=exclude, limit=limit * 4))
    shown = pool.filter(pk__in=[pk for pk in similar if pk not in found]).only(
        "number", "title", "status", "closed_reason"
    )
    for petition in shown:
        found[petition.pk] = _candidate(petition, "similar_text", similar[petition.pk])
    return sorted(found.values(), key=lambda c: (c.kind != "same_petitioner", -c.similarity))[: limit * 2]


def similar_texts(
    title: str, content: str, *, exclude: int | None = None, limit: int = 5
) -> list[tuple[int, float]]:
    values, title_values = signature(f"{title} {content}"), signature(title)
    keys = all_keys(values, title_values)
    match = Q()
    for band, bucket in keys:
        match |= Q(band=band, bucket=bucket)
    ids = set(LshBucket.objects.filter(match).values_list("petition_id", flat=True)[:CANDIDATE_CAP])
    ids.discard(exclude or 0)
    scored = []
    stored = TextSignature.objects.filter(petition_id__in=ids).values_list(
        "petition_id", "minhash", "title_minhash"
    )
    for petition_id, blob, title_blob in stored:
        score = near(values, title_values, as_array(blob), as_array(title_blob))
        if score is not None:
            scored.append((petition_id, score))
    return sorted(scored, key=lambda item: -item[1])[:limit]


def as_array(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=np.uint64)
