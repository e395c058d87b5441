"""Import of historical petitions from XLSX or CSV: validate every row first, then all or nothing.

A row may carry the state its ledger recorded (办理状态, 办结日期, 处理结果) for a petition handled
before the system existed: it is registered, then ``petition_import_history`` records that state
as an act in the event log, in the same transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.common.exceptions import XinfangError
from xinfang.common.labels import field_label
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import Channel, ReplyOutcome
from xinfang.petitions.drafts import PersonDraft, PetitionDraft
from xinfang.petitions.lifecycle import HISTORICAL_STATES, Status
from xinfang.petitions.models import Category
from xinfang.petitions.services import petition_import_history, petition_register
from xinfang.petitions.services.history import history_problems

from .models import ImportedFile

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
    # The state a petition handled before the system existed reached, as its ledger records it.
    "办理状态": "status",
    "办结日期": "closed_on",
    "处理结果": "outcome",
}
REQUIRED = ("信访形式", "问题分类", "标题", "信访内容", "信访人姓名", "问题属地", "收到时间")
MAX_ROWS = 10_000


@dataclass(frozen=True)
class History:
    status: str
    closed_on: date
    outcome: str


@dataclass(frozen=True)
class Row:
    draft: PetitionDraft
    history: History | None


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


def read_table(name: str, content: bytes) -> list[dict[str, Any]]:
    """Rows keyed by header; the first row is the header (sheet 1 of an XLSX, or a CSV).

    A CSV may be UTF-8 (with or without BOM) or GBK/GB18030, as Excel for Chinese Windows saves it.
    """
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gb18030")
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


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-")
    return datetime.fromisoformat(text[:10] if len(text) > 10 else text).date()


def _history(row: dict[str, Any], received: date | None, errors: dict[str, str]) -> History | None:
    """The ledger's state columns of one row (None: the petition is only registered); problems
    go into ``errors`` by column."""

    def cell(column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value).strip()

    states = {str(Status(s).label): str(s) for s in HISTORICAL_STATES}
    label = cell("办理状态")
    status = states.get(label, "")
    if label not in ("", str(Status.REGISTERED.label)) and not status:
        errors["办理状态"] = "应为 已登记、" + "、".join(states) + " 之一"
    if not status:
        if label == "" and (cell("办结日期") or cell("处理结果")):
            errors["办理状态"] = "填写了办结日期或处理结果，须同时填写办理状态"
        return None
    closed_on = None
    if not cell("办结日期"):
        errors["办结日期"] = f"办理状态为“{label}”时必填"
    else:
        try:
            closed_on = _day(row.get("办结日期"))
        except ValueError:
            errors["办结日期"] = "日期格式应为 2025-03-01"
    outcomes = {str(text): str(value) for value, text in ReplyOutcome.choices}
    outcome = outcomes.get(cell("处理结果"), cell("处理结果"))
    if closed_on is None or received is None:
        # The date is wrong or missing; the rest of the row is still checked.
        found = history_problems(status=status, closed_on=date.min, outcome=outcome, received_on=date.min)
        errors.update({_column(f): m for f, m in found.items() if f != "closed_on"})
        return None
    found = history_problems(status=status, closed_on=closed_on, outcome=outcome, received_on=received)
    errors.update({_column(field): message for field, message in found.items()})
    return History(status, closed_on, outcome)


def _row(row: dict[str, Any], user: User, units: dict[str, Unit], categories: dict[str, Category]) -> Row:
    errors: dict[str, str] = {}
    try:
        draft = _draft(row, user, units, categories)
    except XinfangError as error:
        errors.update(error.fields or {"": error.message})
        draft = None
    try:
        received: date | None = timezone.localdate(_when(row.get("收到时间")))
    except ValueError:
        received = None
    history = _history(row, received, errors)
    if errors or draft is None:
        raise XinfangError(fields=errors)
    return Row(draft, history)


def _draft(
    row: dict[str, Any], user: User, units: dict[str, Unit], categories: dict[str, Category]
) -> PetitionDraft:
    def cell(column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value).strip()

    # Every problem of the row is reported at once, not only the first one found.
    errors: dict[str, str] = {}
    channel = {label: value for value, label in Channel.choices}.get(cell("信访形式"))
    if channel is None:
        errors["信访形式"] = "应为 网上、来信、来访、电话、传真 之一"
    category = categories.get(cell("问题分类"))
    if category is None:
        errors["问题分类"] = f"没有名为“{cell('问题分类')}”的分类"
    location = units.get(cell("问题属地"))
    if location is None:
        errors["问题属地"] = f"没有名为“{cell('问题属地')}”的单位"
    try:
        received = _when(row.get("收到时间"))
    except ValueError:
        errors["收到时间"] = "日期格式应为 2025-03-01 或 2025-03-01 09:30"
    people = cell("人数") or "1"
    if not people.isdigit():
        errors["人数"] = "应为正整数"
    for column in ("标题", "信访内容", "信访人姓名"):
        if not cell(column):
            errors[column] = "必填，不能为空"
    if errors or channel is None or category is None or location is None:
        raise XinfangError(fields=errors)
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


def import_check(rows: list[dict[str, Any]], user: User) -> tuple[list[Row], list[Problem]]:
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
            drafts.append(_row(row, user, units, categories))
        except XinfangError as error:
            problems += [Problem(number, _column(k) if k else "", v) for k, v in error.fields.items()] or [
                Problem(number, "", error.message)
            ]
    return drafts, problems


def _column(field: str) -> str:
    reverse = {v: k for k, v in COLUMNS.items()}
    name = field.split(".")[-1]
    return reverse.get(
        name,
        field if field in COLUMNS else {"title": "标题", "content": "信访内容"}.get(name, field_label(field)),
    )


def petitions_import(*, name: str, content: bytes, actor: User) -> tuple[int, list[Problem]]:
    """Register every row, or none if any row is invalid; returns (imported count, problems)."""
    try:
        rows = read_table(name, content)
    except Exception:
        return 0, [Problem(1, "", "无法读取文件，请上传 XLSX，或 UTF-8、GBK 编码的 CSV")]
    drafts, problems = import_check(rows, actor)
    if problems:
        return 0, problems
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        # The same file twice (a reload, a second click, a colleague) is refused as a whole; the
        # unique digest also stops two concurrent imports of it (#11.5).
        try:
            with transaction.atomic():
                ImportedFile.objects.create(
                    sha256=digest, name=name[:255], rows=len(drafts), imported_by=actor
                )
        except IntegrityError:
            return 0, [_already_imported(digest)]
        for row in drafts:
            petition, _ = petition_register(draft=row.draft)
            if row.history is not None:
                petition_import_history(
                    petition=petition,
                    actor=actor,
                    status=row.history.status,
                    closed_on=row.history.closed_on,
                    outcome=row.history.outcome,
                    source=name[:255],
                )
    return len(drafts), []


def _already_imported(digest: str) -> Problem:
    earlier = ImportedFile.objects.filter(sha256=digest).select_related("imported_by").first()
    if earlier is None:
        return Problem(0, "", "同一文件正在导入，未重复导入")
    local = timezone.localtime(earlier.imported_at)
    who = earlier.imported_by.display_name if earlier.imported_by else ""
    return Problem(
        0,
        "",
        f"该文件已于{local:%Y年%m月%d日 %H:%M}由{who}导入（{earlier.name}，{earlier.rows}件），未重复导入",
    )
