"""The monthly report and the annual statistics section as DOCX (python-docx)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

from django.utils import timezone
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from xinfang.analytics.selectors import stats_refreshed_at

from . import charts, kpi
from .annual import AnnualFigures
from .monthly import (
    MonthlyReport,
    attention_sentences,
    feature_sentences,
    hotspot_sentences,
    overview_sentences,
)

SECTIONS = ("一、总体情况", "二、主要特点", "三、热点问题", "四、重点关注", "五、工作建议")
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"


def _document() -> DocumentObject:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(12)
    # Word picks East Asian text's font from w:eastAsia, not from the Latin name.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    return document


def _heading(document: DocumentObject, text: str, level: int = 1) -> None:
    heading = document.add_heading(level=level)
    run = heading.add_run(text)
    run.font.name = HEADING_FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), HEADING_FONT)


def _paragraphs(document: DocumentObject, sentences: Sequence[str]) -> None:
    for sentence in sentences:
        paragraph = document.add_paragraph(sentence)
        paragraph.paragraph_format.first_line_indent = Pt(24)


def _table(document: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def _picture(document: DocumentObject, png: bytes, caption: str) -> None:
    document.add_picture(io.BytesIO(png), width=Cm(15))
    paragraph = document.add_paragraph(caption)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def staleness_note(first: date, last: date, refreshed_at: datetime | None) -> str:
    """Say plainly when the summary is older than the period, instead of printing zeros as facts."""
    if refreshed_at is None:
        return "注意：统计汇总尚未生成，本报告中的数字均为零，并不表示没有信访事项。请管理员先刷新统计汇总。"
    seen = timezone.localtime(refreshed_at)
    if seen.date() < first:
        return f"注意：统计汇总最近更新于{seen:%Y年%m月%d日 %H:%M}，早于本报告期间，本期数字未计入。请先刷新统计汇总。"
    if seen.date() <= last and last < timezone.localdate():
        return f"注意：统计汇总最近更新于{seen:%Y年%m月%d日 %H:%M}，此后收到的信访事项未计入本报告。"
    return ""


def monthly_docx(report: MonthlyReport) -> bytes:
    document = _document()
    title = document.add_heading(level=0)
    title.add_run(report.title)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}　统计口径：按收到时间（北京时间）"
    )
    note = staleness_note(report.period.first, report.period.last, stats_refreshed_at())
    if note:
        document.add_paragraph().add_run(note).bold = True

    _heading(document, SECTIONS[0])
    _paragraphs(document, overview_sentences(report))
    _table(
        document,
        ["指标", "数值", "分子", "分母", "计算方法"],
        [
            (
                d.label,
                report.rates[d.key].percent,
                report.rates[d.key].numerator,
                report.rates[d.key].denominator,
                d.formula,
            )
            for d in kpi.KPIS
        ],
    )
    labels = [f"{m.year % 100:02d}年{m.month}月" for m, _, _ in report.trend]
    _picture(
        document,
        charts.trend_chart(labels, [n for _, n, _ in report.trend], [n for _, _, n in report.trend]),
        "图1 近13个月信访总量走势（柱：当月；线：上年同期）",
    )

    _heading(document, SECTIONS[1])
    _paragraphs(document, feature_sentences(report))
    top = [c for c in report.categories if c.current][:10]
    _table(
        document,
        ["问题类别", "本月", "上月", "环比", "上年同月", "同比"],
        [
            (
                c.name,
                c.current,
                c.previous,
                kpi.change_text(c.current, c.previous),
                c.year_before,
                kpi.change_text(c.current, c.year_before),
            )
            for c in top
        ],
    )
    if top:
        _picture(
            document,
            charts.bar_chart([c.name for c in top], [c.current for c in top], title="主要问题类别"),
            "图2 本月信访事项问题类别（前十位）",
        )

    _heading(document, SECTIONS[2])
    _paragraphs(document, hotspot_sentences(report))
    streets = [s for s in report.streets if s.current][:10]
    _table(
        document,
        ["街道", "本月", "上月", "环比"],
        [(s.name, s.current, s.previous, kpi.change_text(s.current, s.previous)) for s in streets],
    )
    if streets:
        _picture(
            document,
            charts.bar_chart([s.name for s in streets], [s.current for s in streets], title="各街道信访量"),
            "图3 本月各街道信访量（按问题属地）",
        )
    communities = [c for c in report.communities if c.current][:10]
    _table(
        document,
        ["社区", "本月", "上月", "环比"],
        [(c.name, c.current, c.previous, kpi.change_text(c.current, c.previous)) for c in communities],
    )

    _heading(document, SECTIONS[3])
    _paragraphs(document, attention_sentences(report))
    if report.overdue_list:
        today = timezone.localdate()
        _table(
            document,
            ["编号", "标题", "承办单位", "最近期限", "已超期（天）"],
            [
                (
                    p.number,
                    p.title,
                    p.current_unit.name,
                    f"{p.next_due_on:%Y-%m-%d}",
                    (today - p.next_due_on).days if p.next_due_on else "",
                )
                for p in report.overdue_list
            ],
        )
    if report.risk_list:
        _table(
            document,
            ["编号", "标题", "风险等级", "风险分", "预警时间"],
            [
                (
                    a.petition.number,
                    a.petition.title,
                    a.get_level_display(),
                    a.score,
                    f"{timezone.localtime(a.raised_at):%Y-%m-%d %H:%M}",
                )
                for a in report.risk_list
            ],
        )

    _heading(document, SECTIONS[4])
    _paragraphs(document, [f"{i}. {s}" for i, s in enumerate(report.suggestions, start=1)])
    return _save(document)


def annual_section(document: DocumentObject, figures: AnnualFigures) -> None:
    _heading(document, f"{figures.year}年度信访工作法治化统计")
    _paragraphs(document, figures.sentences())
    _table(document, ["指标", f"{figures.year}年", f"{figures.year - 1}年", "同比", "说明"], figures.table())


def annual_docx(figures: AnnualFigures) -> bytes:
    document = _document()
    title = document.add_heading(level=0)
    title.add_run(f"{figures.year}年度信访工作法治化统计")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    annual_section(document, figures)
    return _save(document)


def _save(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
