"""Fill a document template with a petition's data and write it as DOCX (python-docx)."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from django.template import Context, Template
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xinfang.common.exceptions import NotFound
from xinfang.common.masking import mask_email, mask_id_number, mask_phone
from xinfang.petitions.constants import ReplyOutcome, ReviewOutcome
from xinfang.petitions.models import Petition, PetitionEvent

from .defaults import DEFAULT_BODIES
from .kinds import BY_CODE, KINDS, DocKind
from .models import DocumentTemplate

# GB/T 9704-2012 layout: body 仿宋_GB2312 三号 (16 pt), title 方正小标宋简体 二号 (22 pt); each font
# names in the document's font table the common substitute a machine without it uses.
BODY_FONT = "仿宋_GB2312"
BODY_FONT_ALT = "仿宋"
TITLE_FONT = "方正小标宋简体"
TITLE_FONT_ALT = "宋体"
PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = 16
TITLE_SIZE = 22
# A4 with the official margins (天头 37 mm, 下白边 35 mm, 订口 28 mm, 翻口 26 mm) and a grid of
# 28 lines × 28 characters over the 156 mm × 225 mm type area.
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
GRID_LINES = 28
GRID_CHARS = 28
# Doubled punctuation where a filled-in value ends with its own stop ("。；", "。。") and a
# repeated lead-in ("经复查，经复查，") when the opinion already starts with it.
_PUNCT_RUN = re.compile(r"[。；，、：]{2,}")
_REPEATED_LEAD = re.compile(r"((?:经|据)[\u4e00-\u9fff]{1,4}[，,])\s*\1")
OUTCOME_LABELS = {**dict(ReplyOutcome.choices), **dict(ReviewOutcome.choices)}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def documents_available(petition: Petition) -> list[DocKind]:
    """The documents whose act has happened, in the order of the chain."""
    done = list(petition.events.filter(kind__in={k.act.value for k in KINDS}).values_list("kind", "payload"))
    return [
        kind
        for kind in KINDS
        if kind.applies_to(petition.type) and any(kind.issued_by(k, payload) for k, payload in done)
    ]


def _event(petition: Petition, kind: DocKind) -> PetitionEvent:
    events = petition.events.filter(kind=kind.act.value)
    if kind.when is not None:
        events = events.filter(**{f"payload__{kind.when[0]}": kind.when[1]})
    event = events.select_related("actor_unit").order_by("-seq").first()
    if event is None:
        raise NotFound(f"尚未{kind.act.label}，不能生成{kind.title}")
    return event


# What an admin-edited template can reach (#12.4): plain values only, never a model object, so no
# template can walk to an ID number, a phone number or a password hash. Personal numbers appear
# masked; the petitioner's name is the addressee of every document.
PETITION_FIELDS = (
    "number",
    "query_code",
    "title",
    "content",
    "request",
    "facts",
    "reasons",
    "litigation_related",
)
EVENT_FIELDS = (
    "reason",
    "opinion",
    "article",
    "to_unit_name",
    "notice",
    "note",
    "legal_basis",
    "due_days",
    "days",
    "mode",
    "outcome",
    "content",
    "manner_label",
    "summary",
)
FORBIDDEN_TAGS = re.compile(r"{%\s*(load|include|extends|debug|ssi|templatetag|csrf_token)\b")


def allowed_fields() -> list[str]:
    """The names a document template may use (shown to administrators in the admin)."""
    return [
        *(f"p.{name}" for name in (*PETITION_FIELDS, "get_channel_display")),
        "petitioner",
        "petitioner_id_number（已遮蔽）",
        "petitioner_phone（已遮蔽）",
        "petitioner_email（已遮蔽）",
        "petitioner_address",
        *(f"event.{name}" for name in EVENT_FIELDS),
        "outcome",
        "conclusion",
        "unit",
        "date",
        "received",
        "article",
        "new_due",
        "number",
    ]


def template_problem(body: str) -> str:
    match = FORBIDDEN_TAGS.search(body)
    return f"文书模板不得使用 {{% {match.group(1)} %}} 标签" if match else ""


def decision_article(kind: DocKind, payload: dict[str, Any]) -> str:
    """The articles a document cites: those of the decision's ground where the act recorded them
    (each 不予受理 / 不再受理 ground has its own), else the document's own article (#10.10)."""
    article = payload.get("article")
    return article if isinstance(article, str) and article else kind.article


def _new_deadline(petition: Petition, event: PetitionEvent) -> str:
    """延期告知书: the extended deadline (the D6 clock the extension opened, Art. 34)."""
    if event.kind != "extend":
        return ""
    clock = petition.deadlines.filter(code="D6").order_by("-instance").first()
    return chinese_date(clock.due_on) if clock and clock.due_on else ""


