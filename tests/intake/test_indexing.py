"""Set-based indexing gives the same signatures, keys, risk and alerts as the one-petition path."""

from __future__ import annotations

import numpy as np
import pytest

from tests.factories import Org, person, register
from xinfang.intake.duplicates import as_array, signature, signature_index, signatures, similar_texts
from xinfang.intake.indexing import intake_backfill
from xinfang.intake.models import LshKey, RiskAlert, RiskAssessment, TextSignature
from xinfang.intake.risk import risk_assess
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db

FUMES = "甲社区魅力之城小区临街门面餐馆油烟直排，严重影响居民生活，多次投诉无果。"


def snapshot() -> tuple[dict[int, bytes], set[tuple[int, int]], dict[int, tuple[int, str]]]:
    sigs = {pk: bytes(blob) for pk, blob in TextSignature.objects.values_list("petition_id", "minhash")}
    keys = set(LshKey.objects.values_list("key", "petition_id"))
    risk = {pk: (s, lv) for pk, s, lv in RiskAssessment.objects.values_list("petition_id", "score", "level")}
    return sigs, keys, risk


def test_backfill_rebuilds_exactly_what_registration_indexed(org: Org) -> None:
    who = person()
    register(org, title="油烟扰民", content=FUMES, petitioner=who)
    register(org, title="油烟扰民", content=FUMES + "至今未解决", petitioner=who)
    register(org, title="讨薪", content="拖欠农民工工资，扬言跳楼。", people_count=12)
    register(org, title="空", content="。")
    for petition in Petition.objects.order_by("pk"):  # the one-petition path (registration)
        signature_index(petition=petition)
        risk_assess(petition=petition)
    before = snapshot()
    assert len(before[0]) == 4 and len(before[2]) == 4 and len(before[1]) == 4 * 64
    assert RiskAlert.objects.count() == 1
    LshKey.objects.all().delete()
    TextSignature.objects.all().delete()
    RiskAssessment.objects.all().delete()
    RiskAlert.objects.all().delete()
    assert intake_backfill(batch=3) == 4  # two batches
    assert snapshot() == before
    assert RiskAlert.objects.count() == 1
    assert intake_backfill() == 0  # nothing left to do


def test_batch_signature_equals_single_and_similarity_estimates_jaccard() -> None:
    a, b = FUMES, FUMES.replace("多次投诉无果", "多次投诉仍无结果")
    batch = signatures(["".join(a.split()), "".join(b.split()), ""])
    assert np.array_equal(batch[0], signature(a)) and np.array_equal(batch[1], signature(b))
    assert (batch[2] == np.uint32(0xFFFFFFFF)).all()
    bigrams = [{t[i : i + 2] for i in range(len(t) - 1)} for t in (a, b)]
    jaccard = len(bigrams[0] & bigrams[1]) / len(bigrams[0] | bigrams[1])
    assert abs(float(np.mean(batch[0] == batch[1])) - jaccard) < 0.15


def test_lookup_reads_bounded_rows_and_ranks_by_shared_bands(org: Org) -> None:
    same = [register(org, title="油烟扰民", content=FUMES) for _ in range(3)]
    register(org, title="学区划分", content="孩子上学路途太远，请求调整学区划分。")
    intake_backfill()
    hits = similar_texts("油烟扰民", FUMES)
    assert [pk for pk, _ in hits] == sorted((p.pk for p in same), reverse=True)  # equal: newest first
    assert all(score == pytest.approx(1.0) for _, score in hits)
    stored = TextSignature.objects.get(petition=same[0])
    assert as_array(stored.minhash).dtype == np.uint32 and len(as_array(stored.minhash)) == 64
