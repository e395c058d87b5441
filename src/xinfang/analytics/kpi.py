"""KPI definitions: per-petition measures as database expressions, and rates as pure functions.

``measures`` turns a petition queryset into counts (optionally grouped); the monthly summary
stores exactly these counts, so a KPI read from the summary equals the KPI computed live.
Formulas and their legal context: docs/kpi.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from xinfang.petitions.constants import Channel, DivertTarget, Escalation, LinkKind
from xinfang.petitions.lifecycle import TERMINAL, Act, Status
from xinfang.petitions.models import Deadline, EvaluationOption, Petition, PetitionEvent, PetitionLink
from xinfang.statute.dtable import ClockState

# Clocks behind each timeliness KPI (statute/dtable.py): registration-and-dispatch and the
# acceptance notices (Art. 22(1), 23(2), 23(3)); the handling period and its extension (Art. 34).
INTAKE_CLOCKS = ("D1", "D2", "D3")
HANDLING_CLOCKS = ("D5", "D6")
# States in which the petitioner has a reply or conclusion to rate (Art. 21(2)).
RATEABLE = (Status.ANSWERED, Status.UNDER_REVIEW, Status.REVIEWED, Status.UNDER_RECHECK, Status.CLOSED)
BASICALLY_SATISFIED = "basically_satisfied"

MEASURES = (
    "total",
    "online",
    "bypass",
    "beijing",
    "accept_on_time",
    "accept_late",
    "close_on_time",
    "close_late",
    "eligible",
    "rated",
    "satisfied",
    "basically_satisfied",
    "repeat",
    "dispatched",
    "returned",
    "mediation_concluded",
    "mediation_agreed",
    "open",
    "overdue",
    "litigation",
    "diverted_political_legal",
    "diverted_discipline",
    "diverted_statutory",
)


def _clock_outcome(codes: tuple[str, ...], today: date) -> tuple[Q, Q]:
    """(on time, late) for a petition's clocks of ``codes``.

    Late: any such clock finished after its due date or still running past it. On time: at
    least one finished in time, none late and none still running before its due date (a
    petition whose duty is still in progress is not yet counted either way).
    """
    clocks = Deadline.objects.filter(petition=OuterRef("pk"), code__in=codes)
    running = [ClockState.RUNNING, ClockState.PAUSED]
    # Two EXISTS rather than one over an OR: each is then read from the (state, due_on) index
    # alone (it carries code and petition), not from a lossy bitmap over 200,000 clock rows.
    late = Q(Exists(clocks.filter(state=ClockState.OVERDUE))) | Q(
        Exists(clocks.filter(state__in=running, due_on__lt=today))
    )
    pending = Exists(clocks.filter(Q(state__in=running) & (Q(due_on__gte=today) | Q(due_on__isnull=True))))
    met = Exists(clocks.filter(state=ClockState.MET))
    return Q(met) & ~late & ~Q(pending), late


def _event(kind: str, **payload: Any) -> Q:
    events = PetitionEvent.objects.filter(petition=OuterRef("pk"), kind=kind)
    if payload:
        events = events.filter(**{f"payload__{k}": v for k, v in payload.items()})
    return Q(Exists(events))


def satisfied_codes() -> list[str]:
    """Rating options that count as satisfied, except 基本满意 which is counted on its own."""
    codes = EvaluationOption.objects.filter(counts_as_satisfied=True).values_list("code", flat=True)
    return [c for c in codes if c != BASICALLY_SATISFIED]


def conditions(today: date, satisfied: Iterable[str]) -> dict[str, Q]:
    """The condition that puts one petition into each measure (``total`` is every petition)."""
    accept_on_time, accept_late = _clock_outcome(INTAKE_CLOCKS, today)
    close_on_time, close_late = _clock_outcome(HANDLING_CLOCKS, today)
    eligible = Q(status__in=RATEABLE)
    return {
        "total": Q(),
        "online": Q(channel=Channel.ONLINE),
        "bypass": Q(escalation=Escalation.BYPASS),
        "beijing": Q(escalation=Escalation.BEIJING),
        "accept_on_time": accept_on_time,
        "accept_late": accept_late,
        "close_on_time": close_on_time,
        "close_late": close_late,
        "eligible": eligible,
        "rated": eligible & ~Q(evaluation=""),
        "satisfied": eligible & Q(evaluation__in=list(satisfied)),
        "basically_satisfied": eligible & Q(evaluation=BASICALLY_SATISFIED),
        "repeat": Q(Exists(PetitionLink.objects.filter(source=OuterRef("pk"), kind=LinkKind.REPEAT_OF))),
        "dispatched": _event(Act.DISPATCH),
        "returned": _event(Act.APPROVE_RETURN),
        "mediation_concluded": _event(Act.CONCLUDE_MEDIATION),
        "mediation_agreed": _event(Act.CONCLUDE_MEDIATION, agreed=True),
        "open": ~Q(status__in=TERMINAL),
        "overdue": ~Q(status__in=TERMINAL) & Q(next_due_on__lt=today),
        "litigation": Q(litigation_related=True),
        "diverted_political_legal": Q(divert_target=DivertTarget.POLITICAL_LEGAL),
        "diverted_discipline": Q(divert_target=DivertTarget.DISCIPLINE),
        "diverted_statutory": Q(divert_target=DivertTarget.STATUTORY_ROUTE),
    }


def measures(
    petitions: QuerySet[Petition],
    *,
    today: date,
    group_by: tuple[str, ...] = (),
    satisfied: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Count every measure over ``petitions``, one dict per group (one dict if not grouped)."""
    codes = list(satisfied) if satisfied is not None else satisfied_codes()
    aggregates = {
        name: Count("pk", filter=cond) if cond else Count("pk")
        for name, cond in conditions(today, codes).items()
    }
    if not group_by:
        return [petitions.order_by().aggregate(**aggregates)]
    return list(petitions.order_by().values(*group_by).annotate(**aggregates))


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        return "—" if self.value is None else f"{self.value * 100:.1f}%"


