"""台账 as XLSX: any filtered petition list, with Chinese headers, through the visibility selector."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from xinfang.petitions.models import Petition

MAX_ROWS = 50_000  # larger ledgers belong to the scheduled reports, not an interactive download
HEADERS = [
    ("编号", 18),
    ("查询码", 13),
    ("标题", 40),
    ("信访人", 10),
    ("问题分类", 14),
    ("信访形式", 8),
    ("信访类型", 12),
    ("状态", 12),
    ("当前办理单位", 24),
    ("收到时间", 17),
    ("最近期限", 12),
    ("是否超期", 8),
    ("人数", 6),
]


def _rows(petitions: Iterable[Petition], today: date) -> Iterable[list[object]]:
    for p in petitions:
        overdue = p.next_due_on is not None and p.next_due_on < today
        yield [
            p.number,
            p.query_code,
            p.title,
            p.petitioner.name,
            p.category.name,
            p.get_channel_display(),
            p.get_type_display(),
            p.get_status_display(),
            p.current_unit.name,
            timezone.localtime(p.received_at).strftime("%Y-%m-%d %H:%M"),
            p.next_due_on,
            "是" if overdue else "否",
            p.people_count,
        ]


def ledger_xlsx(petitions: QuerySet[Petition], *, title: str) -> tuple[bytes, int]:
    """The workbook bytes and the number of rows written (at most MAX_ROWS)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, (_, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    from openpyxl.cell import WriteOnlyCell

    header = []
    for name, _ in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill = header_font, fill
        header.append(cell)
    sheet.append(header)
    count = 0
    rows = petitions.select_related("petitioner", "category", "current_unit")[:MAX_ROWS].iterator(
        chunk_size=2000
    )
    for row in _rows(rows, timezone.localdate()):
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
