"""Writes: rebuilding the monthly summary and recording activities."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from django.db import connection, connections, transaction
from django.db.models import Max
from django.utils import timezone

from xinfang.common.cores import usable_cores
from xinfang.common.exceptions import PermissionDenied, ValidationFailed
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import Unit, User
from xinfang.petitions.lifecycle import TERMINAL
from xinfang.petitions.models import Deadline, Petition, PetitionEvent
from xinfang.statute.dtable import ClockState

from . import kpi
from .models import Activity, ActivityKind, MonthlyStat, StatMonth, StatState
from .periods import Period, month_of

# The summary's dimensions: what the dashboard groups by, plus the columns the visibility
# rule reads, under the same names as on Petition.
DIMENSIONS = (
    "current_unit_id",
    "current_unit_path",
    "registered_unit_path",
    "location_unit_id",
    "category_id",
    "type",
    "accused_unit_id",
    "accused_person_id",
)


@transaction.atomic
def stat_month_rebuild(*, month: date, today: date | None = None) -> int:
    """Recount one month from the petitions received in it; the cost follows that month's volume."""
    period = Period.month(month)
    if connection.vendor == "postgresql":
        # The measure queries are planned above jit_above_cost, and compiling them took 3 of a
        # month's 10 s at a million petitions (they are I/O- and hash-bound; JIT does not pay
        # back). SET LOCAL: this transaction only, so a pooled or PgBouncer connection is unchanged.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    cohort = Petition.objects.filter(received_at__gte=period.start, received_at__lt=period.end)
    rows = kpi.measures(cohort, today=today or timezone.localdate(), group_by=DIMENSIONS)
    MonthlyStat.objects.filter(month=period.first).delete()
    MonthlyStat.objects.bulk_create([MonthlyStat(month=period.first, **row) for row in rows], batch_size=2000)
    StatMonth.objects.update_or_create(month=period.first, defaults={"refreshed_at": timezone.now()})
    return len(rows)


def stats_dirty_months(*, since_event_id: int) -> list[date]:
    """Months whose petitions have events after the watermark (new petitions included)."""
    touched = PetitionEvent.objects.filter(pk__gt=since_event_id).values("petition_id")
    stamps = Petition.objects.filter(pk__in=touched).datetimes("received_at", "month")
    return sorted({month_of(timezone.localdate(s)) for s in stamps})


def stats_stale_months(*, today: date) -> list[date]:
    """Built months whose figures changed with the date alone, without any event.

    The timeliness measures and ``overdue`` compare running clocks with the day they are counted
    on (kpi.conditions): a clock that was still in time when its month was counted and has fallen
    due since makes that month stale. Read from the clocks that fell due between the oldest count
    and today (the (state, due_on) index), so the cost follows those clocks, not the table.
    """
    counted = {
        month: timezone.localtime(at).date()
        for month, at in StatMonth.objects.values_list("month", "refreshed_at")
    }
    oldest = min(counted.values(), default=today)
    if oldest >= today:
        return []
    running = [ClockState.RUNNING, ClockState.PAUSED]
    crossings = Deadline.objects.filter(state__in=running, due_on__gte=oldest, due_on__lt=today).values_list(
        "petition__received_at", "due_on"
    )
    open_due = (
        Petition.objects.exclude(status__in=TERMINAL)
        .filter(next_due_on__gte=oldest, next_due_on__lt=today)
        .values_list("received_at", "next_due_on")
    )
    stale: set[date] = set()
    for received, due in [*crossings, *open_due]:
        month = month_of(timezone.localdate(received))
        if month in counted and due is not None and due >= counted[month]:
            stale.add(month)
    return sorted(stale)


