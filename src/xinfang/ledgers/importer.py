"""Import of historical petitions from XLSX or CSV: validate every row first, then all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.common.exceptions import XinfangError
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import Channel
from xinfang.petitions.drafts import PersonDraft, PetitionDraft
from xinfang.petitions.models import Category
from xinfang.petitions.services import petition_register

COLUMNS = {
    "信访形式": "channel",
    "问题分类": "category",
    "标题": "title",
    "信访内容": "content",
    "投诉请求": "request",
    "信访人姓名": "name",
    "身份证号": "id_number",
    "联系电话": "phone",
    "住址": "address",
    "问题属地": "location",
    "收到时间": "received_at",
    "人数": "people_count",
}
REQUIRED = ("信访形式", "问题分类", "标题", "信访内容", "信访人姓名", "问题属地", "收到时间")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


def read_table(name: str, content: bytes) -> list[dict[str, Any]]:
    """Rows keyed by header; the first row is the header (sheet 1 of an XLSX, or UTF-8 CSV)."""
    if name.lower().endswith(".csv"):
        text = content.decode("utf-8-sig")
        return [dict(row) for row in csv.DictReader(io.StringIO(text))]
    sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    return [dict(zip(header, row, strict=False)) for row in rows if any(v not in (None, "") for v in row)]


def _when(value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace("/", "-")
        moment = datetime.fromisoformat(text if len(text) > 10 else f"{text} 09:00")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _draft(
    row: dict[str, Any], user: User, units: dict[str, Unit], categories: dict[str, Category]
) -> PetitionDraft:
    def cell(column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value).strip()

    channel = {label: value for value, label in Channel.choices}.get(cell("信访形式"))
    if channel is None:
        raise XinfangError(fields={"信访形式": "应为 网上、来信、来访、电话、传真 之一"})
    category = categories.get(cell("问题分类"))
    if category is None:
        raise XinfangError(fields={"问题分类": f"没有名为“{cell('问题分类')}”的分类"})
    location = units.get(cell("问题属地"))
    if location is None:
        raise XinfangError(fields={"问题属地": f"没有名为“{cell('问题属地')}”的单位"})
    try:
        received = _when(row.get("收到时间"))
    except ValueError:
        raise XinfangError(fields={"收到时间": "日期格式应为 2025-03-01 或 2025-03-01 09:30"}) from None
    people = cell("人数") or "1"
    if not people.isdigit():
        raise XinfangError(fields={"人数": "应为正整数"})
    assert user.unit is not None
    return PetitionDraft(
        channel=channel,
        category=category,
        title=cell("标题"),
        content=cell("信访内容"),
        request=cell("投诉请求"),
        petitioner=PersonDraft(
            name=cell("信访人姓名"), id_number=cell("身份证号"), phone=cell("联系电话"), address=cell("住址")
        ),
        location_unit=location,
        registered_unit=user.unit,
        registered_by=user,
        received_at=received,
        people_count=int(people),
    ).cleaned()


def import_check(rows: list[dict[str, Any]], user: User) -> tuple[list[PetitionDraft], list[Problem]]:
    problems: list[Problem] = []
    if not rows:
        return [], [Problem(1, "", "文件中没有数据行")]
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        return [], [Problem(1, c, "缺少必填列") for c in missing]
    if len(rows) > MAX_ROWS:
        return [], [Problem(MAX_ROWS + 2, "", f"单次最多导入{MAX_ROWS}行")]
    units = {u.name: u for u in Unit.objects.filter(is_active=True)}
    categories = {c.name: c for c in Category.objects.all()}
    drafts = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            drafts.append(_draft(row, user, units, categories))
        except XinfangError as error:
            problems += [Problem(number, _column(k), v) for k, v in error.fields.items()] or [
                Problem(number, "", error.message)
            ]
    return drafts, problems


def _column(field: str) -> str:
    reverse = {v: k for k, v in COLUMNS.items()}
    name = field.split(".")[-1]
    return reverse.get(
        name, field if field in COLUMNS else {"title": "标题", "content": "信访内容"}.get(name, field)
    )


def petitions_import(*, name: str, content: bytes, actor: User) -> tuple[int, list[Problem]]:
    """Register every row, or none if any row is invalid; returns (imported count, problems)."""
    try:
        rows = read_table(name, content)
    except Exception:
        return 0, [Problem(1, "", "无法读取文件，请上传 XLSX 或 UTF-8 编码的 CSV")]
    drafts, problems = import_check(rows, actor)
    if problems:
        return 0, problems
    with transaction.atomic():
        for draft in drafts:
            petition_register(draft=draft)
    return len(drafts), []
