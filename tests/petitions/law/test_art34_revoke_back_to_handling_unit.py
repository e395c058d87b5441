"""撤销，责令重新办理 (Art. 35/36 with Art. 34 by analogy; ADR 0014 §1).

The 承办单位 keeps read access while the review organ holds the matter, and a revoking decision
returns the matter to the 承办单位's queue with a new 60-day handling clock from the decision and
a record of why. 维持 / 变更 leave it REVIEWED as before.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import Org
from tests.petitions.law.helpers import answered_by_street, reviewed_by_district, under_review_by_district
from xinfang.common.exceptions import ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.selectors import petitions_visible_to
from xinfang.petitions.tally import status_counts, tally_problems
from xinfang.statute.calendar import current_calendar
from xinfang.statute.clock import due_date

pytestmark = pytest.mark.django_db


def test_accept_and_sign_set_the_handling_unit_and_review_keeps_it(org: Org) -> None:
    petition = answered_by_street(org)
    assert (petition.handling_unit, petition.handling_unit_path) == (org.street_a, org.street_a.path)
    petition = services.petition_request_review(petition=petition, actor=org.reviewer, reason="不服")
    assert petition.current_unit == org.government and petition.handling_unit == org.street_a


def test_review_organ_has_the_matter_in_its_queue(org: Org) -> None:
    petition = under_review_by_district(org)
    assert Act.DECIDE_REVIEW in acts_available(org.reviewer, petition)
    assert Act.DECIDE_REVIEW not in acts_available(org.street_a_handler, petition)


def test_the_handling_unit_keeps_read_access_during_review_and_sees_the_outcome(org: Org) -> None:
    petition = under_review_by_district(org)
    street_user = org.street_a_handler  # 本单位 scope: neither current nor registering unit
    assert petitions_visible_to(street_user).filter(pk=petition.pk).exists()
    assert status_counts(street_user) == {Status.UNDER_REVIEW: 1}  # the counters follow (ADR 0014 §7)
    assert Act.DECIDE_REVIEW not in acts_available(street_user, petition)  # read access only
    petition = services.petition_decide_review(
        petition=petition, actor=org.reviewer, outcome="uphold", opinion="经复查，维持。"
    )
    assert petitions_visible_to(street_user).filter(pk=petition.pk, status=Status.REVIEWED).exists()
    # Another street sees nothing of it.
    assert not petitions_visible_to(org.street_b_handler).filter(pk=petition.pk).exists()
    assert tally_problems() == []


def test_revoke_returns_the_matter_to_the_handling_unit_with_a_new_clock(org: Org) -> None:
    petition = under_review_by_district(org)
    petition = services.petition_decide_review(
        petition=petition,
        actor=org.reviewer,
        outcome="revoke",
        opinion="经复查，原处理意见认定事实不清。",
        reason="原处理意见未核实物业合同约定，事实不清",
    )
    assert petition.status == Status.HANDLING and petition.current_unit == org.street_a
    assert Act.REPLY in acts_available(org.street_a_handler, petition)  # back in the unit's queue
    event = petition.events.get(kind=Act.DECIDE_REVIEW)
    assert event.to_status == Status.HANDLING
    assert event.payload["reason"] == "原处理意见未核实物业合同约定，事实不清"
    assert (event.payload["returned_to"], event.payload["returned_to_name"]) == (org.street_a.pk, "甲街道")
    today = timezone.localdate()
    clocks = {(c.code, c.instance): c for c in petition.deadlines.all()}
    new = clocks[("D5", 2)]
    assert new.start_on == today and new.stopped_on is None
    assert new.due_on == due_date(today, 60, "calendar", current_calendar())
    assert clocks[("D8", 1)].stopped_on == today and ("D9", 1) not in clocks
    assert petition.next_due_on == new.due_on
    assert tally_problems() == []
    # The unit handles it again and answers anew; the petitioner may again ask for 复查.
    petition = services.petition_reply(
        petition=petition,
        actor=org.street_a_handler,
        outcome="support",
        opinion="经重新调查，予以支持。",
        legal_basis="《信访工作条例》第三十二条",
    )
    assert petition.status == Status.ANSWERED
    assert petition.deadlines.get(code="D5", instance=2).stopped_on == today


def test_revoke_must_say_why(org: Org) -> None:
    petition = under_review_by_district(org)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_decide_review(
            petition=petition, actor=org.reviewer, outcome="revoke", opinion="撤销"
        )
    assert "reason" in caught.value.fields


def test_recheck_revoke_also_returns_to_the_handling_unit(org: Org) -> None:
    petition = services.petition_request_recheck(
        petition=reviewed_by_district(org), actor=org.rechecker, reason="仍不服"
    )
    assert petitions_visible_to(org.street_a_handler).filter(pk=petition.pk).exists()
    petition = services.petition_decide_recheck(
        petition=petition, actor=org.rechecker, outcome="revoke", opinion="撤销", reason="适用法律错误"
    )
    assert (petition.status, petition.current_unit, petition.closed_reason) == (
        Status.HANDLING,
        org.street_a,
        "",
    )
    assert petition.deadlines.filter(code="D5", instance=2, stopped_on__isnull=True).exists()


def test_uphold_and_change_still_end_at_reviewed(org: Org) -> None:
    for outcome in ("uphold", "change"):
        petition = services.petition_decide_review(
            petition=under_review_by_district(org), actor=org.reviewer, outcome=outcome, opinion="意见"
        )
        assert petition.status == Status.REVIEWED and petition.current_unit == org.government


def test_the_revoking_opinion_states_why_and_offers_no_further_review(org: Org) -> None:
    import io

    from docx import Document

    from xinfang.documents.render import document_docx

    petition = services.petition_decide_review(
        petition=under_review_by_district(org),
        actor=org.reviewer,
        outcome="revoke",
        opinion="原处理意见认定事实不清",
        reason="未核实物业合同约定",
    )
    text = "\n".join(
        p.text for p in Document(io.BytesIO(document_docx(petition, "review_opinion")[1])).paragraphs
    )
    assert "未核实物业合同约定" in text and "重新办理" in text and "请求复核" not in text
