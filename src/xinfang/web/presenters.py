"""Shape clocks and acts for the workbench pages (no queries beyond what callers pass in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from rest_framework import serializers

from xinfang.petitions.lifecycle import Act, Status
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
    "earlier": "原信访事项（编号或查询码）",
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
    "held_on": "听证日期（不填为今天）",
    "place": "听证地点",
    "participants": "参加人员（听证员、信访人及有关单位人员）",
    "ended_on": "听证结束日期（不填为今天）",
    "reply": "回复内容",
    "option": "评价",
    "comment": "评价说明",
    "unit": "受理复查/复核的机关",
    "received_on": "收到请求日期",
    "publish": "向社会公示",
    "petitioner_accepts": "信访人表示认可",
    "reported_to": "报告对象",
    "content": "履行职责情况或答复内容",
    "official": "回避人员（不填为本人）",
    "cadre": "所反映的干部（姓名、职务）",
    "lead_unit": "牵头单位",
    "co_units": "会办单位（可多选）",
    "basis": "确定方式（第二十四条）",
    "document": "送达的文书",
    "document_seq": "文书出具记录序号（不填为最近一次）",
    "manner": "送达方式",
    "attachment": "送达回证（已上传材料编号，可不填）",
    "recipient": "报告对象（第二十五条）",
    "reported_at": "报告时间（不填为现在）",
    "field": "更正事项",
    "new": "更正后的内容",
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
    # A clock opened again (D1 after 退回, D5 after 撤销重办) is told apart by its instance.
    repeated = {d.code for d in deadlines if d.instance > 1}
    for clock in deadlines:
        state = clock_state_today(clock, today)
        css = urgency(state, clock.start_on, clock.due_on, today)
        label = "即将到期" if css == "warn" else ClockState.LABELS.get(state, state)
        running = state in (ClockState.RUNNING, ClockState.OVERDUE) and clock.stopped_on is None
        views.append(
            ClockView(
                name=f"{clock.name}（第{clock.instance}次）" if clock.code in repeated else clock.name,
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
class UnitPicker:
    """The units one act may name, grouped by the unit tree (``orgs.selectors.unit_groups``);
    ``first`` (the routing table's suggestion, or the discipline organ for an accusation) leads
    in its own group and is pre-selected, ``why`` says why."""

    groups: list[tuple[str, list[tuple[int, str]]]]
    first: tuple[int, str] | None = None
    why: str = ""  # the label of the leading group
    hint: str = ""  # shown under the picker while the pre-selection stands
    empty: str = ""  # shown under the picker when it offers no unit: what to do about it

    def grouped(self) -> list[tuple[str, list[tuple[int, str]]]]:
        if self.first is None:
            return self.groups
        rest = [(label, [o for o in options if o[0] != self.first[0]]) for label, options in self.groups]
        return [(self.why or "推荐", [self.first]), *[(label, options) for label, options in rest if options]]

    def flat(self) -> list[tuple[int, str]]:
        return [option for _, options in self.grouped() for option in options]


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    widget: str
    required: bool
    choices: list[tuple[Any, str]]
    value: str = ""  # what the user entered (kept after a failed validation, #11.5) or the pre-selection
    error: str = ""
    hint: str = ""
    groups: list[tuple[str, list[tuple[int, str]]]] | None = None  # a unit picker's <optgroup>s


def act_fields(
    serializer_class: type[serializers.Serializer],
    units: dict[str, UnitPicker],
    people: list[tuple[int, str]] | None = None,
    attachments: list[tuple[int, str]] | None = None,
    *,
    values: Any = None,
    errors: dict[str, str] | None = None,
    requirements: list[Any] | None = None,
) -> list[FieldView]:
    """Form fields for an act, read from the same serializer the API validates with.

    ``units``: the picker of each unit field, by field name.
    ``people``: the staff a person field (回避人员) may name.
    ``values`` / ``errors``: the submitted input and its per-field messages, shown again after a
    failed validation; ``requirements``: fields the rules make required on this petition now
    (``petitions.availability.form_requirements``), shown required with the reason."""
    values = values if values is not None else {}
    errors = errors or {}
    needed = {r.field: r.hint for r in requirements or []}
    fields = []
    for name, field in serializer_class().fields.items():
        if name == "version":
            continue
        picker = units.get(name)
        value, hint = str(values.get(name, "")), needed.get(name, "")
        if picker and picker.first and not values:  # a pre-selection, until the user chose
            value, hint = str(picker.first[0]), hint or picker.hint
        if picker and picker.empty and not picker.flat():
            hint = picker.empty
        widget, choices = _widget(name, field, picker, people, attachments)
        fields.append(
            FieldView(
                name,
                FIELD_LABELS.get(name, name),
                widget,
                bool(field.required) or name in needed,
                choices,
                value=value,
                error=errors.get(name, ""),
                hint=hint,
                groups=picker.grouped() if picker else None,
            )
        )
    return fields


def _widget(
    name: str,
    field: serializers.Field,
    picker: UnitPicker | None,
    people: list[tuple[int, str]] | None,
    attachments: list[tuple[int, str]] | None,
) -> tuple[str, list[tuple[Any, str]]]:
    """The input kind of one act field and its choices."""
    if name == "attachment":
        return "select", list(attachments or [])
    if isinstance(field, serializers.BooleanField):
        return "checkbox", []
    if isinstance(field, serializers.ChoiceField):
        return "select", [(k, str(v)) for k, v in field.choices.items()]
    if isinstance(field, serializers.ManyRelatedField):
        return "multiselect", picker.flat() if picker else []
    if name == "official":
        return "select", people or []
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return "select", picker.flat() if picker else []
    if isinstance(field, serializers.DateTimeField):
        return "datetime-local", []
    if isinstance(field, serializers.DateField):
        return "date", []
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return "number", []
    long_text = name in (
        "reason",
        "opinion",
        "reply",
        "agreement",
        "summary",
        "notice",
        "content",
        "participants",
    )
    return ("textarea" if long_text else "text"), []


def act_label(act: Act) -> str:
    return str(act.label)


# What a petition waits for, per state, as the to-do shows it (the acts behind it are
# petitions.permissions.acts_available; this is only the short label of the row).
WAITING_LABELS = {
    "registered": "待转送交办或受理",
    "dispatched": "待签收",
    "signed": "待受理（或申请退回）",
    "accepted": "待分类处理",
    "handling": "办理中，待出具意见",
    "mediating": "调解中",
    "answered": "待评价、办结归档或复查申请",
    "under_review": "待出具复查意见",
    "reviewed": "待办结归档或复核申请",
    "under_recheck": "待出具复核意见",
}


def todo_label(user: Any, petition: Any) -> str:
    """The short "waiting for" label of a to-do row; approvals name the request."""
    if petition.status == "return_requested":
        return "退回申请待审批" if petition.dispatcher_unit_id == user.unit_id else "退回申请审批中"
    if petition.pending_extension and user.may("approve") and petition.current_unit_id == user.unit_id:
        return "延期申请待审批"
    if petition.current_unit_id != user.unit_id:
        # On a to-do, a matter held elsewhere waits for this unit's 会办意见 (Art. 24).
        return "待提出会办意见"
    return WAITING_LABELS.get(petition.status, petition.get_status_display())


# --------------------------------------------------------------------------- timeline (#11.6)

# What each act said, field by field, in the order shown. Keys are payload fields; the values
# of choice fields are shown by their Chinese label. Payload fields not listed (ids, internal
# flags) are not shown; an act added later shows its listed fields through the same table.
TIMELINE_LABELS: dict[str, str] = {
    "mode": "方式",
    "to_unit_name": "接收单位",
    "due_days": "交办办理期限（日）",
    "unit_name": "受理机关",
    "held_on": "听证日期",
    "place": "听证地点",
    "participants": "参加人员",
    "ended_on": "听证结束日期",
    "received_on": "收到请求日期",
    "reason_code": "退回理由类别",
    "ground": "依据",
    "article": "条例依据",
    "target": "去向",
    "route": "处理途径（第三十一条）",
    "other_party": "对方当事人",
    "agreed": "达成一致",
    "agreement_kind": "协议书类型",
    "agreement": "协议内容",
    "days": "延长天数",
    "requested_days": "申请延长天数",
    "outcome": "结论",
    "opinion": "意见内容",
    "legal_basis": "法律法规依据",
    "served_on": "送达日期",
    "reply": "回复内容",
    "label": "评价",
    "comment": "评价说明",
    "publish": "向社会公示",
    "petitioner_accepts": "信访人表示认可",
    "window_lapsed": "请求期限已届满",
    "reported_to": "报告对象",
    "summary": "情况说明",
    "notice": "告知内容",
    "reason": "理由",
    "note": "备注",
    "name": "文件",
    "field": "更正项目",
    "old": "原内容",
    "new": "更正为",
    "manner": "送达方式",
    "document": "文书",
    "historical_status": "台账记录的状态",
    "closed_on": "办结日期",
    "source": "导入文件",
}
# Payload fields whose text may carry personal data (free text entered by staff or petitioners).
FREE_TEXT = frozenset(
    {
        "reason",
        "note",
        "notice",
        "opinion",
        "agreement",
        "reply",
        "comment",
        "summary",
        "other_party",
        "old",
        "new",
    }
)


def _choice_labels() -> dict[str, dict[str, str]]:
    from xinfang.petitions.constants import (
        DeclineGround,
        DivertTarget,
        RefuseGround,
        ReplyOutcome,
        ReturnReason,
        ReviewOutcome,
        Route,
        SuggestionOutcome,
    )

    outcomes = {
        **dict(ReplyOutcome.choices),
        **dict(ReviewOutcome.choices),
        **dict(SuggestionOutcome.choices),
    }
    return {
        "mode": {"transfer": "转送", "assign": "交办"},
        "reason_code": {str(k): str(v) for k, v in ReturnReason.choices},
        "ground": {str(k): str(v) for k, v in [*DeclineGround.choices, *RefuseGround.choices]},
        "target": {str(k): str(v) for k, v in DivertTarget.choices},
        "route": {str(k): str(v) for k, v in Route.choices},
        "outcome": {str(k): str(v) for k, v in outcomes.items()},
        "agreement_kind": {"mediation": "调解协议书", "settlement": "和解协议书"},
        "historical_status": {str(k): str(v) for k, v in Status.choices},
    }


@dataclass(frozen=True)
class TimelineEntry:
    event: Any
    lines: list[tuple[str, str]]
    documents: list[Any]


def _shown(key: str, value: Any, labels: dict[str, dict[str, str]], *, unmasked: bool) -> str:
    from xinfang.common.masking import mask_pii_in_text

    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if key in labels:
        text = labels[key].get(text, text)
    if key in FREE_TEXT and not unmasked:
        text = mask_pii_in_text(text)
    return text


def timeline(events: list[Any], *, user: Any, petition: Any) -> list[TimelineEntry]:
    """Each event with what it said (notes, the Art. 31 route, the notice, the 交办 deadline, the
    extension reason, the review outcome) and the document it produced; free text that may hold
    personal data is masked for users without 查看完整个人信息 (the petitioner block's rule)."""
    from xinfang.documents.kinds import KINDS
    from xinfang.petitions.pii import pii_unmasked_for

    unmasked = pii_unmasked_for(user)
    labels = _choice_labels()
    last_of_kind = {e.kind: e.seq for e in events}
    entries = []
    for event in events:
        payload = event.payload or {}
        lines = [
            (label, _shown(key, payload[key], labels, unmasked=unmasked))
            for key, label in TIMELINE_LABELS.items()
            if key in payload and payload[key] not in (None, "", [], {})
        ]
        # A document is generated from the latest event of its act: link it from that event.
        documents = [
            k for k in KINDS if k.act.value == event.kind and last_of_kind.get(event.kind) == event.seq
        ]
        entries.append(TimelineEntry(event, lines, documents))
    return entries
