"""The monthly situation report (信访形势月报): figures from the summary, then narrative sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xinfang.orgs.models import Unit, User
from xinfang.petitions.models import Category, Petition

from . import kpi
from .periods import Period, add_months
from .selectors import overdue_petitions, risk_alerts, stat_rows, stat_total


@dataclass
class Movement:
    """One category or place: this period, the previous one and the same period last year."""

    key: int
    name: str
    current: int
    previous: int
    year_before: int = 0

    @property
    def rise(self) -> int:
        return self.current - self.previous


@dataclass
class MonthlyReport:
    period: Period
    total: dict[str, int]
    previous: dict[str, int]
    year_before: dict[str, int]
    rates: dict[str, kpi.Rate]
    trend: list[tuple[date, int, int]]
    categories: list[Movement]
    streets: list[Movement]
    communities: list[Movement]
    overdue_list: list[Petition]
    risks_open: int | None
    risk_list: list[Any]
    basic_counts: bool
    suggestions: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.period.label}信访形势分析报告"


def _movements(
    user: User | None, period: Period, *, by: str, names: dict[int, str], unit: int | None = None
) -> list[Movement]:
    key = {"category": "category_id", "location": "location_unit_id"}[by]

    def counts(p: Period) -> dict[int, int]:
        return {r[key]: r["total"] for r in stat_rows(user, period=p, by=[by], unit=unit)}

    now, before, last_year = counts(period), counts(period.previous()), counts(period.year_before())
    return sorted(
        (
            Movement(k, names.get(k, str(k)), now.get(k, 0), before.get(k, 0), last_year.get(k, 0))
            for k in set(now) | set(before)
        ),
        key=lambda m: (-m.current, m.name),
    )


def places(
    user: User | None, period: Period, *, unit: int | None = None
) -> tuple[list[Movement], list[Movement]]:
    """(streets, communities): petitions by the community where the problem is, summed per street."""
    units = {u.pk: u for u in Unit.objects.only("pk", "name", "parent_id", "kind")}
    names = {k: u.name for k, u in units.items()}
    communities = _movements(user, period, by="location", names=names, unit=unit)
    streets: dict[int, Movement] = {}
    for c in communities:
        place = units.get(c.key)
        street = (
            units.get(place.parent_id) if place and place.parent_id and place.kind == "community" else place
        )
        if street is None:
            continue
        s = streets.setdefault(street.pk, Movement(street.pk, street.name, 0, 0, 0))
        s.current, s.previous, s.year_before = (
            s.current + c.current,
            s.previous + c.previous,
            s.year_before + c.year_before,
        )
    return sorted(streets.values(), key=lambda m: (-m.current, m.name)), communities


def monthly_report(*, month: date, user: User | None = None) -> MonthlyReport:
    """Everything the monthly report says, for the whole district (``user`` None) or a user's view."""
    period = Period.month(month)
    span = Period(add_months(period.first, -12), period.last)
    # One query for the 13 months shown and the 13 a year earlier they are compared with.
    history = Period(add_months(span.first, -12), span.last)
    by_month = {r["month"]: r["total"] for r in stat_rows(user, period=history, by=["month"])}
    trend = [(m, by_month.get(m, 0), by_month.get(add_months(m, -12), 0)) for m in span.months]
    total = stat_total(user, period=period)
    basic = kpi.basic_counts()
    streets, communities = places(user, period)
    risks_open, risk_list = risk_alerts(user, limit=10)
    report = MonthlyReport(
        period=period,
        total=total,
        previous=stat_total(user, period=period.previous()),
        year_before=stat_total(user, period=period.year_before()),
        rates=kpi.rates(total, basic_counts=basic),
        trend=trend,
        categories=_movements(
            user, period, by="category", names=dict(Category.objects.values_list("pk", "name"))
        ),
        streets=streets,
        communities=communities,
        overdue_list=overdue_petitions(user, limit=10),
        risks_open=risks_open,
        risk_list=risk_list,
        basic_counts=basic,
    )
    report.suggestions = suggestions(report)
    return report


def risers(movements: list[Movement], n: int = 3) -> list[Movement]:
    return sorted((m for m in movements if m.rise > 0), key=lambda m: (-m.rise, m.name))[:n]


