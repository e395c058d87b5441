"""Official documents: filled from the petition and the act, Chinese font set, editable templates."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document

from tests.factories import Org, petition_in
from xinfang.common.exceptions import NotFound
from xinfang.documents.kinds import KINDS
from xinfang.documents.models import DocumentTemplate
from xinfang.documents.render import document_docx, documents_available
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_every_kind_is_issued_by_its_act(org: Org) -> None:
    petition = petition_in(org, Status.CLOSED)
    issued = {kind.code for kind in documents_available(petition)}
    assert issued == {"dispatch_sheet", "accept_notice", "opinion", "review_opinion", "recheck_opinion"}
    for code in issued:
        name, content = document_docx(petition, code)
        text = text_of(content)
        assert petition.number in text and "《信访工作条例》" in text
        assert name.endswith(".docx")


def test_opinion_carries_request_opinion_basis_and_unit(org: Org) -> None:
    petition = petition_in(org, Status.ANSWERED)
    _, content = document_docx(petition, "opinion")
    text = text_of(content)
    assert petition.petitioner_name in text and "不予支持" in text and "第三十二条" in text
    assert org.housing.name in text and "30日内" in text
    run = Document(io.BytesIO(content)).paragraphs[2].runs[0]
    assert (
        run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋_GB2312"
    )


def test_notices_for_decline_refuse_and_extension(org: Org) -> None:
    declined = petition_in(org, Status.NOT_ACCEPTED)
    assert "不予受理" in text_of(document_docx(declined, "decline_notice")[1])
    refused = petition_in(org, Status.NO_LONGER_ACCEPTED)
    assert "不再受理" in text_of(document_docx(refused, "refuse_notice")[1])
    handling = petition_in(org, Status.HANDLING)
    extended = services.petition_extend(
        petition=handling, actor=org.housing_handler, days=20, reason="需现场勘验"
    )
    assert "延长20日" in text_of(document_docx(extended, "extension_notice")[1])


def test_not_before_the_act_and_unknown_kind(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    with pytest.raises(NotFound):
        document_docx(petition, "opinion")
    with pytest.raises(NotFound):
        document_docx(petition, "nonsense")


def test_templates_are_editable(org: Org) -> None:
    assert DocumentTemplate.objects.count() == len(KINDS)
    DocumentTemplate.objects.filter(kind="accept_notice").update(
        body="{{ petitioner }}：本机关已受理，特此告知。"
    )
    petition = petition_in(org, Status.ACCEPTED)
    assert "本机关已受理，特此告知" in text_of(document_docx(petition, "accept_notice")[1])


def test_download_from_detail_page(org: Org) -> None:
    petition = petition_in(org, Status.ANSWERED)
    client = Client()
    client.force_login(org.housing_handler)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert 'data-doc="opinion"' in page
    response = client.get(f"/petitions/{petition.pk}/documents/opinion.docx")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert "信访处理意见书" in text_of(response.content)
    outsider = Client()
    outsider.force_login(org.labour_handler)
    assert outsider.get(f"/petitions/{petition.pk}/documents/opinion.docx").status_code == 404
