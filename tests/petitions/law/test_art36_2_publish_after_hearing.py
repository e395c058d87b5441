"""Art. 36(2): only a 复核意见 reached after a hearing may be published (经过听证的复核意见可以依法向社会公示)."""

from __future__ import annotations

import pytest

from tests.factories import HEARING, Org, petition_in
from xinfang.common.exceptions import RuleViolation
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status

pytestmark = pytest.mark.django_db


def test_publishing_without_a_hearing_is_refused(org: Org) -> None:
    petition = petition_in(org, Status.UNDER_RECHECK)
    with pytest.raises(RuleViolation) as caught:
        services.petition_decide_recheck(
            petition=petition, actor=org.rechecker, outcome="uphold", opinion="维持", publish=True
        )
    assert caught.value.article == "第三十六条第二款"
    petition.refresh_from_db()
    assert petition.status == Status.UNDER_RECHECK


def test_publishing_after_a_hearing_is_recorded(org: Org) -> None:
    petition = petition_in(org, Status.UNDER_RECHECK)
    petition = services.petition_start_hearing(**HEARING, petition=petition, actor=org.rechecker)
    petition = services.petition_end_hearing(petition=petition, actor=org.rechecker, summary="听证会已举行")
    petition = services.petition_decide_recheck(
        petition=petition, actor=org.rechecker, outcome="uphold", opinion="维持", publish=True
    )
    assert petition.status == Status.CLOSED
    assert petition.events.get(kind=Act.DECIDE_RECHECK).payload["publish"] is True


def test_a_hearing_still_open_does_not_count(org: Org) -> None:
    petition = services.petition_start_hearing(
        **HEARING, petition=petition_in(org, Status.UNDER_RECHECK), actor=org.rechecker
    )
    with pytest.raises(RuleViolation):
        services.petition_decide_recheck(
            petition=petition, actor=org.rechecker, outcome="uphold", opinion="维持", publish=True
        )


def test_not_publishing_needs_no_hearing(org: Org) -> None:
    petition = services.petition_decide_recheck(
        petition=petition_in(org, Status.UNDER_RECHECK), actor=org.rechecker, outcome="uphold", opinion="维持"
    )
    assert petition.status == Status.CLOSED