def overview_sentences(r: MonthlyReport) -> list[str]:
    t = r.total
    online = r.rates["online_share"]
    sentences = [
        f"{r.period.label}，全区共登记信访事项{t['total']}件，环比{kpi.change_text(t['total'], r.previous['total'])}"
        f"（上月{r.previous['total']}件），同比{kpi.change_text(t['total'], r.year_before['total'])}"
        f"（上年同期{r.year_before['total']}件）。",
        f"其中网上信访{t['online']}件，网信占比{online.percent}；越级访{t['bypass']}件，进京访{t['beijing']}件。",
    ]
    rated = r.rates
    sentences.append(
        f"本月登记事项中，及时受理率{rated['timely_acceptance'].percent}，按期办结率"
        f"{rated['on_time_completion'].percent}，参评率{rated['participation'].percent}，满意率"
        f"{rated['satisfaction'].percent}（{'含' if r.basic_counts else '不含'}基本满意）。"
    )
    return sentences


def feature_sentences(r: MonthlyReport) -> list[str]:
    total = r.total["total"] or 1
    top = [c for c in r.categories if c.current][:3]
    sentences = []
    if top:
        listed = "、".join(f"{c.name}{c.current}件（占{c.current * 100 / total:.1f}%）" for c in top)
        share = sum(c.current for c in top) * 100 / total
        sentences.append(f"从问题类别看，信访事项主要集中在{listed}，前三类合计占{share:.1f}%。")
    up = risers(r.categories)
    if up:
        sentences.append("环比增幅较大的类别为" + "、".join(f"{c.name}（增加{c.rise}件）" for c in up) + "。")
    if r.streets:
        s = r.streets[0]
        sentences.append(
            f"从属地看，{s.name}信访量最多，共{s.current}件，环比{kpi.change_text(s.current, s.previous)}。"
        )
    return sentences


def hotspot_sentences(r: MonthlyReport) -> list[str]:
    up = risers(r.communities)
    if not up:
        return ["本月各社区信访量未见明显上升。"]
    return [
        "信访量环比上升较多的社区为"
        + "、".join(f"{c.name}（{c.previous}件→{c.current}件）" for c in up)
        + "，需关注其中的集中性诉求。"
    ]


def attention_sentences(r: MonthlyReport) -> list[str]:
    t = r.total
    sentences = [
        f"本月登记事项中重信重访{t['repeat']}件，重复信访率{r.rates['repeat_rate'].percent}；"
        f"尚未办结{t['open']}件，其中已超期限{t['overdue']}件。",
    ]
    if r.risks_open is None:
        sentences.append("风险预警模块未启用，未统计风险预警。")
    else:
        sentences.append(f"当前未处置的风险预警{r.risks_open}件。")
    if r.overdue_list:
        sentences.append(f"全区超期最久的{len(r.overdue_list)}件事项列于下表，请承办单位抓紧办理。")
    return sentences


def suggestions(r: MonthlyReport) -> list[str]:
    """Advice generated from the figures; each names the number that prompted it."""
    out = []
    rates = r.rates
    on_time = rates["on_time_completion"].value
    if on_time is not None and on_time < 0.95:
        out.append(
            f"按期办结率为{rates['on_time_completion'].percent}，建议对超期事项逐件督办，"
            "落实办理期限预警，确保依法按期办结。"
        )
    up = risers(r.categories, 1)
    if up:
        out.append(
            f"{up[0].name}类信访环比增加{up[0].rise}件，建议主管部门开展专项排查，从源头化解同类矛盾。"
        )
    if r.total["repeat"]:
        out.append(f"重信重访{r.total['repeat']}件，建议落实领导包案，推动重复信访事项案结事了。")
    participation = rates["participation"].value
    if participation is not None and participation < 0.8:
        out.append(f"参评率为{rates['participation'].percent}，建议加强办结回访，引导信访人参与满意度评价。")
    if r.risks_open:
        out.append(f"当前有{r.risks_open}件风险预警未处置，建议值班领导及时研判、落实稳控措施。")
    if r.total["bypass"] or r.total["beijing"]:
        out.append(
            f"本月越级访{r.total['bypass']}件、进京访{r.total['beijing']}件，建议属地加强初信初访办理，"
            "把问题解决在基层。"
        )
    return out or ["本月信访形势总体平稳，建议继续落实首办责任制，巩固依法分类处理成效。"]
