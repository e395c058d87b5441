"""The monthly summary gives the same figures as counting live, per visibility, and refreshes incrementally."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from tests.factories import Org, petition_in, register, services, staff
from xinfang.analytics import kpi
from xinfang.analytics import services as analytics_services
from xinfang.analytics.models import MonthlyStat, StatState
from xinfang.analytics.periods import Period, add_months, month_of
from xinfang.analytics.selectors import stat_rows, stat_total
from xinfang.analytics.services import stats_ensure, stats_refresh, stats_stale_months
from xinfang.orgs.constants import DataScope
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to


def _this_month() -> Period:
    return Period.month(timezone.localdate())


def test_summary_equals_live_count(org: Org) -> None:
    petition_in(org, Status.ANSWERED)
    petition_in(org, Status.HANDLING)
    register(org, received_at=timezone.now() - timedelta(days=40))
    rebuilt = stats_refresh()
    assert month_of(timezone.localdate()) in rebuilt
    live = kpi.measures(Petition.objects.all(), today=timezone.localdate())[0]
    period = Period(add_months(month_of(timezone.localdate()), -2), month_of(timezone.localdate()))
    assert stat_total(None, period=period) == live
    assert stat_total(None, period=_this_month())["total"] == 2


def test_incremental_refresh_rebuilds_only_touched_months(org: Org) -> None:
    old = register(org, received_at=timezone.now() - timedelta(days=70))
    petition_in(org, Status.REGISTERED)
    stats_refresh()
    assert stats_refresh() == []  # nothing happened since
    services.petition_dispatch(petition=old, actor=org.registrar, to_unit=org.housing, mode="transfer")
    touched = stats_refresh()
    assert touched == [month_of(timezone.localdate(old.received_at))]
    assert StatState.objects.get().last_event_id > 0
    assert stat_total(None, period=Period.month(touched[0]))["dispatched"] == 1


def test_rows_follow_visibility(org: Org) -> None:
    petition_in(org, Status.HANDLING)  # at 区住建局
    services.petition_dispatch(
        petition=register(org, location_unit=org.community_a),
        actor=org.registrar,
        to_unit=org.street_a,
        mode="transfer",
    )
    stats_refresh()
    street = staff(org.street_a, scope=DataScope.UNIT)
    self_only = staff(org.housing, scope=DataScope.SELF)
    for user in (org.leader, org.street_a_handler, street, org.housing_handler, self_only):
        expected = petitions_visible_to(user).count()
        assert stat_total(user, period=_this_month())["total"] == expected, user
    assert stat_total(street, period=_this_month())["total"] == 1


def test_grouping_and_unit_filter(org: Org) -> None:
    petition_in(org, Status.HANDLING)
    petition_in(org, Status.REGISTERED)
    stats_refresh()
    by_unit = {r["current_unit_id"]: r["total"] for r in stat_rows(None, period=_this_month(), by=["unit"])}
    assert by_unit == {org.housing.pk: 1, org.bureau.pk: 1}
    assert stat_total(None, period=_this_month(), unit=org.housing.pk)["total"] == 1


def test_ensure_builds_missing_months_only(org: Org) -> None:
    petition_in(org, Status.REGISTERED)
    assert stats_ensure(period=_this_month()) == [month_of(timezone.localdate())]
    stats_refresh()
    assert stats_ensure(period=_this_month()) == []
    assert MonthlyStat.objects.exists()


def _travel_to(day: date) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(9))), tick=False)


def test_a_month_falls_stale_when_a_running_clock_falls_due_without_any_event(org: Org) -> None:
    """Art. 22(1) etc.: a clock still in time when counted is late the day after its due date.

    No event marks that day, so the incremental refresh finds the month through the clocks that
    fell due since it was counted; a month whose clocks did not move is left alone.
    """
    old = register(org, received_at=timezone.now() - timedelta(days=70))  # long overdue already
    fresh = register(org)
    due = fresh.next_due_on
    assert due is not None
    with _travel_to(due):
        stats_refresh(full=True)
        month = month_of(timezone.localdate(fresh.received_at))
        assert stat_total(None, period=Period.month(month))["overdue"] == 0
        assert stats_refresh() == []  # the last day of the window: still in time
    with _travel_to(due + timedelta(days=1)):
        assert month_of(timezone.localdate(old.received_at)) != month
        assert stats_stale_months(today=timezone.localdate()) == [month]
        assert stats_refresh() == [month]  # the day after: overdue, without any event
        assert stat_total(None, period=Period.month(month))["overdue"] == 1
        live = kpi.measures(Petition.objects.filter(pk=fresh.pk), today=timezone.localdate())[0]
        assert stat_total(None, period=Period.month(month))["accept_late"] == live["accept_late"]
        assert stats_refresh() == []  # counted again today: nothing more to do
        assert stats_ensure(period=Period.month(month)) == []


def _summary_rows() -> list[tuple[object, ...]]:
    fields = [f.attname for f in MonthlyStat._meta.concrete_fields if not f.primary_key]
    return sorted(MonthlyStat.objects.values_list(*fields), key=repr)


@pytest.mark.django_db(transaction=True)
def test_a_full_refresh_counts_months_on_several_connections_as_one_by_one(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Months are independent: on PostgreSQL outside a transaction each core counts some of them,
    and the summary is the one a sequential rebuild inside a transaction writes."""
    for days in (0, 40, 70, 100):
        register(org, received_at=timezone.now() - timedelta(days=days))
    threads: set[int] = set()
    rebuild = analytics_services.stat_month_rebuild

    def recorded(**kwargs: date) -> int:
        threads.add(threading.get_ident())
        return rebuild(**kwargs)

    monkeypatch.setattr(analytics_services, "usable_cores", lambda: 2)
    monkeypatch.setattr(analytics_services, "stat_month_rebuild", recorded)
    months = stats_refresh(full=True)
    assert len(months) >= 4
    parallel = _summary_rows()
    main = {threading.get_ident()}
    assert threads.isdisjoint(main) if connection.vendor == "postgresql" else threads == main, threads
    MonthlyStat.objects.all().delete()
    threads.clear()
    with transaction.atomic():
        assert stats_refresh(full=True) == months
    assert threads == main
    assert _summary_rows() == parallel
