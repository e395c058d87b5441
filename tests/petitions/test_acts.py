"""The allowed transitions: each act's effect, event, validation and permission."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import HEARING, Org, person, petition_in, register, staff
from xinfang.common.exceptions import PermissionDenied, RuleViolation, ValidationFailed
from xinfang.orgs.constants import Perm
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition, PetitionEvent
from xinfang.petitions.permissions import acts_available


def last_event(petition: Petition) -> PetitionEvent:
    return petition.events.order_by("-seq").first()  # type: ignore[return-value]


def test_full_chain_writes_one_event_per_act(org: Org) -> None:
    petition = petition_in(org, Status.CLOSED)
    kinds = list(petition.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [
        "register",
        "dispatch",
        "sign",
        "accept",
        "classify",
        "reply",
        "serve",  # handed over on the spot: a second event, not a field of the opinion (ADR 0014 §3)
        "request_review",
        "decide_review",
        "serve",
        "request_recheck",
        "decide_recheck",
    ]
    assert petition.closed_reason == "rechecked"
    assert petition.version == len(kinds)


def test_dispatch_moves_to_receiving_unit(org: Org) -> None:
    petition = petition_in(org, Status.DISPATCHED)
    assert petition.current_unit == org.housing
    assert petition.dispatcher_unit == org.bureau
    event = last_event(petition)
    assert (event.from_status, event.to_status, event.actor) == ("registered", "dispatched", org.registrar)


def test_assign_requires_due_days(org: Org) -> None:
    petition = register(org)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_dispatch(petition=petition, actor=org.registrar, to_unit=org.housing, mode="assign")
    assert "due_days" in caught.value.fields


def test_sign_only_by_receiving_unit(org: Org) -> None:
    petition = petition_in(org, Status.DISPATCHED)
    with pytest.raises(PermissionDenied):
        services.petition_sign(petition=petition, actor=org.labour_handler)


def test_act_needs_role_permission(org: Org) -> None:
    petition = petition_in(org, Status.DISPATCHED)
    viewer = staff(org.housing, perms=[str(Perm.HANDLE)])
    with pytest.raises(PermissionDenied):
        services.petition_sign(petition=petition, actor=viewer)


def test_return_round_trip(org: Org) -> None:
    petition = petition_in(org, Status.RETURN_REQUESTED)
    petition = services.petition_approve_return(petition=petition, actor=org.registrar)
    assert petition.status == Status.REGISTERED
    assert petition.current_unit == org.bureau
    codes = dict(petition.deadlines.values_list("code", "state").order_by("instance"))
    assert codes["D3"] == "cancelled"


def test_return_after_five_working_days_refused(org: Org) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        petition = petition_in(org, Status.SIGNED)
    with pytest.raises(RuleViolation) as caught:
        services.petition_request_return(
            petition=petition, actor=org.housing_handler, reason_code="function", reason="不属职能"
        )
    assert caught.value.article == "第二十三条第三款"


def test_reject_return_goes_back_to_signed(org: Org) -> None:
    petition = petition_in(org, Status.RETURN_REQUESTED)
    petition = services.petition_reject_return(
        petition=petition, actor=org.registrar, reason="属于你单位职责"
    )
    assert petition.status == Status.SIGNED


def test_suggestion_accept_goes_straight_to_handling_and_concludes(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED, category=org.categories["suggestion"])
    petition = services.petition_accept(petition=petition, actor=org.housing_handler)
    assert petition.status == Status.HANDLING
    petition = services.petition_conclude_suggestion(
        petition=petition, actor=org.housing_handler, outcome="partly_adopted", reply="部分采纳"
    )
    assert (petition.status, petition.suggestion_outcome) == (Status.CLOSED, "partly_adopted")


def test_classify_route_one_to_four_diverts(org: Org) -> None:
    petition = petition_in(org, Status.ACCEPTED)
    petition = services.petition_classify(petition=petition, actor=org.housing_handler, route=2)
    assert (petition.status, petition.divert_target) == (Status.DIVERTED, "statutory_route")
    assert petition.deadlines.get(code="D5").state == "cancelled"


def test_mediation_needs_both_consents_and_agreement_closes(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    with pytest.raises(ValidationFailed):
        services.petition_start_mediation(
            petition=petition,
            actor=org.housing_handler,
            petitioner_consents=True,
            other_party_consents=False,
            other_party="开发商",
        )
    petition = services.petition_start_mediation(
        petition=petition,
        actor=org.housing_handler,
        petitioner_consents=True,
        other_party_consents=True,
        other_party="开发商",
    )
    with pytest.raises(ValidationFailed):
        services.petition_conclude_mediation(petition=petition, actor=org.housing_handler, agreed=True)
    petition = services.petition_conclude_mediation(
        petition=petition,
        actor=org.housing_handler,
        agreed=True,
        agreement_kind="mediation",
        agreement="双方同意",
    )
    assert (petition.status, petition.closed_reason) == (Status.CLOSED, "mediated")


def test_extension_once_at_most_thirty_days(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    with pytest.raises(ValidationFailed):
        services.petition_extend(petition=petition, actor=org.housing_handler, days=31, reason="复杂")
    petition = services.petition_extend(petition=petition, actor=org.housing_handler, days=30, reason="复杂")
    assert petition.deadlines.get(code="D6").state == "running"
    with pytest.raises(RuleViolation):
        services.petition_extend(petition=petition, actor=org.housing_handler, days=5, reason="又复杂")


def test_extension_after_sixty_days_refused(org: Org) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=70)):
        petition = petition_in(org, Status.HANDLING)
    with pytest.raises(RuleViolation) as caught:
        services.petition_extend(petition=petition, actor=org.housing_handler, days=10, reason="复杂")
    assert caught.value.article == "第三十四条"


def test_reply_requires_legal_basis(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_reply(
            petition=petition, actor=org.housing_handler, outcome="support", opinion="支持", legal_basis=" "
        )
    assert set(caught.value.fields) == {"legal_basis"}
    assert petition.events.count() == 5


def test_evaluate_once_per_stage(org: Org) -> None:
    petition = petition_in(org, Status.ANSWERED)
    with pytest.raises(ValidationFailed):
        services.petition_evaluate(petition=petition, actor=org.registrar, option="nonsense")
    petition = services.petition_evaluate(
        petition=petition, actor=org.registrar, option="basically_satisfied"
    )
    assert petition.evaluation == "basically_satisfied"
    # A second rating of the same stage is refused by the rule that also stops offering it.
    assert Act.EVALUATE not in acts_available(org.registrar, petition)
    with pytest.raises(RuleViolation, match="本阶段已评价"):
        services.petition_evaluate(petition=petition, actor=org.registrar, option="satisfied")


def test_review_request_outside_thirty_days_refused(org: Org) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=45)):
        petition = petition_in(org, Status.ANSWERED)
    with pytest.raises(RuleViolation) as caught:
        services.petition_request_review(
            petition=petition, actor=org.reviewer, unit=org.government, reason="不服"
        )
    assert caught.value.article == "第三十五条"


def test_review_must_go_to_a_higher_unit(org: Org) -> None:
    petition = petition_in(org, Status.ANSWERED)
    with pytest.raises(RuleViolation) as caught:
        services.petition_request_review(
            petition=petition, actor=org.reviewer, unit=org.labour, reason="不服"
        )
    assert caught.value.article == "第三十五条"


def test_close_needs_acceptance_or_lapsed_window(org: Org) -> None:
    petition = petition_in(org, Status.ANSWERED)
    with pytest.raises(RuleViolation):
        services.petition_close(petition=petition, actor=org.housing_handler)
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        petition = services.petition_close(petition=petition, actor=org.housing_handler)
    assert (petition.status, petition.closed_reason) == (Status.CLOSED, "answered")


def test_hearing_pauses_recheck_clock(org: Org) -> None:
    petition = petition_in(org, Status.UNDER_RECHECK)
    due_before = petition.deadlines.get(code="D10").due_on
    services.petition_start_hearing(**HEARING, petition=petition, actor=org.rechecker)
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        petition = services.petition_end_hearing(petition=petition, actor=org.rechecker, summary="听证完毕")
    clock = petition.deadlines.get(code="D10")
    assert clock.paused_days == 7
    assert clock.due_on >= due_before + timedelta(days=7)


def test_report_major_meets_d13(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED, major_urgent=True)
    assert petition.deadlines.get(code="D13").state == "running"
    for recipient, name in [
        ("party_government", "区委区政府"),
        ("joint_office", "区联席办"),
        ("upper_petition_dept", "市信访局"),
    ]:
        petition = services.petition_report_major(
            petition=petition,
            actor=org.registrar,
            recipient=recipient,
            reported_to=name,
            summary="群体性事件苗头",
        )
        assert petition.deadlines.get(code="D13").state == "running"  # Art. 25: not yet everyone
    petition = services.petition_report_major(
        petition=petition,
        actor=org.registrar,
        recipient="national_bureau",
        reported_to="国家信访局",
        summary="同上",
    )
    assert petition.deadlines.get(code="D13").state == "met"


def test_refuse_after_recheck_needs_the_earlier_matter(org: Org) -> None:
    same_person = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=same_person)
    petition = register(org, petitioner=same_person)
    with pytest.raises(ValidationFailed):
        services.petition_refuse_repeat(
            petition=petition, actor=org.registrar, ground="after_recheck", reason="同"
        )
    petition = services.petition_refuse_repeat(
        petition=petition, actor=org.registrar, ground="after_recheck", reason="同一事实理由", earlier=earlier
    )
    assert petition.status == Status.NO_LONGER_ACCEPTED
    assert petition.links_out.get().target == earlier


def test_direct_petition_at_a_department_runs_d2_and_is_accepted_in_place(org: Org) -> None:
    petition = register(org, registered_unit=org.housing, registered_by=org.housing_handler)
    assert set(petition.deadlines.values_list("code", flat=True)) == {"D2"}
    petition = services.petition_accept(petition=petition, actor=org.housing_handler)
    assert petition.status == Status.ACCEPTED
    assert petition.deadlines.get(code="D2").state == "met"
    assert petition.deadlines.get(code="D5").state == "running"


def test_stale_expected_version_is_a_conflict_even_if_state_changed(org: Org) -> None:
    from xinfang.common.exceptions import ConcurrentUpdate

    petition = petition_in(org, Status.SIGNED)
    seen = petition.version
    petition = services.petition_accept(petition=petition, actor=org.housing_handler, expected_version=seen)
    with pytest.raises(ConcurrentUpdate):
        services.petition_decline(
            petition=petition, actor=org.housing_handler, ground="other", reason="x", expected_version=seen
        )


def test_handler_notes_and_requests_extension_head_approves(org: Org) -> None:
    from tests.factories import staff
    from xinfang.orgs.constants import Perm

    petition = petition_in(org, Status.HANDLING)
    handler = staff(org.housing, perms=[str(Perm.HANDLE), str(Perm.REPLY)])
    petition = services.petition_note(petition=petition, actor=handler, note="已赴现场核查")
    petition = services.petition_request_extension(
        petition=petition, actor=handler, days=20, reason="需专业鉴定"
    )
    with pytest.raises(PermissionDenied):
        services.petition_extend(petition=petition, actor=handler, days=20, reason="需专业鉴定")
    petition = services.petition_extend(
        petition=petition, actor=org.housing_handler, days=20, reason="需专业鉴定"
    )
    kinds = list(petition.events.order_by("seq").values_list("kind", flat=True))[-3:]
    assert kinds == ["note", "request_extension", "extend"]
    assert petition.status == Status.HANDLING


def test_accusation_accepted_by_competent_organ_is_handled_and_answered(org: Org) -> None:
    petition = register(
        org, category=org.categories["accusation"], accused_unit=org.community_a, content="举报"
    )
    petition = services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=org.discipline, mode="transfer"
    )
    petition = services.petition_sign(petition=petition, actor=org.discipline_handler)
    petition = services.petition_accept(petition=petition, actor=org.discipline_handler)
    assert petition.status == Status.HANDLING
    petition = services.petition_reply(
        petition=petition,
        actor=org.discipline_handler,
        outcome="support",
        opinion="经核查，问题属实，已依纪处理。",
        legal_basis="《信访工作条例》第三十条",
    )
    assert petition.status == Status.ANSWERED
    assert not petition.deadlines.filter(code="D5").exists()
