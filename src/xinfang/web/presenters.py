"""Shape clocks and acts for the workbench pages (no queries beyond what callers pass in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from rest_framework import serializers

from xinfang.petitions.lifecycle import Act
from xinfang.petitions.models import Deadline
from xinfang.petitions.selectors import clock_state_today
from xinfang.statute.dtable import ClockState

FIELD_LABELS = {
    "to_unit": "接收单位",
    "mode": "方式",
    "due_days": "办理期限（日）",
    "note": "备注",
    "reason_code": "退回理由类别",
    "reason": "理由",
    "notice": "告知内容",
    "ground": "依据",
    "earlier": "原信访事项编号（id）",
    "target": "去向",
    "route": "处理途径（第三十一条）",
    "petitioner_consents": "信访人同意调解",
    "other_party_consents": "对方当事人同意调解",
    "other_party": "对方当事人",
    "agreed": "达成一致",
    "agreement_kind": "协议书类型",
    "agreement": "协议内容",
    "summary": "情况说明",
    "days": "延长天数（不超过30日）",
    "outcome": "处理意见",
    "opinion": "意见内容",
    "legal_basis": "法律法规依据",
    "served_on": "送达日期",
    "reply": "回复内容",
    "option": "评价",
    "comment": "评价说明",
    "unit": "受理复查/复核的机关",
    "received_on": "收到请求日期",
    "publish": "向社会公示",
    "petitioner_accepts": "信访人表示认可",
    "reported_to": "报告对象",
}


def countdown(due: date | None, today: date) -> str:
    if due is None:
        return "及时办理"
    days = (due - today).days
    if days > 0:
        return f"剩余{days}天"
    return "今日到期" if days == 0 else f"超期{-days}天"


def urgency(state: str, start: date | None, due: date | None, today: date) -> str:
    """running / warn (past the configured share of its time) / overdue / the stored state otherwise."""
    if state != ClockState.RUNNING or due is None or start is None:
        return state
    if today > due:
        return ClockState.OVERDUE
    total = max((due - start).days, 1)
    return "warn" if (today - start).days / total >= settings.XINFANG_RULES["warn_ratio"] else state


@dataclass(frozen=True)
class ClockView:
    name: str
    code: str
    article: str
    start_on: date
    due_on: date | None
    state: str
    state_label: str
    css: str
    countdown: str
    note: str


def clock_views(deadlines: list[Deadline], today: date) -> list[ClockView]:
    views = []
    for clock in deadlines:
        state = clock_state_today(clock, today)
        css = urgency(state, clock.start_on, clock.due_on, today)
        label = "即将到期" if css == "warn" else ClockState.LABELS.get(state, state)
        running = state in (ClockState.RUNNING, ClockState.OVERDUE) and clock.stopped_on is None
        views.append(
            ClockView(
                name=clock.name,
                code=clock.code,
                article=clock.article,
                start_on=clock.start_on,
                due_on=clock.due_on,
                state=state,
                state_label=label,
                css=css,
                countdown=countdown(clock.due_on, today) if running else "",
                note=clock.note,
            )
        )
    return views


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    widget: str
    required: bool
    choices: list[tuple[Any, str]]


def act_fields(
    serializer_class: type[serializers.Serializer], units: list[tuple[int, str]]
) -> list[FieldView]:
    """Form fields for an act, read from the same serializer the API validates with."""
    fields = []
    for name, field in serializer_class().fields.items():
        if name == "version":
            continue
        choices: list[tuple[Any, str]] = []
        if isinstance(field, serializers.BooleanField):
            widget = "checkbox"
        elif isinstance(field, serializers.ChoiceField):
            widget, choices = "select", [(k, str(v)) for k, v in field.choices.items()]
        elif isinstance(field, serializers.PrimaryKeyRelatedField) and name != "earlier":
            widget, choices = "select", units
        elif isinstance(field, serializers.DateField):
            widget = "date"
        elif isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
            widget = "number"
        else:
            widget = (
                "textarea"
                if name in ("reason", "opinion", "reply", "agreement", "summary", "notice")
                else "text"
            )
        fields.append(FieldView(name, FIELD_LABELS.get(name, name), widget, bool(field.required), choices))
    return fields


def act_label(act: Act) -> str:
    return str(act.label)