def stats_refresh(*, full: bool = False, months: list[date] | None = None) -> list[date]:
    """Bring the monthly summary up to date and return the months rebuilt.

    Incremental by default: the months of petitions with events since the last refresh (the
    event id is the watermark) and the months in which a running clock has fallen due since
    they were counted (``stats_stale_months``: overdue without any event). ``full`` rebuilds
    every month. ``months`` rebuilds exactly those.
    """
    state, _ = StatState.objects.get_or_create(pk=1)
    head = PetitionEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    today = timezone.localdate()
    chosen = months is not None
    if months is None:
        if full or not StatMonth.objects.exists():
            stamps = Petition.objects.datetimes("received_at", "month")
            months = sorted({month_of(timezone.localdate(s)) for s in stamps})
        else:
            dirty = stats_dirty_months(since_event_id=state.last_event_id)
            months = sorted({*dirty, *stats_stale_months(today=today)})
    _rebuild(months, today=today)
    if not chosen:
        # Read before counting: an event committed meanwhile is counted now and again next time.
        state.last_event_id = max(head, state.last_event_id)
    state.refreshed_at = timezone.now()
    if full:
        state.full_refreshed_on = today
    state.save()
    return months


def stats_ensure(*, period: Period) -> list[date]:
    """Before a report: rebuild the period's months that were never built or have new events."""
    built = set(StatMonth.objects.filter(month__in=period.months).values_list("month", flat=True))
    state = StatState.objects.filter(pk=1).first()
    today = timezone.localdate()
    dirty = set(stats_dirty_months(since_event_id=state.last_event_id)) if state else set()
    dirty.update(stats_stale_months(today=today))
    wanted = [m for m in period.months if m not in built or m in dirty]
    _rebuild(wanted, today=today)
    return wanted


def _rebuild(months: list[date], *, today: date) -> None:
    """Rebuild the months, each in its own transaction.

    Months are independent (each deletes and writes only its own rows), so on PostgreSQL,
    outside a surrounding transaction, they are counted on one connection per core: the full
    refresh of two years of a million petitions is server work that one connection would
    leave half the machine idle for. Elsewhere (SQLite, or inside a transaction) one by one.
    """
    workers = min(len(months), usable_cores())
    if workers < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        for month in months:
            stat_month_rebuild(month=month, today=today)
        return

    def one(month: date) -> None:
        try:
            stat_month_rebuild(month=month, today=today)
        finally:
            connections.close_all()  # this thread's own connections

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, months))


def _check_count(fields: dict[str, str], name: str, value: int, label: str) -> None:
    if value < 0:
        fields[name] = f"{label}不能为负数"


@transaction.atomic
def activity_record(
    *,
    actor: User,
    kind: str,
    held_on: date,
    unit: Unit,
    title: str,
    batches: int = 1,
    person_times: int = 0,
    lawyers: int = 0,
    social_workers: int = 0,
    psychologists: int = 0,
    leader: str = "",
    note: str = "",
) -> Activity:
    """Record a reception, legal consultation, training or publicity activity."""
    if not (actor.is_superuser or {Perm.REGISTER, Perm.SUPERVISE} & actor.perms_granted()):
        raise PermissionDenied("登记工作活动需要登记或督查权限")
    fields: dict[str, str] = {}
    if kind not in ActivityKind.values:
        fields["kind"] = "请选择活动类型"
    if held_on > timezone.localdate():
        fields["held_on"] = "日期不能晚于今天"
    if not title.strip():
        fields["title"] = "请填写主题"
    if batches < 1:
        fields["batches"] = "批次至少为 1"
    for name, value, label in (
        ("person_times", person_times, "人次"),
        ("lawyers", lawyers, "律师人次"),
        ("social_workers", social_workers, "社工人次"),
        ("psychologists", psychologists, "心理咨询师人次"),
    ):
        _check_count(fields, name, value, label)
    if kind in (ActivityKind.LEADER_RECEPTION, ActivityKind.DEPUTY_RECEPTION) and not leader.strip():
        fields["leader"] = "领导接访日请填写接访领导"
    if fields:
        raise ValidationFailed(fields=fields)
    return Activity.objects.create(
        kind=kind,
        held_on=held_on,
        unit=unit,
        title=title.strip(),
        batches=batches,
        person_times=person_times,
        lawyers=lawyers,
        social_workers=social_workers,
        psychologists=psychologists,
        leader=leader.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
