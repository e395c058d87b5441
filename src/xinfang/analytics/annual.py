"""Annual rule-of-law statistics (年度法治化统计): the totals such reports quote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Act
from xinfang.petitions.models import PetitionEvent
from xinfang.petitions.selectors import petitions_visible_to

from . import kpi
from .models import ActivityKind
from .periods import Period
from .selectors import activities_in, stat_total

RECEPTION_KINDS = (ActivityKind.RECEPTION, ActivityKind.LEADER_RECEPTION, ActivityKind.DEPUTY_RECEPTION)


def mediation_counts(user: User | None, period: Period) -> dict[str, int]:
    """Mediations by event time: started, concluded and agreed within the period."""
    events = PetitionEvent.objects.filter(occurred_at__gte=period.start, occurred_at__lt=period.end)
    if user is not None:
        events = events.filter(petition__in=petitions_visible_to(user))
    agreed = Q(kind=Act.CONCLUDE_MEDIATION, payload__agreed=True)
    counts = events.filter(kind__in=[Act.START_MEDIATION, Act.CONCLUDE_MEDIATION]).aggregate(
        started=Count("pk", filter=Q(kind=Act.START_MEDIATION)),
        concluded=Count("pk", filter=Q(kind=Act.CONCLUDE_MEDIATION)),
        agreed=Count("pk", filter=agreed),
    )
    return {k: v or 0 for k, v in counts.items()}


def activity_counts(period: Period) -> dict[str, int]:
    """Batches, person-times and participants per kind of recorded activity, and reception days."""
    rows = activities_in(period)
    out: dict[str, int] = {}
    for kind in ActivityKind.values:
        sums = rows.filter(kind=kind).aggregate(
            n=Count("pk"), batches=Sum("batches"), people=Sum("person_times")
        )
        out[f"{kind}_records"] = sums["n"] or 0
        out[f"{kind}_batches"] = sums["batches"] or 0
        out[f"{kind}_people"] = sums["people"] or 0
    reception = rows.filter(kind__in=RECEPTION_KINDS).aggregate(
        lawyers=Sum("lawyers"), social=Sum("social_workers"), psych=Sum("psychologists")
    )
    out["lawyers"] = reception["lawyers"] or 0
    out["social_workers"] = reception["social"] or 0
    out["psychologists"] = reception["psych"] or 0
    for kind in (ActivityKind.LEADER_RECEPTION, ActivityKind.DEPUTY_RECEPTION):
        out[f"{kind}_days"] = rows.filter(kind=kind).values("held_on").distinct().count()
    out["reception_all_batches"] = sum(out[f"{k}_batches"] for k in RECEPTION_KINDS)
    out["reception_all_people"] = sum(out[f"{k}_people"] for k in RECEPTION_KINDS)
    return out


@dataclass
class AnnualFigures:
    year: int
    current: dict[str, int]
    previous: dict[str, int]
    rates: dict[str, kpi.Rate]
    previous_rates: dict[str, kpi.Rate]

    def rows(self) -> list[tuple[str, Any, Any, str]]:
        """(label, this year, last year, note) in the order the report prints them."""
        c, p = self.current, self.previous
        r, pr = self.rates, self.previous_rates
        counts = [
            ("信访事项总量（件）", "total", "按收到时间统计"),
            ("其中：网上信访（件）", "online", ""),
            ("涉法涉诉信访事项（件）", "litigation", "登记为涉法涉诉"),
            ("导入政法机关处理（件）", "diverted_political_legal", "第二十二条第二款、第二十八条第二款"),
            ("导入诉讼、仲裁、行政复议等法定途径（件）", "diverted_statutory", "第三十一条第一至五项"),
            ("转纪检监察机关（件）", "diverted_discipline", "第二十二条第二款、第三十条"),
            ("开展调解（次）", "mediation_started", "启动调解事件，按发生时间"),
            ("调解结束（次）", "mediation_concluded_events", ""),
            ("调解成功（次）", "mediation_agreed_events", "达成调解或和解协议"),
            ("法律咨询（批次）", "legal_consultation_batches", "工作活动登记"),
            ("法律咨询（人次）", "legal_consultation_people", ""),
            ("接访（批次）", "reception_all_batches", "含领导接访日、分管领导接访日"),
            ("接访（人次）", "reception_all_people", ""),
            ("其中：第三方律师参与（人次）", "lawyers", ""),
            ("其中：社会工作者参与（人次）", "social_workers", ""),
            ("其中：心理咨询师参与（人次）", "psychologists", ""),
            ("领导接访日（天）", "leader_reception_days", ""),
            ("分管领导接访日（天）", "deputy_reception_days", ""),
            ("重信重访（件）", "repeat", "存在重信重访关联"),
            ("业务培训（场次）", "training_records", ""),
            ("业务培训（人次）", "training_people", ""),
            ("法治宣传（场次）", "publicity_records", ""),
            ("法治宣传（人次）", "publicity_people", ""),
        ]
        rows: list[tuple[str, Any, Any, str]] = [(label, c[k], p[k], note) for label, k, note in counts]
        success = kpi.Rate(c["mediation_agreed_events"], c["mediation_concluded_events"])
        before = kpi.Rate(p["mediation_agreed_events"], p["mediation_concluded_events"])
        rows.insert(9, ("调解成功率", success.percent, before.percent, "调解成功 ÷ 调解结束"))
        for key in ("participation", "satisfaction", "repeat_rate"):
            rows.append((kpi.KPI_LABELS[key], r[key].percent, pr[key].percent, _formula(key)))
        return rows

    def table(self) -> list[tuple[Any, ...]]:
        out = []
        for label, now, before, note in self.rows():
            yoy = kpi.change_text(now, before) if isinstance(now, int) and isinstance(before, int) else ""
            out.append((label, now, before, yoy, note))
        return out

    def sentences(self) -> list[str]:
        c, p, r = self.current, self.previous, self.rates
        return [
            f"{self.year}年全区共登记信访事项{c['total']}件，同比{kpi.change_text(c['total'], p['total'])}。"
            f"涉法涉诉信访事项{c['litigation']}件，导入政法机关处理{c['diverted_political_legal']}件，"
            f"导入法定途径{c['diverted_statutory']}件。",
            f"全年开展调解{c['mediation_started']}次，调解成功{c['mediation_agreed_events']}次；"
            f"接访{c['reception_all_batches']}批次{c['reception_all_people']}人次，其中第三方律师参与"
            f"{c['lawyers']}人次、社会工作者{c['social_workers']}人次、心理咨询师{c['psychologists']}人次；"
            f"领导接访日{c['leader_reception_days']}天；法律咨询{c['legal_consultation_batches']}批次"
            f"{c['legal_consultation_people']}人次。",
            f"参评率{r['participation'].percent}，满意率{r['satisfaction'].percent}；重信重访{c['repeat']}件，"
            f"重复信访率{r['repeat_rate'].percent}。开展业务培训{c['training_records']}场、法治宣传"
            f"{c['publicity_records']}场。",
        ]


def _formula(key: str) -> str:
    return next(d.formula for d in kpi.KPIS if d.key == key)


def _figures(user: User | None, period: Period) -> dict[str, int]:
    figures: dict[str, int] = dict(stat_total(user, period=period))
    mediation = mediation_counts(user, period)
    figures["mediation_started"] = mediation["started"]
    figures["mediation_concluded_events"] = mediation["concluded"]
    figures["mediation_agreed_events"] = mediation["agreed"]
    figures.update(activity_counts(period))
    return figures


def annual_figures(*, year: int, user: User | None = None) -> AnnualFigures:
    basic = kpi.basic_counts()
    current, previous = _figures(user, Period.year(year)), _figures(user, Period.year(year - 1))
    return AnnualFigures(
        year=year,
        current=current,
        previous=previous,
        rates=kpi.rates(current, basic_counts=basic),
        previous_rates=kpi.rates(previous, basic_counts=basic),
    )


def annual_xlsx(figures: AnnualFigures) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{figures.year}年法治化统计"
    sheet.append([f"{figures.year}年度信访工作法治化统计"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["指标", f"{figures.year}年", f"{figures.year - 1}年", "同比", "说明"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    from xinfang.common.xlsx import safe_row

    for row in figures.table():
        sheet.append(safe_row(row))
    for column, width in zip("ABCDE", (40, 14, 14, 14, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[1].alignment = row[2].alignment = Alignment(horizontal="right")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
