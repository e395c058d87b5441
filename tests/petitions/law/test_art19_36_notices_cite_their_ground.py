"""Notices cite what they decide (#10.10): the articles come from the decision's ground.

Body and footer of a 不予受理告知书 / 不再受理告知书 cite the same articles — those of the ground
chosen — not a fixed list per document type; the 延期告知书 states the new deadline (Art. 34);
documents are signed with the organ's 全称 (ADR 0014 §2).
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.factories import Org, petition_in, register
from xinfang.documents.render import document_docx
from xinfang.petitions import services
from xinfang.petitions.constants import DeclineGround
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.services.intake import DECLINE_ARTICLES

pytestmark = pytest.mark.django_db


def lines_of(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]


def footer_and_body(petition, code: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    lines = lines_of(document_docx(petition, code)[1])
    return lines[-1], "\n".join(lines[:-1])


def test_refuse_notice_for_a_concluded_litigation_matter_cites_31_1_and_37_throughout(org: Org) -> None:
    petition = services.petition_refuse_repeat(
        petition=register(org),
        actor=org.registrar,
        ground="litigation_concluded",
        reason="该涉法涉诉事项已依法终结",
    )
    footer, body = footer_and_body(petition, "refuse_notice")
    assert "第三十一条第一项、第三十七条" in body
    assert footer == "（依据《信访工作条例》第三十一条第一项、第三十七条）"
    assert "第三十六条第三款" not in footer


@pytest.mark.parametrize("ground", list(DeclineGround))
def test_each_decline_ground_cites_its_own_article(org: Org, ground: DeclineGround) -> None:
    petition = services.petition_decline(
        petition=register(org), actor=org.registrar, ground=ground, reason="经审查不符合受理条件"
    )
    footer, body = footer_and_body(petition, "decline_notice")
    article = DECLINE_ARTICLES[ground]
    assert article in body and footer == f"（依据《信访工作条例》{article}）"


def test_decline_footers_differ_by_ground(org: Org) -> None:
    footers = {
        footer_and_body(
            services.petition_decline(
                petition=register(org), actor=org.registrar, ground=ground, reason="理由"
            ),
            "decline_notice",
        )[0]
        for ground in DeclineGround
    }
    assert len(footers) == len(DeclineGround)


def test_extension_notice_states_the_new_deadline(org: Org) -> None:
    handling = petition_in(org, Status.HANDLING)
    extended = services.petition_extend(
        petition=handling, actor=org.housing_handler, days=20, reason="需现场勘验"
    )
    due = extended.deadlines.get(code="D6").due_on
    _, body = footer_and_body(extended, "extension_notice")
    assert "延长20日" in body and f"延长后的办理期限至{due.year}年{due.month}月{due.day}日" in body


def test_documents_are_signed_with_the_full_name(org: Org) -> None:
    org.housing.official_name = "测试区住房和城乡建设局"
    org.housing.save()
    petition = petition_in(org, Status.ANSWERED)
    lines = lines_of(document_docx(petition, "opinion")[1])
    assert "测试区住房和城乡建设局" in lines
