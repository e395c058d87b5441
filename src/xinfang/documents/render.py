"""Fill a document template with a petition's data and write it as DOCX (python-docx)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.template import Context, Template
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from xinfang.common.exceptions import NotFound
from xinfang.petitions.constants import ReplyOutcome, ReviewOutcome
from xinfang.petitions.models import Petition, PetitionEvent

from .defaults import DEFAULT_BODIES
from .kinds import BY_CODE, KINDS, DocKind
from .models import DocumentTemplate

BODY_FONT = "仿宋"  # official documents use FangSong for the body and SimSun/XiaoBiaoSong for titles
TITLE_FONT = "宋体"
OUTCOME_LABELS = {**dict(ReplyOutcome.choices), **dict(ReviewOutcome.choices)}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def documents_available(petition: Petition) -> list[DocKind]:
    """The documents whose act has happened, in the order of the chain."""
    done = set(petition.events.values_list("kind", flat=True))
    return [kind for kind in KINDS if kind.act.value in done]


def _event(petition: Petition, kind: DocKind) -> PetitionEvent:
    event = petition.events.filter(kind=kind.act.value).select_related("actor_unit").order_by("-seq").first()
    if event is None:
        raise NotFound(f"尚未{kind.act.label}，不能生成{kind.title}")
    return event


def document_context(petition: Petition, kind: DocKind) -> dict[str, Any]:
    event = _event(petition, kind)
    issued = timezone.localdate(event.occurred_at)
    return {
        "p": petition,
        "petitioner": petition.petitioner.name,
        "event": event.payload,
        "outcome": OUTCOME_LABELS.get(event.payload.get("outcome", ""), ""),
        "unit": event.actor_unit.name if event.actor_unit else petition.current_unit.name,
        "date": chinese_date(issued),
        "received": chinese_date(timezone.localdate(petition.received_at)),
        "article": kind.article,
        "number": petition.number,
    }


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word picks the East Asian font from w:eastAsia; without it Chinese falls back to a Latin font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def document_docx(petition: Petition, code: str) -> tuple[str, bytes]:
    """The filled DOCX for ``code`` and a file name; NotFound before the act that issues it."""
    kind = BY_CODE.get(code)
    if kind is None:
        raise NotFound("没有这种文书")
    template = DocumentTemplate.objects.filter(kind=code).first()
    body = template.body if template else DEFAULT_BODIES[code]
    context = document_context(petition, kind)
    text = Template(body).render(Context(context, autoescape=False))
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(kind.title), TITLE_FONT, 22, bold=True)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(number.add_run(f"编号：{petition.number}"), BODY_FONT, 12)
    for index, line in enumerate(row for row in text.splitlines() if row.strip()):
        paragraph = doc.add_paragraph()
        if index:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        _font(paragraph.add_run(line.strip()), BODY_FONT, 16)
    for line in (context["unit"], context["date"]):
        signature = doc.add_paragraph()
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(signature.add_run(line), BODY_FONT, 16)
    basis = doc.add_paragraph()
    _font(basis.add_run(f"（依据《信访工作条例》{kind.article}）"), BODY_FONT, 10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    return f"{petition.number}-{kind.title}.docx", buffer.getvalue()
