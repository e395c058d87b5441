"""Which window, which reviewing organ, and when a rating is due: the portal's reads."""

from __future__ import annotations

import pytest
import time_machine

from tests.factories import Org, days_ago, petition_in
from tests.portal.conftest import suggestion_in
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.services import petition_close
from xinfang.portal import selectors

pytestmark = pytest.mark.django_db


def test_review_then_recheck_windows(org: Org) -> None:
    answered = selectors.review_window(petition_in(org, Status.ANSWERED))
    reviewed = selectors.review_window(petition_in(org, Status.REVIEWED))
    assert (
        answered is not None
        and answered.act == "review"
        and answered.is_open
        and answered.article == "第三十五条"
    )
    assert reviewed is not None and reviewed.act == "recheck" and reviewed.article == "第三十六条第一款"
    for status in (Status.HANDLING, Status.UNDER_REVIEW, Status.CLOSED):
        assert selectors.review_window(petition_in(org, status)) is None


def test_a_lapsed_window_is_reported_closed_with_its_last_day(org: Org) -> None:
    with time_machine.travel(days_ago(45)):  # far enough that no rest-day rollover reaches today
        petition = petition_in(org, Status.ANSWERED)
    window = selectors.review_window(petition)
    assert (
        window is not None
        and not window.is_open
        and window.due_on == petition.deadlines.get(code="D7").due_on
    )


def test_only_appeals_enter_the_chain(org: Org) -> None:
    accusation = petition_in(
        org, Status.REGISTERED, category=org.categories["accusation"], accused_description="某局"
    )
    assert selectors.review_window(accusation) is None
    assert selectors.review_window(suggestion_in(org, outcome="adopted")) is None


def test_the_reviewing_organ_is_the_government_one_level_up(org: Org) -> None:
    from xinfang.petitions.services.review import review_organ_choices

    assert review_organ_choices(petition_in(org, Status.ANSWERED)) == [org.government]
    assert review_organ_choices(petition_in(org, Status.REVIEWED)) == [org.city]


def test_ratings_follow_answers(org: Org) -> None:
    answered = petition_in(org, Status.ANSWERED)
    assert selectors.may_evaluate(answered)
    closed_after_answer = petition_close(
        petition=answered, actor=org.housing_handler, petitioner_accepts=True
    )
    assert not selectors.may_evaluate(closed_after_answer)  # rated, if at all, when answered
    assert selectors.may_evaluate(petition_in(org, Status.CLOSED))  # the 复核 opinion closed it
    assert not selectors.may_evaluate(petition_in(org, Status.HANDLING))
    assert selectors.may_evaluate(suggestion_in(org, outcome="not_adopted"))


def test_accusation_timeline_names_no_organ(org: Org) -> None:
    petition = petition_in(
        org, Status.DIVERTED, category=org.categories["accusation"], accused_description="某局"
    )
    labels = [step.label for step in selectors.public_timeline(petition)]
    assert labels == ["已登记", "已转有权处理的机关依规依纪依法处理"]
    assert selectors.petitioner_clocks(petition) == [] and selectors.documents_for_petitioner(petition) == []
