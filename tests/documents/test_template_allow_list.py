"""Document templates reach only an allow-list of masked fields (#12.4). On the old main an
admin-edited template printed the full ID number, phone and password hash into a DOCX."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document

from tests.factories import Org, login_verified, person, petition_in
from xinfang.documents.models import DocumentTemplate
from xinfang.documents.render import document_docx
from xinfang.petitions.lifecycle import Status

pytestmark = pytest.mark.django_db

ID, PHONE = "11010519491231002X", "13912345678"
PROBE = (
    "ID {{ p.petitioner.id_number }} PHONE {{ p.petitioner.phone }} HASH {{ p.registered_by.password }} "
    "HANDLER {{ p.handler.password }} MASKED {{ petitioner_id_number }} {{ petitioner_phone }} TITLE {{ p.title }}"
)


def docx_text(content: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs)


def test_a_template_cannot_reach_personal_numbers_or_password_hashes(org: Org) -> None:
    petition = petition_in(org, Status.DISPATCHED, petitioner=person(id_number=ID, phone=PHONE))
    DocumentTemplate.objects.update_or_create(
        kind="dispatch_sheet", defaults={"title": "转送交办单", "body": PROBE}
    )
    _, content = document_docx(petition, "dispatch_sheet")
    text = docx_text(content)
    assert ID not in text and PHONE not in text and "md5$" not in text and "pbkdf2" not in text
    assert "110105********002X" in text and "139****5678" in text and petition.title in text


def test_dangerous_tags_are_refused_in_the_admin_and_ignored_at_render(org: Org, admin_user) -> None:  # type: ignore[no-untyped-def]
    client = login_verified(Client(), admin_user)
    response = client.post(
        "/admin/documents/documenttemplate/add/",
        {"kind": "receipt", "title": "回执", "body": "{% debug %}{% load static %}"},
    )
    assert response.status_code == 200 and "不得使用" in response.content.decode()
    petition = petition_in(org, Status.DISPATCHED, petitioner=person(id_number=ID, phone=PHONE))
    DocumentTemplate.objects.update_or_create(
        kind="dispatch_sheet", defaults={"title": "转送交办单", "body": "{% debug %}"}
    )
    _, content = document_docx(petition, "dispatch_sheet")
    assert "sys.modules" not in docx_text(content) and petition.title in docx_text(content)
