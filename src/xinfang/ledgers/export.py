"""台账 as XLSX: any filtered petition list, every matching row, in constant memory.

Rows are streamed from a server-side cursor into openpyxl's write-only workbook (rows go to
a temporary file as they are written), so a ledger of a million petitions needs no more
memory than one of ten. Nothing is cut: a ledger holds every petition its filter matches;
past Excel's 1,048,575 data rows per sheet it continues on a next sheet, and the 说明
sheet states the total, the filters, the time and every sheet. Dates are real Excel dates
(filterable and sortable), the header row is frozen and carries an autofilter.

Interactive downloads stop at ``interactive_rows()`` (setting ``XINFANG_LEDGER_INTERACTIVE_ROWS``):
a larger ledger is built by the worker (``ledgers.tasks``) and its owner is notified when the file
is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xinfang.common.xlsx import safe_text
from xinfang.petitions.constants import ClosedReason, DivertTarget, ReplyOutcome, SuggestionOutcome
from xinfang.petitions.models import EvaluationOption, Petition

SHEET_ROWS = 1_048_575  # Excel's rows per sheet, less the header
CHUNK = 2_000
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Petition, _Context], Any]
    number_format: str = ""


@dataclass
class _Context:
    today: date
    ratings: dict[str, str]


def _local(at: datetime | None) -> datetime | None:
    """Excel has no time zones: local (Asia/Shanghai) wall time."""
    return timezone.localtime(at).replace(tzinfo=None) if at else None


def _outcome(p: Petition) -> str:
    """办理结果: the opinion, the suggestion's adoption, or where the matter went."""
    if p.reply_outcome:
        return str(ReplyOutcome(p.reply_outcome).label)
    if p.suggestion_outcome:
        return str(SuggestionOutcome(p.suggestion_outcome).label)
    if p.divert_target:
        return str(DivertTarget(p.divert_target).label).split("（")[0]
    if p.closed_reason:
        return str(ClosedReason(p.closed_reason).label)
    return p.get_status_display() if p.status in ("not_accepted", "no_longer_accepted") else ""


def _handler(p: Petition) -> str:
    return p.handler.display_name if p.handler_id and p.handler else ""


COLUMNS: list[Column] = [
    Column("编号", 18, lambda p, c: p.number),
    Column("查询码", 13, lambda p, c: p.query_code),
    Column("标题", 40, lambda p, c: p.title),
    Column("信访人", 10, lambda p, c: p.petitioner_name),
    Column("问题分类", 14, lambda p, c: p.category.name),
    Column("信访形式", 8, lambda p, c: p.get_channel_display()),
    Column("信访类型", 12, lambda p, c: p.get_type_display()),
    Column("状态", 12, lambda p, c: p.get_status_display()),
    Column("当前办理单位", 24, lambda p, c: p.current_unit.name),
    Column("承办人", 10, lambda p, c: _handler(p)),
    Column("收到时间", 17, lambda p, c: _local(p.received_at), DATETIME),
    Column("最近期限", 12, lambda p, c: p.next_due_on, DATE),
    Column("是否超期", 8, lambda p, c: "是" if p.next_due_on and p.next_due_on < c.today else "否"),
    Column("办结时间", 17, lambda p, c: _local(p.closed_at), DATETIME),
    Column("办理结果", 14, lambda p, c: _outcome(p)),
    Column("满意度", 10, lambda p, c: c.ratings.get(p.evaluation, p.evaluation)),
    Column("人数", 6, lambda p, c: p.people_count),
]


def interactive_rows() -> int:
    """What a browser download should wait for; a ledger with more rows is a job."""
    return int(settings.XINFANG_LEDGER_INTERACTIVE_ROWS)


@dataclass(frozen=True)
class LedgerFile:
    rows: int
    sheets: list[str]


def ledger_rows(petitions: QuerySet[Petition]) -> Iterator[Petition]:
    """Every matching petition with the joins the columns read, from a server-side cursor."""
    return (
        petitions.select_related("category", "current_unit", "handler")
        .order_by("-received_at", "-id")
        .iterator(chunk_size=CHUNK)
    )


def ledger_write(
    petitions: QuerySet[Petition],
    target: IO[bytes] | Path | str,
    *,
    title: str,
    conditions: str = "",
    requested_by: str = "",
    progress: Callable[[int], None] | None = None,
) -> LedgerFile:
    """Write every petition of ``petitions`` as a ledger workbook into ``target``."""
    book = Workbook(write_only=True)
    context = _Context(
        today=timezone.localdate(),
        ratings=dict(EvaluationOption.objects.values_list("code", "label")),
    )
    names: list[str] = []
    sheet, written, total = None, 0, 0
    for petition in ledger_rows(petitions):
        if sheet is None or written == SHEET_ROWS:
            if sheet is not None:
                _close(sheet, written)
            names.append(title[:28] if not names else f"{title[:24]}（续{len(names)}）")
            sheet, written = _sheet(book, names[-1]), 0
        sheet.append(_cells(sheet, petition, context))
        written += 1
        total += 1
        if progress and total % CHUNK == 0:
            progress(total)
    if sheet is None:
        names.append(title[:28])
        sheet = _sheet(book, names[-1])
    _close(sheet, written)
    _notes(book, title=title, total=total, sheets=names, conditions=conditions, requested_by=requested_by)
    book.save(target)
    return LedgerFile(rows=total, sheets=names)


def ledger_xlsx(petitions: QuerySet[Petition], *, title: str) -> tuple[bytes, int]:
    """The workbook as bytes and its row count (small ledgers and tests; big ones use ``ledger_write``)."""
    import io

    buffer = io.BytesIO()
    made = ledger_write(petitions, buffer, title=title)
    return buffer.getvalue(), made.rows


def _sheet(book: Workbook, name: str) -> Any:
    sheet = book.create_sheet(name)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    font, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font, cell.fill = font, fill
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    return sheet


def _close(sheet: Any, rows: int) -> None:
    """The autofilter over the header and every data row (written when the sheet is closed)."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}"


def _cells(sheet: Any, petition: Petition, context: _Context) -> list[Any]:
    row: list[Any] = []
    for column in COLUMNS:
        value = column.value(petition, context)
        if column.number_format and value is not None:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = column.number_format
            row.append(cell)
        else:
            row.append(safe_text(value))  # user text never becomes a formula
    return row


def _notes(
    book: Workbook, *, title: str, total: int, sheets: list[str], conditions: str, requested_by: str
) -> None:
    notes = book.create_sheet("说明")
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 60
    for label, value in (
        ("台账", title),
        ("生成时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("生成人", requested_by),
        ("筛选条件", conditions or "无（数据范围内全部）"),
        ("件数", f"{total} 件：符合筛选条件的信访事项全部列出，未截断"),
        ("工作表", "、".join(sheets) + ("（每表至多 1048575 行）" if len(sheets) > 1 else "")),
    ):
        notes.append([label, safe_text(value)])
