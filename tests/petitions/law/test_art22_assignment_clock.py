"""Art. 22(1)(3): a 交办 names a deadline; the assigned organ reports the result in a 办结报告.

The assignment starts its own clock (DA), the 办结报告 (act + document) stops it, and an overdue
交办 feeds the warnings and supervision like any other duty clock.
2025 facts used: 06-02 is a Monday; 06-12 a Thursday.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from docx import Document

from tests.factories import Org, register
from xinfang.common.exceptions import PermissionDenied, ValidationFailed
from xinfang.documents.render import document_docx, documents_available
from xinfang.petitions import services
from xinfang.petitions.models import Petition
from xinfang.portal.selectors import documents_for_petitioner
from xinfang.supervision.models import WarningMark
from xinfang.supervision.warning_job import warnings_run

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def on(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ), tick=False)


def assigned(org: Org, days: int = 10) -> Petition:
    with on("2025-06-02"):
        petition = register(org)
        return services.petition_dispatch(
            petition=petition, actor=org.registrar, to_unit=org.housing, mode="assign", due_days=days
        )


def report(org: Org, petition: Petition, day: str) -> Petition:
    with on(day):
        return services.petition_report_completion(
            petition=petition,
            actor=org.housing_handler,
            summary="已协调开发商于6月30日前交房，信访人表示认可",
        )


def test_art22_assignment_starts_its_own_clock(org: Org) -> None:
    petition = assigned(org)
    da = petition.deadlines.get(code="DA")
    assert (da.article, da.state, da.start_on, da.due_on) == (
        "第二十二条第一款第三项",
        "running",
        date(2025, 6, 2),
        date(2025, 6, 12),
    )
    assert petition.next_due_on == date(2025, 6, 12)  # earlier than D3's 15 days


def test_art22_a_transfer_has_no_assignment_clock(org: Org) -> None:
    with on("2025-06-02"):
        petition = services.petition_dispatch(
            petition=register(org), actor=org.registrar, to_unit=org.housing, mode="transfer"
        )
    assert not petition.deadlines.filter(code="DA").exists()
    with pytest.raises(PermissionDenied):  # only offered while a 交办 awaits its report
        report(org, petition, "2025-06-05")


def test_art22_the_completion_report_stops_the_clock_and_is_a_document(org: Org) -> None:
    petition = assigned(org)
    with on("2025-06-03"):
        petition = services.petition_sign(petition=petition, actor=org.housing_handler)
        petition = services.petition_accept(petition=petition, actor=org.housing_handler)
    petition = report(org, petition, "2025-06-11")
    da = petition.deadlines.get(code="DA")
    assert (da.state, da.stopped_on) == ("met", date(2025, 6, 11))
    assert "completion_report" in [kind.code for kind in documents_available(petition)]
    _, content = document_docx(petition, "completion_report")
    body = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "办结报告" in body and "已协调开发商" in body and "区信访局" in body
    # A report to the assigning department, not a document for the petitioner.
    assert "completion_report" not in [kind.code for kind in documents_for_petitioner(petition)]


def test_art22_the_report_needs_its_content(org: Org) -> None:
    petition = assigned(org)
    with on("2025-06-05"), pytest.raises(ValidationFailed) as refused:
        services.petition_report_completion(petition=petition, actor=org.housing_handler, summary=" ")
    assert "summary" in refused.value.fields


def test_art22_a_late_report_is_overdue_and_an_overdue_assignment_warns(org: Org) -> None:
    petition = assigned(org)
    with on("2025-06-16"):
        run = warnings_run()
    assert run.total > 0
    assert WarningMark.objects.filter(subject=f"clock:{petition.pk}:DA:1", level="overdue").exists()
    petition = report(org, petition, "2025-06-16")
    assert petition.deadlines.get(code="DA").state == "overdue"


def test_art23_an_approved_return_cancels_the_assignment(org: Org) -> None:
    petition = assigned(org)
    with on("2025-06-03"):
        petition = services.petition_request_return(
            petition=petition, actor=org.housing_handler, reason_code="function", reason="不属本部门职能"
        )
        petition = services.petition_approve_return(petition=petition, actor=org.registrar)
    assert petition.deadlines.get(code="DA").state == "cancelled"
