"""Every act from every state it is not allowed in is refused, and leaves no trace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import HEARING, Org, conflicted, organisation_department, petition_in
from xinfang.common.exceptions import InvalidTransition
from xinfang.petitions import services
from xinfang.petitions.lifecycle import TRANSITIONS, Act, Status, allowed_from
from xinfang.petitions.models import Petition, PetitionEvent

# A valid call of each act's service, given the org and a petition.
CALLS: dict[Act, Callable[[Org, Petition], Petition]] = {
    Act.DISPATCH: lambda o, p: services.petition_dispatch(
        petition=p, actor=o.leader, to_unit=o.labour, mode="transfer"
    ),
    Act.SIGN: lambda o, p: services.petition_sign(petition=p, actor=o.leader),
    Act.REQUEST_RETURN: lambda o, p: services.petition_request_return(
        petition=p, actor=o.leader, reason_code="function", reason="不属职能"
    ),
    Act.APPROVE_RETURN: lambda o, p: services.petition_approve_return(petition=p, actor=o.leader),
    Act.REJECT_RETURN: lambda o, p: services.petition_reject_return(
        petition=p, actor=o.leader, reason="属于"
    ),
    Act.ACCEPT: lambda o, p: services.petition_accept(petition=p, actor=o.leader),
    Act.DECLINE: lambda o, p: services.petition_decline(
        petition=p, actor=o.leader, ground="other", reason="x"
    ),
    Act.REFUSE_REPEAT: lambda o, p: services.petition_refuse_repeat(
        petition=p, actor=o.leader, ground="litigation_concluded", reason="x"
    ),
    Act.DIVERT: lambda o, p: services.petition_divert(
        petition=p, actor=o.leader, target="political_legal", to_unit=o.political_legal
    ),
    Act.CLASSIFY: lambda o, p: services.petition_classify(petition=p, actor=o.leader, route=6),
    Act.START_MEDIATION: lambda o, p: services.petition_start_mediation(
        petition=p, actor=o.leader, petitioner_consents=True, other_party_consents=True, other_party="乙方"
    ),
    Act.CONCLUDE_MEDIATION: lambda o, p: services.petition_conclude_mediation(
        petition=p, actor=o.leader, agreed=False
    ),
    Act.START_HEARING: lambda o, p: services.petition_start_hearing(petition=p, actor=o.leader, **HEARING),
    Act.END_HEARING: lambda o, p: services.petition_end_hearing(petition=p, actor=o.leader, summary="完毕"),
    Act.EXTEND: lambda o, p: services.petition_extend(petition=p, actor=o.leader, days=30, reason="复杂"),
    Act.REPLY: lambda o, p: services.petition_reply(
        petition=p, actor=o.leader, outcome="support", opinion="支持", legal_basis="第三十二条"
    ),
    Act.CONCLUDE_SUGGESTION: lambda o, p: services.petition_conclude_suggestion(
        petition=p, actor=o.leader, outcome="adopted", reply="采纳"
    ),
    Act.EVALUATE: lambda o, p: services.petition_evaluate(petition=p, actor=o.leader, option="satisfied"),
    Act.REQUEST_REVIEW: lambda o, p: services.petition_request_review(
        petition=p, actor=o.leader, unit=o.government, reason="不服"
    ),
    Act.DECIDE_REVIEW: lambda o, p: services.petition_decide_review(
        petition=p, actor=o.leader, outcome="uphold", opinion="维持"
    ),
    Act.REQUEST_RECHECK: lambda o, p: services.petition_request_recheck(
        petition=p, actor=o.leader, unit=o.city, reason="不服"
    ),
    Act.DECIDE_RECHECK: lambda o, p: services.petition_decide_recheck(
        petition=p, actor=o.leader, outcome="uphold", opinion="维持"
    ),
    Act.CLOSE: lambda o, p: services.petition_close(petition=p, actor=o.leader, petitioner_accepts=True),
    Act.NOTE: lambda o, p: services.petition_note(petition=p, actor=o.leader, note="已约谈开发商"),
    Act.REQUEST_EXTENSION: lambda o, p: services.petition_request_extension(
        petition=p, actor=o.leader, days=10, reason="需鉴定"
    ),
    Act.REFUSE_EXTENSION: lambda o, p: services.petition_refuse_extension(
        petition=_with_extension_request(o, p), actor=o.leader, reason="理由不充分"
    ),
    Act.ATTACH: lambda o, p: services.petition_attach(
        petition=p, actor=o.leader, upload=SimpleUploadedFile("a.txt", b"x")
    )[0],
    Act.SERVE: lambda o, p: services.petition_serve(
        petition=p, actor=o.leader, document="accept_notice", served_on=timezone.localdate(), manner="direct"
    ),
    Act.CORRECT: lambda o, p: services.petition_correct(
        petition=p, actor=o.leader, field="channel", new="fax", reason="登记错误"
    ),
    Act.REPORT_COMPLETION: lambda o, p: services.petition_report_completion(
        petition=p, actor=o.leader, summary="已办结"
    ),
    Act.REPORT_MAJOR: lambda o, p: services.petition_report_major(
        petition=p, actor=o.leader, recipient="party_government", reported_to="区委", summary="重大"
    ),
    Act.PERFORM_DUTY: lambda o, p: services.petition_perform_duty(
        petition=p, actor=o.leader, manner="performed", content="已依法查处", legal_basis="《城乡规划法》"
    ),
    Act.RECUSE: lambda o, p: services.petition_recuse(petition=p, actor=o.leader, reason="系信访人近亲属"),
    Act.NOTIFY_CADRE: lambda o, p: services.petition_notify_cadre(
        petition=p,
        actor=o.leader,
        to_unit=organisation_department(o),
        cadre="某科长",
        summary="反映其违规收费",
    ),
    Act.SET_JOINT: lambda o, p: services.petition_set_joint(
        petition=p, actor=o.leader, lead_unit=o.housing, co_units=[o.labour], basis="negotiated"
    ),
    Act.CONTRIBUTE: lambda o, p: services.petition_contribute(petition=p, actor=o.leader, opinion="会办意见"),
    Act.RESOLVE_IDENTITY: lambda o, p: services.petition_resolve_identity(
        petition=conflicted(p), actor=o.leader, outcome="same_person", reason="核对身份证件"
    ),
    Act.IMPORT_HISTORY: lambda o, p: services.petition_import_history(
        petition=p, actor=o.leader, status="closed", closed_on=timezone.localdate()
    ),
}


def _with_extension_request(o: Org, p: Petition) -> Petition:
    """不批准延期 decides a pending request: ask first where the state allows asking."""
    if p.status in TRANSITIONS[Act.REQUEST_EXTENSION].sources and not p.pending_extension:
        return services.petition_request_extension(petition=p, actor=o.leader, days=10, reason="需鉴定")
    return p


DISALLOWED = [
    (act, status)
    for act, transition in TRANSITIONS.items()
    for status in Status
    if status not in transition.sources
]


def test_every_act_has_a_service_call() -> None:
    assert set(CALLS) == set(TRANSITIONS)


@pytest.mark.parametrize(
    ("act", "status"), DISALLOWED, ids=[f"{a.value}-from-{s.value}" for a, s in DISALLOWED]
)
def test_act_refused_from_disallowed_state(org: Org, act: Act, status: Status) -> None:
    petition = petition_in(org, status)
    version, events = petition.version, PetitionEvent.objects.filter(petition=petition).count()
    with pytest.raises(InvalidTransition) as caught:
        CALLS[act](org, petition)
    assert caught.value.article == TRANSITIONS[act].article
    petition.refresh_from_db()
    assert (petition.status, petition.version) == (status, version)
    assert PetitionEvent.objects.filter(petition=petition).count() == events


def test_allowed_from_matches_table() -> None:
    assert Act.DISPATCH in allowed_from(Status.REGISTERED)
    # Materials, service, corrections, identity and the Art. 30 cadre notice come at any stage.
    assert set(allowed_from(Status.NOT_ACCEPTED)) == {
        Act.ATTACH,
        Act.SERVE,
        Act.CORRECT,
        Act.REPORT_COMPLETION,
        Act.RESOLVE_IDENTITY,
        Act.NOTIFY_CADRE,
    }
    assert set(allowed_from(Status.CLOSED)) == {
        Act.NOTIFY_CADRE,
        Act.EVALUATE,
        Act.ATTACH,
        Act.SERVE,
        Act.CORRECT,
        Act.REPORT_COMPLETION,
        Act.RESOLVE_IDENTITY,
    }


def test_status_cannot_be_assigned_directly(org: Org) -> None:
    from xinfang.petitions.models import ProtectedStatusError

    petition = petition_in(org, Status.REGISTERED)
    petition = Petition.objects.get(pk=petition.pk)
    petition.status = Status.CLOSED
    with pytest.raises(ProtectedStatusError):
        petition.save()
