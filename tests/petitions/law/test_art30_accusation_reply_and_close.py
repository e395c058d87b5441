"""Art. 30, 23(4): a 检举控告 is answered under the disciplinary organs' rules. Its answer promises
no 复查 (Art. 35 covers 信访处理意见书 on 申诉求决 matters), and closing it does not wait for an
Art. 35 window that does not apply."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.factories import Org, client_for, petition_in, register
from xinfang.common.exceptions import PermissionDenied
from xinfang.documents.render import document_docx, documents_available
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.permissions import acts_available


def answered_accusation(org: Org) -> Petition:
    petition = register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.community_a,
        content="举报社区干部违规收费",
    )
    petition = services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=org.discipline, mode="transfer"
    )
    petition = services.petition_sign(petition=petition, actor=org.discipline_handler)
    petition = services.petition_accept(petition=petition, actor=org.discipline_handler)
    return services.petition_reply(
        petition=petition,
        actor=org.discipline_handler,
        outcome="support",
        opinion="经核查，反映的问题属实，已依纪依法处理。",
        legal_basis="《中国共产党纪律处分条例》",
    )


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def test_answer_opens_no_review_window_and_promises_no_review(org: Org) -> None:
    petition = answered_accusation(org)
    assert petition.status == Status.ANSWERED
    assert not petition.deadlines.filter(code="D7").exists()
    assert petition.events.order_by("-seq").first().payload["no_review"] is True  # type: ignore[union-attr]
    codes = [k.code for k in documents_available(petition)]
    assert "accusation_reply" in codes and "opinion" not in codes
    name, content = document_docx(petition, "accusation_reply")
    text = text_of(content)
    assert "复查" not in text and "依规依纪依法" in text
    assert name.endswith("检举控告办理情况反馈.docx")
    # The 信访处理意见书 with its 复查 sentence is not issued for an accusation.
    from xinfang.common.exceptions import NotFound

    with pytest.raises(NotFound):
        document_docx(petition, "opinion")


def test_review_is_neither_offered_nor_accepted(org: Org) -> None:
    petition = answered_accusation(org)
    assert Act.REQUEST_REVIEW not in acts_available(org.leader, petition)
    with pytest.raises(PermissionDenied):
        services.petition_request_review(petition=petition, actor=org.leader, unit=org.city, reason="不服")


def test_closed_at_once_without_waiting_for_a_window(org: Org) -> None:
    petition = answered_accusation(org)
    assert Act.CLOSE in acts_available(org.discipline_handler, petition)
    petition = services.petition_close(petition=petition, actor=org.discipline_handler)
    assert (petition.status, petition.closed_reason) == (Status.CLOSED, "answered")
    assert petition.events.order_by("-seq").first().payload["article"] == "第三十条"  # type: ignore[union-attr]


def test_appeal_still_waits_for_its_review_window(org: Org) -> None:
    from xinfang.common.exceptions import RuleViolation

    petition = petition_in(org, Status.ANSWERED)
    assert petition.deadlines.get(code="D7").state == "running"
    with pytest.raises(RuleViolation):
        services.petition_close(petition=petition, actor=org.housing_handler)


def test_api_closes_the_answered_accusation(org: Org) -> None:
    petition = answered_accusation(org)
    response = client_for(org.discipline_handler).post(
        f"/api/petitions/{petition.pk}/acts/close/", {}, format="json"
    )
    assert response.status_code == 200, response.content
