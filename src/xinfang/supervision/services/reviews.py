"""案件质量评查: each reviewer scores a handled petition against the configured checklist."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import TERMINAL, Status
from xinfang.petitions.models import Petition

from ..models import QualityReview, ReviewItem, ReviewScore
from ..permissions import ensure_supervisor
from .common import log_record
from .orders import ensure_petition_visible

# A review judges finished work: a written opinion exists (Art. 32, 35) or the matter has ended.
REVIEWABLE = frozenset(TERMINAL | {Status.ANSWERED, Status.REVIEWED})


def _scored(items: list[ReviewItem], scores: Mapping[str, int | None]) -> dict[str, int]:
    fields: dict[str, str] = {}
    values: dict[str, int] = {}
    for item in items:
        value = scores.get(item.code)
        if value is None:
            fields[item.code] = "请打分"
        elif not 0 <= value <= item.max_score:
            fields[item.code] = f"应在0至{item.max_score}分之间"
        else:
            values[item.code] = value
    if fields:
        raise ValidationFailed(fields=fields)
    return values


@transaction.atomic
def quality_review_submit(
    *,
    petition: Petition,
    reviewer: User,
    scores: Mapping[str, int | None],
    comment: str = "",
    notes: Mapping[str, str] | None = None,
) -> QualityReview:
    ensure_petition_visible(reviewer, petition)
    petition = Petition.objects.get(pk=petition.pk)
    if petition.status not in REVIEWABLE:
        raise InvalidTransition(f"信访事项当前状态为「{Status(petition.status).label}」，尚不能评查")
    ensure_supervisor(reviewer, "评查")
    # Nobody grades their own work.
    if reviewer.pk in (petition.handler_id, petition.registered_by_id):
        raise PermissionDenied("承办人或登记人不能评查本人经办的事项")
    if QualityReview.objects.filter(petition=petition, reviewer=reviewer).exists():
        raise InvalidTransition("您已评查过该信访事项")
    items = list(ReviewItem.objects.filter(is_active=True))
    if not items:
        raise ValidationFailed("尚未配置评查项目，请联系管理员")
    values = _scored(items, scores)
    review = QualityReview.objects.create(
        petition=petition,
        reviewer=reviewer,
        total=sum(values.values()),
        max_total=sum(item.max_score for item in items),
        comment=comment.strip(),
        reviewed_at=timezone.now(),
    )
    ReviewScore.objects.bulk_create(
        ReviewScore(
            review=review,
            item=item,
            max_score=item.max_score,
            score=values[item.code],
            note=((notes or {}).get(item.code) or "").strip()[:200],
        )
        for item in items
    )
    log_record(
        action="quality_review",
        actor=reviewer,
        at=review.reviewed_at,
        petition=petition,
        payload={"total": review.total, "max_total": review.max_total, "scores": values},
    )
    return review
