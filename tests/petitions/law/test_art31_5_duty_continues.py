"""Art. 31(5): a matter of 申请查处违法行为、履行保护人身权或者财产权等合法权益职责 is the receiving
organ's own duty. It stays with the organ after classification and ends with performance or a
written answer; it is not the terminal 已导入法定途径 state of routes 1–4."""

from __future__ import annotations

import pytest

from tests.factories import Org, client_for, petition_in
from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.documents.render import document_docx, documents_available
from xinfang.petitions import services
from xinfang.petitions.constants import ClosedReason, Route
from xinfang.petitions.lifecycle import TRANSITIONS, Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.wording import public_sentence


def route_five(org: Org) -> Petition:
    petition = petition_in(org, Status.ACCEPTED)
    return services.petition_classify(petition=petition, actor=org.housing_handler, route=Route.DUTY)


def test_route_five_stays_with_the_organ_not_diverted(org: Org) -> None:
    petition = route_five(org)
    assert petition.status == Status.HANDLING
    assert (petition.route, petition.divert_target) == (5, "")
    d5 = petition.deadlines.get(code="D5")
    assert d5.state == "cancelled" and "第三十一条第五项" in d5.note  # Art. 34 covers route 6 only
    available = acts_available(org.housing_handler, petition)
    assert Act.PERFORM_DUTY in available
    # Not a 信访处理意见书 (Art. 32) and no Art. 34 extension for this route.
    assert not {Act.REPLY, Act.EXTEND, Act.REQUEST_EXTENSION, Act.START_HEARING} & set(available)


def test_performed_or_answered_with_a_document_closes_the_matter(org: Org) -> None:
    petition = services.petition_perform_duty(
        petition=route_five(org),
        actor=org.housing_handler,
        manner="performed",
        content="已责令开发商限期整改，并依法立案查处。",
        legal_basis="《中华人民共和国城市房地产管理法》",
    )
    assert (petition.status, petition.closed_reason) == (Status.CLOSED, ClosedReason.DUTY)
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "perform_duty"
    assert event.payload["manner"] == "performed" and event.payload["article"] == "第三十一条第五项"
    # Not an Art. 32 opinion: no 复查 window opens.
    assert not petition.deadlines.filter(code="D7").exists()
    assert "duty_reply" in [k.code for k in documents_available(petition)]
    name, content = document_docx(petition, "duty_reply")
    assert name.endswith("依法履行职责（答复）告知书.docx") and content[:2] == b"PK"
    assert public_sentence("perform_duty", event.payload) == "已依法履行职责，事项办结（第三十一条第五项）"


def test_performance_needs_manner_content_and_basis(org: Org) -> None:
    petition = route_five(org)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_perform_duty(
            petition=petition, actor=org.housing_handler, manner="x", content=" ", legal_basis=""
        )
    assert set(caught.value.fields) == {"manner", "content", "legal_basis"}


def test_route_six_gets_an_opinion_not_a_performance(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)  # classified route 6
    with pytest.raises(PermissionDenied):
        services.petition_perform_duty(
            petition=petition, actor=org.housing_handler, manner="answered", content="答复", legal_basis="法"
        )
    with pytest.raises(PermissionDenied):
        services.petition_reply(
            petition=route_five(org),
            actor=org.housing_handler,
            outcome="support",
            opinion="支持",
            legal_basis="法",
        )


def test_routes_one_to_four_still_leave_for_their_procedure(org: Org) -> None:
    for route in (1, 2, 3, 4):
        petition = services.petition_classify(
            petition=petition_in(org, Status.ACCEPTED), actor=org.housing_handler, route=route
        )
        assert (petition.status, petition.divert_target) == (Status.DIVERTED, "statutory_route")


DISALLOWED = [s for s in Status if s not in TRANSITIONS[Act.PERFORM_DUTY].sources]


@pytest.mark.parametrize("status", DISALLOWED, ids=[s.value for s in DISALLOWED])
def test_perform_duty_refused_from_every_other_state(org: Org, status: Status) -> None:
    petition = petition_in(org, status)
    events = petition.events.count()
    with pytest.raises(InvalidTransition) as caught:
        services.petition_perform_duty(
            petition=petition, actor=org.leader, manner="answered", content="答复", legal_basis="法"
        )
    assert caught.value.article == "第三十一条第五项"
    assert petition.events.count() == events


def test_api_offers_and_takes_the_act(org: Org) -> None:
    petition = route_five(org)
    client = client_for(org.housing_handler)
    detail = client.get(f"/api/petitions/{petition.pk}/").json()
    assert "perform_duty" in detail["acts"]
    response = client.post(
        f"/api/petitions/{petition.pk}/acts/perform_duty/",
        {
            "manner": "answered",
            "content": "经核查，已书面答复。",
            "legal_basis": "《信访工作条例》第三十一条",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED
