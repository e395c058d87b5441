"""Maintained counters (ADR 0014 §7): petitions per visibility dimensions × status and × due date.

``apply_act`` and ``petition_register`` are the only writers of a petition's status, units
and next due date, so they are the only callers of ``tally_shift``, in the transaction that
writes the event. Pages then sum a few hundred counter rows over the user's scope instead
of counting petitions: the cost follows units × states (× due dates), never the table.

The counter rows carry the same column names as the petition columns the visibility rule
reads (``selectors.SCOPE_PATHS`` and the confidentiality exclusion), so the condition that
``petitions_visible_to`` applies to petitions filters the counters too. When visibility
reads another column (as ADR 0014 §1 added ``handling_unit_path``), add it to
``TallyDimensions`` and ``DIMENSIONS``, migrate, and run ``xinfang tally rebuild``;
``tally_problems`` (also run by ``xinfang tally check`` and the doctor) and the tests
comparing the sums with the visible petitions catch a counter that no longer follows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from xinfang.orgs.models import User

from .constants import PetitionType
from .models import Petition, PetitionDueTally, PetitionTally, TallyDimensions

DIMENSIONS = TallyDimensions.DIMENSIONS
# Columns of a petition that decide its counter rows.
SOURCE = (
    "current_unit_path",
    "registered_unit_path",
    "handling_unit_path",
    "type",
    "accused_unit_id",
    "accused_person_id",
)
ACCUSATION = PetitionType.ACCUSATION.value

Key = tuple[Any, ...]


def dimensions(values: Mapping[str, Any]) -> Key:
    """The counter dimensions of a petition given as a mapping of its columns."""
    accusation = values["type"] == ACCUSATION
    return (
        values["current_unit_path"],
        values["registered_unit_path"],
        values["handling_unit_path"] or "",
        ACCUSATION if accusation else "",
        (values["accused_unit_id"] or 0) if accusation else 0,
        (values["accused_person_id"] or 0) if accusation else 0,
    )


def petition_values(petition: Petition) -> dict[str, Any]:
    return {name: getattr(petition, name) for name in (*SOURCE, "status", "next_due_on")}


def locked_values(pk: int) -> dict[str, Any]:
    """The petition's counted columns as stored, with its row locked until the transaction ends."""
    row = Petition.objects.select_for_update().filter(pk=pk).values(*SOURCE, "status", "next_due_on").first()
    if row is None:
        raise Petition.DoesNotExist(pk)
    return row


def tally_shift(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
    """Move one petition's counts from its old columns to its new ones (None: it did not / no longer exists).

    Call inside the transaction that writes the petition row.
    """
    states: Counter[Key] = Counter()
    dues: Counter[Key] = Counter()
    for values, sign in ((before, -1), (after, 1)):
        if values is None:
            continue
        dims = dimensions(values)
        states[(*dims, values["status"])] += sign
        if values["next_due_on"] is not None:
            dues[(*dims, values["next_due_on"])] += sign
    _bump(PetitionTally, states)
    _bump(PetitionDueTally, dues)


def _bump(model: type[TallyDimensions], deltas: Mapping[Key, int]) -> None:
    """Add each delta to its counter row (created at 0 if missing) in one upsert.

    Keys are sorted so that concurrent transactions lock counter rows in the same order.
    """
    rows = sorted((key, n) for key, n in deltas.items() if n)
    if not rows:
        return
    key_fields: tuple[str, ...] = model.KEY  # type: ignore[attr-defined]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(name) for name in key_fields]  # plain fields: the column is the field name
    marks = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, n) VALUES {', '.join([marks] * len(rows))} "  # noqa: S608
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = {table}.n + EXCLUDED.n"
    )
    params: list[Any] = []
    for key, n in rows:
        params.extend(key)
        params.append(n)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --------------------------------------------------------------------------- recount and rebuild


