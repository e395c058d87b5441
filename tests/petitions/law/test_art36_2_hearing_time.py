"""Art. 36(2): at 复核 the time a hearing needs does not count toward the 30 days — from the day it
was held to the day it ended, as recorded with the acts (a hearing may be recorded days later)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import HEARING, Org, petition_in
from xinfang.common.exceptions import ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.statute.calendar import current_calendar
from xinfang.statute.clock import due_date

pytestmark = pytest.mark.django_db


def _recheck(org: Org):  # type: ignore[no-untyped-def]
    """A matter whose 复核 began ten days ago."""
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        return petition_in(org, Status.UNDER_RECHECK)


def test_the_pause_runs_from_the_day_held_to_the_day_ended_as_recorded(org: Org) -> None:
    petition = _recheck(org)
    due_before = petition.deadlines.get(code="D10").due_on
    today = timezone.localdate()
    petition = services.petition_start_hearing(
        petition=petition, actor=org.rechecker, held_on=today - timedelta(days=6), **HEARING
    )
    petition = services.petition_end_hearing(
        petition=petition,
        actor=org.rechecker,
        summary="听证记录：各方陈述意见",
        ended_on=today - timedelta(days=2),
    )
    clock = petition.deadlines.get(code="D10")
    # The 30 days and the 4 paused ones are counted from the same start; only the last day rolls
    # over a rest day (民法典 203), so the due date is not always the old one plus four.
    assert clock.paused_days == 4
    assert clock.due_on == due_date(clock.start_on, 30 + 4, clock.unit, current_calendar()) >= due_before
    start = petition.events.get(kind=Act.START_HEARING).payload
    assert start["held_on"] == (today - timedelta(days=6)).isoformat() and start["place"] == HEARING["place"]


def test_a_hearing_without_dates_runs_from_the_acts_days(org: Org) -> None:
    petition = services.petition_start_hearing(petition=_recheck(org), actor=org.rechecker, **HEARING)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        petition = services.petition_end_hearing(petition=petition, actor=org.rechecker, summary="听证记录")
    assert petition.deadlines.get(code="D10").paused_days == 3


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "听证日期不能晚于今天（听证举行后再登记）"),
        (-11, "听证日期不能早于本阶段开始之日"),
    ],
)
def test_a_hearing_day_outside_the_stage_is_refused(org: Org, days: int, message: str) -> None:
    petition = _recheck(org)
    with pytest.raises(ValidationFailed) as error:
        services.petition_start_hearing(
            petition=petition,
            actor=org.rechecker,
            held_on=timezone.localdate() + timedelta(days=days),
            **HEARING,
        )
    assert error.value.fields["held_on"].startswith(message)
    petition.refresh_from_db()
    assert not petition.hearing_open and not petition.events.filter(kind=Act.START_HEARING).exists()


def test_the_first_day_of_the_stage_is_accepted(org: Org) -> None:
    petition = _recheck(org)
    began = timezone.localdate(petition.events.get(kind=Act.REQUEST_RECHECK).occurred_at)
    petition = services.petition_start_hearing(
        petition=petition, actor=org.rechecker, held_on=began, **HEARING
    )
    assert petition.hearing_open


def test_place_and_participants_are_required(org: Org) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.petition_start_hearing(
            petition=_recheck(org), actor=org.rechecker, place=" ", participants=""
        )
    assert set(error.value.fields) == {"place", "participants"}


@pytest.mark.parametrize("days", [-7, 1])
def test_an_end_before_the_hearing_or_in_the_future_is_refused(org: Org, days: int) -> None:
    today = timezone.localdate()
    petition = services.petition_start_hearing(
        petition=_recheck(org), actor=org.rechecker, held_on=today - timedelta(days=5), **HEARING
    )
    with pytest.raises(ValidationFailed) as error:
        services.petition_end_hearing(
            petition=petition, actor=org.rechecker, summary="听证记录", ended_on=today + timedelta(days=days)
        )
    assert "ended_on" in error.value.fields
    petition.refresh_from_db()
    assert petition.hearing_open