def document_context(petition: Petition, kind: DocKind) -> dict[str, Any]:
    event = _event(petition, kind)
    issued = timezone.localdate(event.occurred_at)
    fields: dict[str, Any] = {name: getattr(petition, name) for name in PETITION_FIELDS}
    fields["get_channel_display"] = petition.get_channel_display()
    payload = event.payload if isinstance(event.payload, dict) else {}
    if isinstance(payload.get("opinion"), str) and payload["opinion"].strip():
        # The opinion is a sentence of its own: the conclusion follows it (no "（维持原处理意见）。").
        payload = {**payload, "opinion": _sentence(payload["opinion"])}
    return {
        "p": fields,
        # The petitioner as given on this petition (ADR 0014 §5), never a later petition's details.
        "petitioner": petition.petitioner_name,
        "petitioner_id_number": mask_id_number(petition.petitioner_id_number)
        if petition.petitioner_id_number
        else "",
        "petitioner_phone": mask_phone(petition.petitioner_phone) if petition.petitioner_phone else "",
        "petitioner_email": mask_email(petition.petitioner_email) if petition.petitioner_email else "",
        "petitioner_address": petition.petitioner_address,
        "event": {
            name: payload[name] for name in EVENT_FIELDS if isinstance(payload.get(name), str | int | float)
        },
        "outcome": OUTCOME_LABELS.get(event.payload.get("outcome", ""), ""),
        "conclusion": _conclusion(kind, OUTCOME_LABELS.get(event.payload.get("outcome", ""), "")),
        # Signed with the organ's full name (全称, ADR 0014 §2).
        "unit": (event.actor_unit or petition.current_unit).document_name,
        "date": chinese_date(issued),
        "received": chinese_date(timezone.localdate(petition.received_at)),
        "article": decision_article(kind, payload),
        "new_due": _new_deadline(petition, event),
        "number": petition.number,
    }


def tidy(text: str) -> str:
    """One stop between two clauses and no repeated lead-in: a sentence as a clerk would type it.

    A run of stops keeps its last mark ("。；" → "；", "。。" → "。", "，。" → "。"), except that a colon
    is kept before a line break; a question or exclamation mark absorbs a following full stop.
    """
    text = _REPEATED_LEAD.sub(r"\1", text)
    text = re.sub(r"([？！])[。，；]", r"\1", text)
    return _PUNCT_RUN.sub(lambda m: m.group(0)[-1], text)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else text + "。"


_CONCLUSION_LEAD = {"review_opinion": "复查结论", "recheck_opinion": "复核结论"}


def _conclusion(kind: DocKind, outcome: str) -> str:
    return f"{_CONCLUSION_LEAD.get(kind.code, '处理结论')}：{outcome}。" if outcome else ""


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # Word picks the East Asian font from w:eastAsia; without it Chinese falls back to a Latin font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _font_table_alias(doc: Any, name: str, alternative: str) -> None:
    """Declare ``alternative`` as the substitute of ``name`` (w:altName) in the font table."""
    part = next(
        (rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")), None
    )
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
    etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
    etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_footer(section: Any) -> None:
    """ "— 1 —" centred at the foot of every page (GB/T 9704 §7.5: 4号 半角宋体阿拉伯数字)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), PAGE_NUMBER_FONT, 14)
    run = paragraph.add_run()
    _font(run, PAGE_NUMBER_FONT, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._element.append(shown)
    _font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, 14)


def official_layout(doc: Any) -> None:
    """A4, the official margins, the 28 × 28 grid, 三号仿宋 as the normal style, page numbers."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28 - 7)  # page number 7 mm below the type area (§7.5)
    type_height_pt = (297 - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 72
    type_width_pt = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(int(type_height_pt / GRID_LINES * 20)))  # twentieths of a point
    # charSpace: 1/4096 pt added to the normal style's character width to reach the grid pitch.
    grid.set(qn("w:charSpace"), str(int((type_width_pt / GRID_CHARS - BODY_SIZE) * 4096)))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    for name, alternative in ((BODY_FONT, BODY_FONT_ALT), (TITLE_FONT, TITLE_FONT_ALT)):
        _font_table_alias(doc, name, alternative)
    _page_number_footer(section)


def document_docx(petition: Petition, code: str) -> tuple[str, bytes]:
    """The filled DOCX for ``code`` and a file name; NotFound before the act that issues it."""
    kind = BY_CODE.get(code)
    if kind is None or not kind.applies_to(petition.type):
        raise NotFound("没有这种文书")
    template = DocumentTemplate.objects.filter(kind=code).first()
    body = template.body if template else DEFAULT_BODIES[code]
    context = document_context(petition, kind)
    if template_problem(body):
        body = DEFAULT_BODIES[code]  # a template saved around the admin's check falls back to the default
    text = tidy(Template(body).render(Context(context, autoescape=False)))
    doc = Document()
    official_layout(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(kind.title), TITLE_FONT, TITLE_SIZE)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(number.add_run(f"编号：{petition.number}"), BODY_FONT, BODY_SIZE)
    for index, line in enumerate(row for row in text.splitlines() if row.strip()):
        paragraph = doc.add_paragraph()
        if index:
            paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        _font(paragraph.add_run(line.strip()), BODY_FONT, BODY_SIZE)
    doc.add_paragraph()
    for line in (context["unit"], context["date"]):
        signature = doc.add_paragraph()
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # 成文日期右空四字 (GB/T 9704 §7.3.5); the issuing organ stands above it.
        signature.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
        _font(signature.add_run(line), BODY_FONT, BODY_SIZE)
    basis = doc.add_paragraph()
    _font(basis.add_run(f"（依据《信访工作条例》{context['article']}）"), BODY_FONT, BODY_SIZE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return f"{petition.number}-{kind.title}.docx", buffer.getvalue()
