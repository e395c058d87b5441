"""Art. 23(1), 23(2): an organ that receives a petition directly and transfers it to a lower organ
of its system tells the petitioner where it went (转送告知书); D2 is met by that notice (or the
受理告知书), never by the internal 转送交办单 (ADR 0014 §3)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from docx import Document

from tests.factories import Org, register
from xinfang.documents.render import document_docx, documents_available
from xinfang.petitions import services
from xinfang.petitions.models import Petition
from xinfang.portal.selectors import documents_for_petitioner

pytestmark = pytest.mark.django_db


def direct_petition(org: Org, **overrides: object) -> Petition:
    """A letter the district housing bureau (not a petition department) received itself."""
    return register(org, registered_unit=org.housing, registered_by=org.housing_handler, **overrides)


def transfer(org: Org, petition: Petition) -> Petition:
    return services.petition_dispatch(
        petition=petition, actor=org.housing_handler, to_unit=org.street_a, mode="transfer"
    )


def text_of(petition: Petition, code: str) -> str:
    _, content = document_docx(petition, code)
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_art23_direct_petition_transferred_issues_a_transfer_notice_naming_the_organ(org: Org) -> None:
    petition = transfer(org, direct_petition(org))
    codes = [kind.code for kind in documents_available(petition)]
    assert "transfer_notice" in codes and "dispatch_sheet" in codes
    body = text_of(petition, "transfer_notice")
    assert "甲街道" in body and "第二十三条第一款" in body and "转送告知书" in body
    # The petitioner sees the notice, never the internal sheet.
    mine = [kind.code for kind in documents_for_petitioner(petition)]
    assert "transfer_notice" in mine and "dispatch_sheet" not in mine


def test_art23_d2_is_met_by_the_transfer_notice(org: Org) -> None:
    petition = transfer(org, direct_petition(org))
    d2 = petition.deadlines.get(code="D2")
    assert (d2.state, d2.stopped_on) == ("met", timezone.localdate())
    assert "转送告知书" in d2.note
    event = petition.events.get(kind="dispatch")
    assert event.payload["petitioner_notice"] == "transfer_notice"


def test_art23_the_notice_can_be_served_like_any_document(org: Org) -> None:
    petition = transfer(org, direct_petition(org))
    petition = services.petition_serve(
        petition=petition,
        actor=org.housing_handler,
        document="transfer_notice",
        served_on=timezone.localdate(),
        manner="post",
    )
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.payload["document_title"] == "转送告知书"


def test_art22_petition_department_transfer_is_internal_only(org: Org) -> None:
    """The petition bureau's own 转送 meets D1 (Art. 22); the receiving organ owes the notice (D3)."""
    petition = register(org)
    petition = services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=org.housing, mode="transfer"
    )
    assert "transfer_notice" not in [kind.code for kind in documents_available(petition)]
    assert not petition.deadlines.filter(code="D2").exists()
    assert petition.events.get(kind="dispatch").payload["petitioner_notice"] == ""
    assert petition.deadlines.get(code="D1").state == "met"


def test_art23_unclear_name_or_address_needs_no_notice(org: Org) -> None:
    petition = transfer(org, direct_petition(org, name_address_unclear=True))
    assert "transfer_notice" not in [kind.code for kind in documents_available(petition)]


def test_art23_a_legacy_dispatch_without_the_notice_flag_still_closes_d2() -> None:
    """Logs written before the notice was recorded keep the clock they had."""
    from xinfang.statute.clock import WorkCalendar
    from xinfang.statute.deadlines import EventFact, compute_clocks

    events = [EventFact("register", date(2025, 6, 2), {}), EventFact("dispatch", date(2025, 6, 5), {})]
    result = compute_clocks(
        petition_type="appeal", events=events, today=date(2025, 7, 1), calendar=WorkCalendar()
    )
    assert [c.state for c in result if c.code == "D2"] == ["met"]