@dataclass(frozen=True)
class KpiDef:
    key: str
    label: str
    formula: str


KPIS = (
    KpiDef("timely_acceptance", "及时受理率", "登记转送及受理告知均按期的件数 ÷（按期 + 超期）件数"),
    KpiDef("on_time_completion", "按期办结率", "办理期限内办结的件数 ÷（按期 + 超期）件数"),
    KpiDef("participation", "参评率", "已评价件数 ÷ 可评价件数（已答复、复查、复核或办结）"),
    KpiDef("satisfaction", "满意率", "满意（及基本满意，可配置）件数 ÷ 已评价件数"),
    KpiDef("repeat_rate", "重复信访率", "重信重访件数 ÷ 信访总量"),
    KpiDef("mediation_success", "调解成功率", "调解达成协议件数 ÷ 调解结束件数"),
    KpiDef("return_rate", "退回率", "同意退回的件数 ÷ 转送交办件数"),
    KpiDef("online_share", "网信占比", "网上信访件数 ÷ 信访总量"),
)
KPI_LABELS = {k.key: k.label for k in KPIS}


# Which measures make each KPI's numerator and denominator (a petition in any of them counts).
KPI_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "timely_acceptance": (("accept_on_time",), ("accept_on_time", "accept_late")),
    "on_time_completion": (("close_on_time",), ("close_on_time", "close_late")),
    "participation": (("rated",), ("eligible",)),
    "satisfaction": (("satisfied", "basically_satisfied"), ("rated",)),
    "repeat_rate": (("repeat",), ("total",)),
    "mediation_success": (("mediation_agreed",), ("mediation_concluded",)),
    "return_rate": (("returned",), ("dispatched",)),
    "online_share": (("online",), ("total",)),
}


def parts(key: str, *, basic_counts: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    numerator, denominator = KPI_PARTS[key]
    if key == "satisfaction" and not basic_counts:
        numerator = ("satisfied",)
    return numerator, denominator


def condition_for(names: Iterable[str], *, today: date) -> Q:
    """The petitions behind a number: in any of the named measures (for the list's ``measure`` filter)."""
    table = conditions(today, satisfied_codes())
    chosen = [table[name] for name in names]  # KeyError for an unknown name
    if not chosen or any(not c for c in chosen):  # "total": every petition
        return Q()
    condition = chosen[0]
    for other in chosen[1:]:
        condition |= other
    return condition


def rates(m: Mapping[str, int], *, basic_counts: bool) -> dict[str, Rate]:
    """Every KPI rate from summed measures (pure)."""
    satisfied = m["satisfied"] + (m["basically_satisfied"] if basic_counts else 0)
    return {
        "timely_acceptance": Rate(m["accept_on_time"], m["accept_on_time"] + m["accept_late"]),
        "on_time_completion": Rate(m["close_on_time"], m["close_on_time"] + m["close_late"]),
        "participation": Rate(m["rated"], m["eligible"]),
        "satisfaction": Rate(satisfied, m["rated"]),
        "repeat_rate": Rate(m["repeat"], m["total"]),
        "mediation_success": Rate(m["mediation_agreed"], m["mediation_concluded"]),
        "return_rate": Rate(m["returned"], m["dispatched"]),
        "online_share": Rate(m["online"], m["total"]),
    }


def empty() -> dict[str, int]:
    return dict.fromkeys(MEASURES, 0)


def summed(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    total = empty()
    for row in rows:
        for name in MEASURES:
            total[name] += row.get(name) or 0
    return total


def options() -> dict[str, Any]:
    """``settings.XINFANG_KPI`` with defaults (ranking threshold, whether 基本满意 counts)."""
    configured = getattr(settings, "XINFANG_KPI", {})
    return {"ranking_min_volume": 20, "count_basically_satisfied": None, **configured}


def basic_counts() -> bool:
    """Whether 基本满意 counts as satisfied: the setting if given, else the rating option's flag."""
    configured = options()["count_basically_satisfied"]
    if configured is not None:
        return bool(configured)
    flag = (
        EvaluationOption.objects.filter(code=BASICALLY_SATISFIED)
        .values_list("counts_as_satisfied", flat=True)
        .first()
    )
    return bool(flag)


def change(current: int, before: int) -> float | None:
    """Relative change (环比 / 同比); None when there is nothing to compare with."""
    return (current - before) / before if before else None


def change_text(current: int, before: int) -> str:
    ratio = change(current, before)
    if ratio is None:
        return "无可比数据"
    if ratio == 0:
        return "持平"
    return f"{'上升' if ratio > 0 else '下降'}{abs(ratio) * 100:.1f}%"
