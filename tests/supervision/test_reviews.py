"""案件质量评查: checklist scores per reviewer, totals, states, conflicts of interest."""

from __future__ import annotations

import pytest

from tests.factories import Org, petition_in
from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.supervision import selectors, services
from xinfang.supervision.models import QualityReview, ReviewItem
from xinfang.supervision.services.reviews import REVIEWABLE

FULL = {"registration": 9, "opinion": 18, "resolution": 7}


def test_scores_total_and_per_reviewer_average(
    org: Org, supervisor: User, checklist: list[ReviewItem]
) -> None:
    petition = petition_in(org, Status.CLOSED)
    review = services.quality_review_submit(
        petition=petition, reviewer=supervisor, scores=FULL, comment="规范"
    )
    assert (review.total, review.max_total) == (34, 40)
    assert {s.item.code: s.score for s in review.scores.all()} == FULL
    services.quality_review_submit(
        petition=petition, reviewer=org.leader, scores={"registration": 10, "opinion": 20, "resolution": 10}
    )
    summary = selectors.review_summary(petition)
    assert summary.count == 2 and summary.average == 37.0


def test_each_reviewer_reviews_once(org: Org, supervisor: User, checklist: list[ReviewItem]) -> None:
    petition = petition_in(org, Status.CLOSED)
    services.quality_review_submit(petition=petition, reviewer=supervisor, scores=FULL)
    with pytest.raises(InvalidTransition):
        services.quality_review_submit(petition=petition, reviewer=supervisor, scores=FULL)


@pytest.mark.parametrize(
    ("scores", "bad"),
    [
        ({"registration": 11, "opinion": 1, "resolution": 1}, "registration"),
        ({"registration": 1, "opinion": -1, "resolution": 1}, "opinion"),
        ({"registration": 1, "opinion": 1}, "resolution"),
    ],
)
def test_scores_are_checked_against_the_checklist(
    org: Org, supervisor: User, checklist: list[ReviewItem], scores: dict[str, int], bad: str
) -> None:
    petition = petition_in(org, Status.CLOSED)
    with pytest.raises(ValidationFailed) as error:
        services.quality_review_submit(petition=petition, reviewer=supervisor, scores=scores)
    assert bad in error.value.fields and not QualityReview.objects.exists()


def test_inactive_items_are_not_scored(org: Org, supervisor: User, checklist: list[ReviewItem]) -> None:
    ReviewItem.objects.filter(code="resolution").update(is_active=False)
    review = services.quality_review_submit(
        petition=petition_in(org, Status.CLOSED),
        reviewer=supervisor,
        scores={"registration": 5, "opinion": 5},
    )
    assert review.max_total == 30 and review.scores.count() == 2


@pytest.mark.parametrize("status", sorted(set(Status.values) - REVIEWABLE))
def test_unfinished_petitions_cannot_be_reviewed(
    org: Org, supervisor: User, checklist: list[ReviewItem], status: str
) -> None:
    petition = petition_in(org, status)
    with pytest.raises(InvalidTransition):
        services.quality_review_submit(petition=petition, reviewer=supervisor, scores=FULL)


@pytest.mark.parametrize("status", sorted(REVIEWABLE))
def test_finished_petitions_can_be_reviewed(
    org: Org, supervisor: User, checklist: list[ReviewItem], status: str
) -> None:
    review = services.quality_review_submit(
        petition=petition_in(org, status), reviewer=supervisor, scores=FULL
    )
    assert review.total == 34


def test_reviewers_are_supervisors_not_the_people_who_handled_it(
    org: Org, supervisor: User, checklist: list[ReviewItem]
) -> None:
    petition = petition_in(org, Status.ANSWERED)  # still at the housing bureau
    with pytest.raises(PermissionDenied):
        services.quality_review_submit(petition=petition, reviewer=org.housing_handler, scores=FULL)
    Petition.objects.filter(pk=petition.pk).update(handler=supervisor)
    with pytest.raises(PermissionDenied):
        services.quality_review_submit(petition=petition, reviewer=supervisor, scores=FULL)


def test_default_checklist_is_seeded_by_migration(db) -> None:  # type: ignore[no-untyped-def]
    items = list(ReviewItem.objects.all())
    assert len(items) == 8 and sum(i.max_score for i in items) == 100
