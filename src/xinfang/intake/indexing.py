"""Set-based intake indexing: duplicate signatures, band keys and risk for many petitions at once.

One pass walks the petitions that lack a signature or a risk assessment in primary-key
order, ``batch`` at a time. For each batch: one read of the columns it needs, one count of
earlier petitions per petitioner (a single grouped statement), texts normalised once, MinHash
signatures computed by numpy for the whole batch, risk scored from rules read once, and
everything written with bulk loads (COPY on PostgreSQL). Nothing goes through the ORM row
by row; high-risk petitions get their alert in the same batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from xinfang.petitions.models import Petition

from .duplicates import WEIGHT_SAMPLE, bulk_load, signatures_store, term_weights_refresh
from .models import Level, LshKey, RiskAlert, RiskAssessment, TermWeights, TextSignature
from .risk import Facts, Rulebook, rulebook, score
from .text import normalise

BULK_FROM = 50_000  # petitions: from here a first load builds the key index afterwards
COLUMNS = (
    "pk",
    "title",
    "content",
    "request",
    "people_count",
    "escalation",
    "major_urgent",
    "next_due_on",
    "petitioner_id",
    "received_at",
)


def _earlier_counts(rows: Sequence[dict[str, Any]]) -> dict[int, int]:
    """Petitions each row's petitioner brought before it, in one grouped statement."""
    wanted = [(r["pk"], r["petitioner_id"], r["received_at"]) for r in rows if r["petitioner_id"]]
    if not wanted:
        return {}
    table = connection.ops.quote_name(Petition._meta.db_table)
    first = (
        "(%s::bigint, %s::bigint, %s::timestamptz)" if connection.vendor == "postgresql" else "(%s, %s, %s)"
    )
    marks = ", ".join([first] + ["(%s, %s, %s)"] * (len(wanted) - 1))
    params: list[Any] = []
    for pk, who, at in wanted:
        params += [pk, who, connection.ops.adapt_datetimefield_value(at)]
    sql = (
        f"WITH w(id, who, at) AS (VALUES {marks}) "  # noqa: S608 - placeholders only
        f"SELECT w.id, COUNT(p.id) FROM w LEFT JOIN {table} p "
        "ON p.petitioner_id = w.who AND p.received_at < w.at GROUP BY w.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(pk): int(n) for pk, n in cursor.fetchall()}


def _assess(rows: Sequence[dict[str, Any]], texts: dict[int, str], book: Rulebook) -> int:
    today = timezone.localdate()
    now = timezone.now()
    earlier = _earlier_counts(rows)
    out: list[tuple[Any, ...]] = []
    alerts: list[tuple[Any, ...]] = []
    stamp = connection.ops.adapt_datetimefield_value(now) if connection.vendor != "postgresql" else now
    for row in rows:
        facts = Facts(
            text=texts[row["pk"]],
            people_count=row["people_count"],
            escalation=row["escalation"],
            earlier_petitions=earlier.get(row["pk"], 0),
            overdue=bool(row["next_due_on"] and row["next_due_on"] < today),
            major_urgent=row["major_urgent"],
        )
        total, level, reasons = score(facts, book, normalised=True)
        reasons_json = json.dumps([asdict(r) for r in reasons], ensure_ascii=False)
        out.append((row["pk"], total, level, reasons_json, stamp))
        if level == Level.HIGH:
            alerts.append((row["pk"], level, total, reasons_json, stamp))
    bulk_load(RiskAssessment._meta.db_table, ("petition_id", "score", "level", "reasons", "assessed_at"), out)
    if alerts:
        open_ = set(
            RiskAlert.objects.filter(
                petition_id__in=[a[0] for a in alerts], acknowledged_at__isnull=True
            ).values_list("petition_id", flat=True)
        )
        bulk_load(
            RiskAlert._meta.db_table,
            ("petition_id", "level", "score", "reasons", "raised_at"),
            [a for a in alerts if a[0] not in open_],
        )
    return len(out)


def intake_index_batch(rows: Sequence[dict[str, Any]], *, book: Rulebook | None = None) -> tuple[int, int]:
    """Index and assess the given petitions (dicts of COLUMNS plus ``has_sig`` / ``has_risk``)."""
    book = book or rulebook()
    titles = {r["pk"]: normalise(r["title"]) for r in rows}
    contents = {r["pk"]: normalise(r["content"]) for r in rows}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Derived data: a crash loses at most the last batches, which the next backfill redoes.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        indexed = signatures_store(
            [(r["pk"], titles[r["pk"]], contents[r["pk"]]) for r in rows if not r.get("has_sig")],
            normalised=True,
        )
        to_assess = [r for r in rows if not r.get("has_risk")]
        texts = {
            r["pk"]: f"{titles[r['pk']]} {contents[r['pk']]} {normalise(r['request'])}" for r in to_assess
        }
        assessed = _assess(to_assess, texts, book)
    return indexed, assessed


def _weights_stale() -> bool:
    """No bigram weights yet, or the table has grown by a fifth since they were learnt (capped sample)."""
    row = TermWeights.objects.order_by("-pk").values_list("documents", flat=True).first()
    if row is None:
        return True
    return row < WEIGHT_SAMPLE and Petition.objects.count() > 1.2 * row


def _fresh_bulk_load() -> bool:
    """A first load of a large table on PostgreSQL: the key index is built once at the end.

    48 random B-tree inserts per petition cost more than the rest of indexing; building the
    primary key from sorted data after the load is several times faster. Only when the key
    table is empty (first install, rebuild), so no lookup runs against a half-built index.
    """
    if connection.vendor != "postgresql" or LshKey.objects.exists():
        return False
    return Petition.objects.count() >= BULK_FROM


def _key_index(*, drop: bool) -> None:
    table = connection.ops.quote_name(LshKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
            [LshKey._meta.db_table],
        )
        existing = [name for (name,) in cursor.fetchall()]
        if drop:
            for name in existing:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        elif not existing:
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            cursor.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (key, petition_id)")


def intake_backfill(
    *, batch: int = 2000, progress: Callable[[int], None] | None = None, upto: int | None = None
) -> int:
    """Index and assess every petition that lacks a signature or a risk assessment; returns how many.

    ``upto`` limits the run to primary keys up to that value (benchmark preparation).
    """
    book = rulebook()
    bulk = _fresh_bulk_load()
    if bulk:
        _key_index(drop=True)
    has_sig = Exists(TextSignature.objects.filter(petition_id=OuterRef("pk")))
    has_risk = Exists(RiskAssessment.objects.filter(petition_id=OuterRef("pk")))
    pending = Petition.objects.annotate(has_sig=has_sig, has_risk=has_risk).filter(
        Q(has_sig=False) | Q(has_risk=False)
    )
    if upto is not None:
        pending = pending.filter(pk__lte=upto)
    last, done = 0, 0
    try:
        while True:
            rows = list(
                pending.filter(pk__gt=last).order_by("pk").values(*COLUMNS, "has_sig", "has_risk")[:batch]
            )
            if not rows:
                break
            intake_index_batch(rows, book=book)
            last = rows[-1]["pk"]
            done += len(rows)
            if progress:
                progress(done)
    finally:
        if bulk:  # also after a failure: never leave lookups without their index
            _key_index(drop=False)
    if done and _weights_stale():
        term_weights_refresh()
    if done and connection.vendor == "postgresql" and connection.get_autocommit():
        # VACUUM sets the visibility map, so lookups are index-only scans of (key, petition).
        with connection.cursor() as cursor:
            for model in (LshKey, TextSignature, RiskAssessment):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    return done