def _grouped(by: str) -> Iterable[dict[str, Any]]:
    """Petitions counted per dimensions × ``by`` straight from the petition table (a full scan)."""
    accusation = Q(type=ACCUSATION)
    rows = Petition.objects.order_by()
    if by == "next_due_on":
        rows = rows.filter(next_due_on__isnull=False)
    return rows.values(
        "current_unit_path",
        "registered_unit_path",
        "handling_unit_path",
        by,
        t=Case(When(accusation, then=Value(ACCUSATION)), default=Value(""), output_field=CharField()),
        au=Case(
            When(accusation, then=Coalesce("accused_unit_id", Value(0))),
            default=Value(0),
            output_field=IntegerField(),
        ),
        ap=Case(
            When(accusation, then=Coalesce("accused_person_id", Value(0))),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).annotate(count=Count("pk"))


def _recount(by: str) -> dict[Key, int]:
    return {
        (
            r["current_unit_path"],
            r["registered_unit_path"],
            r["handling_unit_path"],
            r["t"],
            r["au"],
            r["ap"],
            r[by],
        ): r["count"]
        for r in _grouped(by)
    }


def _stored(model: type[TallyDimensions]) -> dict[Key, int]:
    key_fields: tuple[str, ...] = model.KEY  # type: ignore[attr-defined]
    return {
        tuple(row[:-1]): row[-1]
        for row in model.objects.exclude(n=0).values_list(*key_fields, "n")  # type: ignore[attr-defined]
    }


@dataclass(frozen=True)
class TallyProblem:
    counter: str
    key: Key
    stored: int
    counted: int

    def __str__(self) -> str:
        return f"{self.counter} {self.key}: 计数器 {self.stored}，实际 {self.counted}"


def tally_problems() -> list[TallyProblem]:
    """Every counter row that differs from a full recount of the petitions (empty when all agree)."""
    problems = []
    for name, model, by in (
        ("状态计数", PetitionTally, "status"),
        ("期限计数", PetitionDueTally, "next_due_on"),
    ):
        counted, stored = _recount(by), _stored(model)
        for key in sorted(set(counted) | set(stored), key=repr):
            if counted.get(key, 0) != stored.get(key, 0):
                problems.append(TallyProblem(name, key, stored.get(key, 0), counted.get(key, 0)))
    return problems


@transaction.atomic
def tally_rebuild() -> int:
    """Recount every counter from the petitions (after a bulk load or a new dimension); returns rows."""
    if connection.vendor == "postgresql":
        # Acts wait for the recount instead of changing petitions behind it.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE petitions_petition IN SHARE MODE")
    return _refill(PetitionTally, "status") + _refill(PetitionDueTally, "next_due_on")


def _refill(model: Any, by: str) -> int:
    model.objects.all().delete()
    rows = [model(**dict(zip((*DIMENSIONS, by), key, strict=True)), n=n) for key, n in _recount(by).items()]
    model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class ScopeCounts:
    """Counts over what a user may see: per status, overdue; ``exact`` is False when capped."""

    by_status: dict[str, int]
    overdue: int
    exact: bool = True

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def _visible(model: type[TallyDimensions], user: User) -> Any:
    from .selectors import confidentiality_exclusion, scope_filter

    rows = model.objects.exclude(n=0)  # type: ignore[attr-defined]
    condition = scope_filter(user, self_fields=())
    if condition is not None:
        rows = rows.filter(condition)
    return rows.exclude(confidentiality_exclusion(user))


def counts_exact_for(user: User) -> bool:
    """Counters cover every scope except "only self" (本人), which follows people, not units."""
    from xinfang.orgs.constants import DataScope

    if user.is_superuser:
        return True
    scopes = {role.data_scope for role in user.roles_cached()}
    return DataScope.ALL in scopes or DataScope.SELF not in scopes


def status_counts(
    user: User, *, statuses: Iterable[str] | None = None, unit_path: str = ""
) -> dict[str, int]:
    """Visible petitions per status (optionally only ``statuses`` and only those now at one unit)."""
    rows = _visible(PetitionTally, user)
    if statuses is not None:
        rows = rows.filter(status__in=list(statuses))
    if unit_path:
        rows = rows.filter(current_unit_path=unit_path)
    return {
        status: n
        for status, n in rows.values_list("status").annotate(s=Sum("n")).values_list("status", "s")
        if n
    }


def overdue_count(user: User, *, today: date, unit_path: str = "") -> int:
    """Visible petitions whose next duty date is before ``today`` (a sum over the dates before it)."""
    rows = _visible(PetitionDueTally, user).filter(next_due_on__lt=today)
    if unit_path:
        rows = rows.filter(current_unit_path=unit_path)
    return int(rows.aggregate(s=Sum("n"))["s"] or 0)


def visible_at_least(user: User, *, today: date, status: str = "", overdue: bool = False) -> int | None:
    """How many petitions ``user`` sees at least (optionally in one ``status``, or overdue), from the
    counters; None where they do not answer (the "only self" scope, or both filters at once).

    A lower bound: co-handled matters (Art. 24) are visible but not in the counters.
    """
    if not counts_exact_for(user) or (status and overdue):
        return None
    if overdue:
        return overdue_count(user, today=today)
    return sum(status_counts(user, statuses=[status] if status else None).values())


def scope_counts(user: User, *, today: date, cap: int) -> ScopeCounts:
    """Home-page counts. From the counters for unit scopes; a capped direct count for "only self"."""
    if counts_exact_for(user):
        return ScopeCounts(status_counts(user), overdue_count(user, today=today))
    from .selectors import petitions_visible_to

    visible = petitions_visible_to(user).order_by()
    statuses = Counter(visible.values_list("status", flat=True)[: cap + 1])
    overdue = visible.filter(next_due_on__lt=today).values("pk")[: cap + 1].count()
    return ScopeCounts(dict(statuses), overdue, exact=False)


@dataclass(frozen=True)
class TodoCounts:
    """The to-do of one user: desk petitions per status, and the approvals waiting (#11.3)."""

    by_status: dict[str, int]
    extensions: int
    returns: int
    exact: bool = True
    # Art. 24: matters on which the user's unit owes its 会办意见 (not in the counters: few rows).
    contributions: int = 0

    @property
    def desk(self) -> int:
        return sum(self.by_status.values())

    @property
    def approvals(self) -> int:
        return self.extensions + self.returns

    @property
    def at_least(self) -> int:
        """A lower bound of the whole to-do (``selectors.todo_for``). Its parts may overlap (an
        extension can wait on a petition that is also on the desk), so the largest part counts,
        not their sum; each part is exact or a capped count, itself a lower bound."""
        return max(self.desk, self.approvals, self.contributions)


def todo_counts(user: User, *, cap: int) -> TodoCounts:
    """Counts of ``selectors.todo_for``: the desk from the counters (ADR 0014 §7: the user's unit
    and the states the user can act in), the approvals counted directly (few rows, indexed, capped)."""
    from .permissions import actionable_statuses
    from .selectors import approvals_parts, contributions_condition, desk_condition, petitions_visible_to

    statuses = actionable_statuses(user)
    exact = counts_exact_for(user)

    def seen(condition: Q) -> QuerySet[Petition]:
        return petitions_visible_to(user).filter(condition).order_by()

    def capped(condition: Q) -> int:
        """The matches of ``condition`` the user sees, read up to ``cap`` + 1 ids."""
        return len(seen(condition).values_list("pk", flat=True)[: cap + 1])

    by_status: dict[str, int] = {}
    if user.unit is not None and statuses:
        if exact:
            by_status = status_counts(user, statuses=statuses, unit_path=user.unit.path)
        else:
            condition = desk_condition(user)
            if condition is not None:
                by_status = dict(Counter(seen(condition).values_list("status", flat=True)[: cap + 1]))
    # The approvals, each kind counted on its own: each is then one index-only read of its covering
    # partial index, never the rows (a cold page cache at a million: 52 ms of heap reads for one
    # count of both kinds through a BitmapOr).
    parts = approvals_parts(user)
    extensions, returns = (capped(parts[0]), capped(parts[1])) if parts is not None else (0, 0)
    # Co-handled matters (Art. 24) are few and not in the counters: counted directly, capped.
    owed = contributions_condition(user)
    contributions = capped(owed) if owed is not None else 0
    return TodoCounts(by_status, extensions, returns, exact, contributions)
