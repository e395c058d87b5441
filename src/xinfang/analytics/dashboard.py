"""The dashboard's figures: every chart for one period and unit, each number with its list link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from xinfang.orgs.models import Unit, User
from xinfang.petitions.models import Category

from . import kpi
from .monthly import Movement, places
from .periods import Period, add_months, month_of, parse_month
from .selectors import GROUPS, ranking, risk_alerts, stat_rows, stat_total


@dataclass(frozen=True)
class Filters:
    period: Period
    unit: int | None
    rank_by: str

    @classmethod
    def parse(cls, params: Any) -> Filters:
        """From the query string: ``start`` / ``end`` (YYYY-MM), ``unit``, ``rank_by``."""
        this_month = month_of(timezone.localdate())
        end = parse_month(params["end"], field="end") if params.get("end") else this_month
        start = parse_month(params["start"], field="start") if params.get("start") else end
        if start > end:
            start, end = end, start
        start = max(start, add_months(end, -35))  # three years at most on one screen
        unit = params.get("unit", "")
        rank_by = params.get("rank_by", "on_time_completion")
        return cls(
            period=Period(start, end),
            unit=int(unit) if unit.isdigit() else None,
            rank_by=rank_by if rank_by in kpi.KPI_LABELS else "on_time_completion",
        )


def list_link(period: Period, **filters: object) -> str:
    """The staff list of the petitions behind a number (received in the period, plus filters)."""
    query = {"received_from": period.first.isoformat(), "received_to": period.last_day.isoformat()}
    query.update({k: str(v) for k, v in filters.items() if v not in (None, "")})
    return f"{reverse('web:petition-list')}?{urlencode(query)}"


def _movement_rows(items: list[Movement], link: Any, n: int = 10) -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "value": m.current,
            "previous": m.previous,
            "change": kpi.change_text(m.current, m.previous),
            "url": link(m),
        }
        for m in items
        if m.current
    ][:n]


def dashboard_context(user: User, filters: Filters) -> dict[str, Any]:
    period, unit = filters.period, filters.unit
    basic = kpi.basic_counts()
    total = stat_total(user, period=period, unit=unit)
    previous = stat_total(user, period=period.previous(), unit=unit)
    year_before = stat_total(user, period=period.year_before(), unit=unit)
    rates = kpi.rates(total, basic_counts=basic)
    trend = _trend(user, filters)
    categories = _categories(user, filters)
    streets, communities = places(user, period, unit=unit)
    unit_rows = stat_rows(user, period=period, by=["unit"])
    names = dict(
        Unit.objects.filter(pk__in=[r["current_unit_id"] for r in unit_rows]).values_list("pk", "name")
    )
    ranked, unranked = ranking(
        unit_rows, key=filters.rank_by, basic_counts=basic, min_volume=kpi.options()["ranking_min_volume"]
    )
    for entry in ranked + unranked:
        entry["name"] = names.get(entry["current_unit_id"], "")
        entry["url"] = list_link(period, unit=entry["current_unit_id"])
    risks_open, risk_list = risk_alerts(user, limit=8)
    link = _linker(period, unit)
    return {
        "filters": filters,
        "period": period,
        "total": total,
        "cards": [
            ("信访总量", total["total"], link()),
            ("网上信访", total["online"], link(channel="online")),
            ("越级访", total["bypass"], link(measure="bypass")),
            ("进京访", total["beijing"], link(measure="beijing")),
            ("未办结", total["open"], link(measure="open")),
            ("已超期", total["overdue"], link(overdue="true")),
            ("重信重访", total["repeat"], link(measure="repeat")),
        ],
        "mom": kpi.change_text(total["total"], previous["total"]),
        "yoy": kpi.change_text(total["total"], year_before["total"]),
        "previous": previous,
        "year_before": year_before,
        "kpis": [
            (d, rates[d.key], *(link(measure=",".join(p)) for p in kpi.parts(d.key, basic_counts=basic)))
            for d in kpi.KPIS
        ],
        "basic_counts": basic,
        "ranked": ranked,
        "unranked": unranked,
        "min_volume": kpi.options()["ranking_min_volume"],
        "risks_open": risks_open,
        "risk_list": risk_list,
        "charts": {
            "trend": trend,
            "categories": categories,
            # A street's link lists the petitions located in any of its communities.
            "streets": _movement_rows(streets, lambda m: link(location=m.key)),
            "communities": _movement_rows(communities, lambda m: link(location=m.key)),
            "ranking": [
                {
                    "name": e["name"],
                    "value": round((e["rates"][filters.rank_by].value or 0) * 100, 1),
                    "n": e["total"],
                    "url": e["url"],
                }
                for e in ranked[:15]
            ],
            "rank_label": kpi.KPI_LABELS[filters.rank_by],
        },
        "units": Unit.objects.filter(is_active=True).exclude(kind="community").values_list("pk", "name"),
        "kpi_choices": [(d.key, d.label) for d in kpi.KPIS],
    }


def _linker(period: Period, unit: int | None) -> Any:
    def link(**filters: object) -> str:
        return list_link(period, unit=unit, **filters)

    return link


def _trend(user: User, filters: Filters) -> dict[str, Any]:
    """13 months ending with the period, each with the month before (环比) and a year before (同比)."""
    last = filters.period.last
    shown = Period(add_months(last, -12), last)
    history = Period(add_months(shown.first, -12), last)
    counts = {
        r["month"]: r["total"] for r in stat_rows(user, period=history, by=["month"], unit=filters.unit)
    }
    months = shown.months
    return {
        "labels": [f"{m.year}-{m.month:02d}" for m in months],
        "values": [counts.get(m, 0) for m in months],
        "year_before": [counts.get(add_months(m, -12), 0) for m in months],
        "mom": [kpi.change_text(counts.get(m, 0), counts.get(add_months(m, -1), 0)) for m in months],
        "yoy": [kpi.change_text(counts.get(m, 0), counts.get(add_months(m, -12), 0)) for m in months],
        "urls": [list_link(Period.month(m), unit=filters.unit) for m in months],
    }


def _categories(user: User, filters: Filters) -> list[dict[str, Any]]:
    rows = stat_rows(user, period=filters.period, by=["category"], unit=filters.unit)
    previous = {
        r[GROUPS["category"]]: r["total"]
        for r in stat_rows(user, period=filters.period.previous(), by=["category"], unit=filters.unit)
    }
    codes = {pk: (code, name) for pk, code, name in Category.objects.values_list("pk", "code", "name")}
    items = sorted(rows, key=lambda r: -r["total"])[:10]
    return [
        {
            "name": codes[r["category_id"]][1],
            "value": r["total"],
            "previous": previous.get(r["category_id"], 0),
            "change": kpi.change_text(r["total"], previous.get(r["category_id"], 0)),
            "url": list_link(filters.period, unit=filters.unit, category=codes[r["category_id"]][0]),
        }
        for r in items
        if r["category_id"] in codes
    ]
