"""Reads: KPI figures from the monthly summary, filtered by the same visibility rule as the lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from xinfang.orgs.constants import DataScope
from xinfang.orgs.models import User
from xinfang.orgs.selectors import scope_condition
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import confidentiality_exclusion, petitions_visible_to

from . import kpi
from .models import Activity, MonthlyStat, StatState
from .periods import Period

GROUPS = {
    "month": "month",
    "unit": "current_unit_id",
    "category": "category_id",
    "location": "location_unit_id",
}


@dataclass(frozen=True)
class _Visibility:
    condition: Q | None  # None: no unit restriction
    exclusion: Q
    live: bool  # the "only self" scope names the handler and registrar, which the summary does not keep


def _visibility(user: User) -> _Visibility:
    """Worked out once per user object: a page asks for a dozen groupings under the same rule."""
    cached: _Visibility | None = getattr(user, "_analytics_visibility", None)
    if cached is None:
        scopes = {role.data_scope for role in user.roles_cached()}
        current = scope_condition(user, path_field="current_unit_path", self_fields=())
        registered = scope_condition(user, path_field="registered_unit_path", self_fields=())
        cached = _Visibility(
            condition=None if current is None or registered is None else current | registered,
            exclusion=confidentiality_exclusion(user),
            live=not user.is_superuser and DataScope.SELF in scopes and DataScope.ALL not in scopes,
        )
        user._analytics_visibility = cached  # type: ignore[attr-defined]
    return cached


def _needs_live(user: User | None) -> bool:
    return user is not None and user.is_authenticated and _visibility(user).live


def stats_visible_to(user: User | None) -> QuerySet[MonthlyStat]:
    """Summary rows the user may see: ``petitions_visible_to``'s conditions over the same columns.

    ``None`` is the whole district (command-line reports run by an operator).
    """
    rows = MonthlyStat.objects.all()
    if user is None:
        return rows
    if not user.is_authenticated or not user.is_active:
        return rows.none()
    visibility = _visibility(user)
    if visibility.condition is not None:
        rows = rows.filter(visibility.condition)
    return rows.exclude(visibility.exclusion)


def stat_rows(
    user: User | None,
    *,
    period: Period,
    by: Iterable[str] = (),
    unit: int | None = None,
    category: int | None = None,
) -> list[dict[str, Any]]:
    """Summed measures for the period, grouped by any of ``month``, ``unit``, ``category``, ``location``."""
    keys = [GROUPS[b] for b in by]
    if _needs_live(user):
        return _live_rows(user, period=period, keys=keys, unit=unit, category=category)
    rows = stats_visible_to(user).filter(month__gte=period.first, month__lte=period.last)
    if unit:
        rows = rows.filter(current_unit_id=unit)
    if category:
        rows = rows.filter(category_id=category)
    sums = {name: Sum(name) for name in kpi.MEASURES}
    if not keys:
        total = rows.aggregate(**sums)
        return [{k: v or 0 for k, v in total.items()}]
    return [
        {k: (v or 0) if k in kpi.MEASURES else v for k, v in row.items()}
        for row in rows.values(*keys).annotate(**sums).order_by(*keys)
    ]


def _live_rows(
    user: User | None, *, period: Period, keys: list[str], unit: int | None, category: int | None
) -> list[dict[str, Any]]:
    """The same figures counted from the user's visible petitions (only for small "self" scopes)."""
    assert user is not None
    petitions = petitions_visible_to(user).filter(received_at__gte=period.start, received_at__lt=period.end)
    if unit:
        petitions = petitions.filter(current_unit_id=unit)
    if category:
        petitions = petitions.filter(category_id=category)
    group = tuple(k for k in keys if k != "month")
    if "month" in keys:
        petitions = petitions.annotate(
            month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone())
        )
        group = ("month", *group)
    rows = kpi.measures(petitions, today=timezone.localdate(), group_by=group)
    for row in rows:
        if "month" in row and hasattr(row["month"], "date"):
            row["month"] = timezone.localtime(row["month"]).date()
    return rows


def stat_total(user: User | None, *, period: Period, unit: int | None = None) -> dict[str, int]:
    return stat_rows(user, period=period, unit=unit)[0]


def stats_refreshed_at() -> datetime | None:
    """When the summary was last brought up to date (shown under the dashboard)."""
    state = StatState.objects.filter(pk=1).first()
    return state.refreshed_at if state else None


def overdue_petitions(user: User | None, *, limit: int = 10) -> list[Petition]:
    """The open petitions longest past their earliest due date (index on ``next_due_on``)."""
    petitions = petitions_visible_to(user) if user is not None else Petition.objects.all()
    return list(
        petitions.filter(next_due_on__lt=timezone.localdate())
        .select_related("category", "current_unit")
        .order_by(F("next_due_on").asc(), "pk")[:limit]
    )


def risk_alerts(user: User | None, *, limit: int = 10) -> tuple[int | None, list[Any]]:
    """Open risk alerts through intake's selector; (None, []) if that module is not installed.

    For the whole-district view (``user`` None) the open alerts are read directly.
    """
    try:
        if user is None:
            from xinfang.intake.models import RiskAlert

            alerts = RiskAlert.objects.filter(acknowledged_at__isnull=True).select_related("petition")
            alerts = alerts.order_by("-raised_at")
        else:
            from xinfang.intake.selectors import risk_alerts_open

            alerts = risk_alerts_open(user=user)
    except ImportError:
        return None, []
    return alerts.count(), list(alerts[:limit])


def activities_in(period: Period) -> QuerySet[Activity]:
    return Activity.objects.filter(held_on__gte=period.first, held_on__lte=period.last_day)


def ranking(
    rows: list[dict[str, Any]], *, key: str, basic_counts: bool, min_volume: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Units ranked by a KPI (best first); units below ``min_volume`` petitions are listed, not ranked."""
    ranked: list[dict[str, Any]] = []
    unranked: list[dict[str, Any]] = []
    for row in rows:
        entry = {**row, "rates": kpi.rates(row, basic_counts=basic_counts)}
        rate = entry["rates"][key]
        (ranked if row["total"] >= min_volume and rate.value is not None else unranked).append(entry)
    ranked.sort(key=lambda e: (-e["rates"][key].value, -e["total"]))
    for position, entry in enumerate(ranked, start=1):
        entry["position"] = position
    unranked.sort(key=lambda e: -e["total"])
    return ranked, unranked
