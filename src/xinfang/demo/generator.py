"""``demo generate``: many synthetic petitions over 24 months, every state, reproducible, via bulk inserts.

Petitions are independent apart from their own event chains, so the run is cut into
chunks of ``BATCH`` petitions, each with its own random stream (seed, chunk number) and
its own ranges of keys: the same seed gives the same petitions whether one process or
several build the chunks. On PostgreSQL a large run uses every core (one process per
core, each COPYing its chunks) and, on an empty table, builds the indexes once at the
end instead of maintaining them row by row.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Max, Model
from django.utils import timezone

from xinfang.common.cores import usable_cores
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import (
    COLLECTIVE_THRESHOLD,
    Channel,
    Escalation,
    IdentityState,
    PetitionerKind,
    PetitionType,
)
from xinfang.petitions.events import GENESIS, chain_hash
from xinfang.petitions.identity import id_number_hash, phone_hash
from xinfang.petitions.keycase import key_case_of
from xinfang.petitions.lifecycle import OPEN_STATES
from xinfang.petitions.models import (
    Category,
    Deadline,
    Petition,
    Petitioner,
    PetitionEvent,
    Representative,
    Sequence,
)
from xinfang.petitions.search import search_text
from xinfang.petitions.tally import tally_rebuild
from xinfang.statute.calendar import current_calendar
from xinfang.statute.deadlines import EventFact, compute_clocks, next_due
from xinfang.statute.options import clock_options

from . import texts
from .bulk import Table, deferred_indexes
from .org import CATEGORY_HANDLERS
from .simulate import Cast, Life, Simulator

CATEGORY_WEIGHTS = {
    "labour": 14,
    "property_mgmt": 12,
    "urban_renewal": 8,
    "housing": 11,
    "environment": 8,
    "traffic": 5,
    "education": 6,
    "health": 5,
    "social_security": 7,
    "market": 6,
    "urban_mgmt": 7,
    "public_security": 4,
    "litigation": 4,
    "accusation": 2,
    "suggestion": 3,
}
CHANNEL_WEIGHTS = {
    Channel.ONLINE: 48,
    Channel.LETTER: 14,
    Channel.VISIT: 22,
    Channel.PHONE: 14,
    Channel.FAX: 2,
}
QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
BATCH = 2000
# Runs at least this large use one process per core (PostgreSQL) and, on an empty table,
# build the indexes after loading.
PARALLEL_FROM = 20_000
HELD_STATES = sorted(s.value for s in OPEN_STATES)


@dataclass
class World:
    cast: Cast
    categories: dict[str, Category]
    departments: dict[str, int]
    streets: list[Unit]
    communities: list[Unit]
    street_of: dict[int, Unit]


def _world() -> World:
    units = {u.name: u for u in Unit.objects.all()}
    required = ("青溪区信访局", "青溪区人民政府", "区纪委监委", "区委政法委", "A市")  # noqa: RUF100
    if any(name not in units for name in required):
        raise RuntimeError("demo organisation missing: run `xinfang demo setup` first")
    users = User.objects.exclude(unit=None).filter(roles__key="handler").values_list("unit_id", "pk")
    from .org import DEPARTMENTS

    cast = Cast(
        bureau=units["青溪区信访局"].pk,
        government=units["青溪区人民政府"].pk,
        discipline=units["区纪委监委"].pk,
        political_legal=units["区委政法委"].pk,
        recheck_unit=units["A市"].pk,
        registrar=User.objects.get(username="dengji").pk,
        reviewer=User.objects.get(username="fucha").pk,
        actor_of=dict(users),
    )
    cast.actor_of[cast.government] = cast.reviewer
    # 复核 is decided by the city government's own staff (Art. 36(1)), not the district reviewer.
    rechecker = User.objects.filter(username="shifuhe").values_list("pk", flat=True).first()
    cast.actor_of[cast.recheck_unit] = rechecker or cast.reviewer
    streets = list(Unit.objects.filter(kind=UnitKind.STREET).order_by("pk"))
    communities = list(Unit.objects.filter(kind=UnitKind.COMMUNITY).select_related("parent").order_by("pk"))
    return World(
        cast=cast,
        categories={c.code: c for c in Category.objects.all()},
        departments={key: units[name].pk for key, name in DEPARTMENTS},
        streets=streets,
        communities=communities,
        street_of={c.pk: c.parent for c in communities if c.parent},
    )


class _Builder:
    def __init__(self, world: World, rng: random.Random, now: datetime, *, hold_states: bool) -> None:
        self.world, self.rng, self.now = world, rng, now
        self.sim = Simulator(rng, world.cast, now)
        self.calendar, self.options = current_calendar(), clock_options()
        self.petitioner_pool: list[int] = []
        # What each person gives on their petitions (contact details live on the petition).
        self.details: dict[int, dict[str, Any]] = {}
        self.category_codes = list(CATEGORY_WEIGHTS)
        self.held_left = list(HELD_STATES) if hold_states else []
        # Then one life of each showcase (days since receipt), so a small demo shows them too.
        self.showcase_left = [("major", 20), ("revoked", 240), ("revoked", 150)] if hold_states else []
        self.category_weights = list(CATEGORY_WEIGHTS.values())
        self.today = _local_date(now)

    def petitioner(self, pk: int, street: Unit, community: Unit) -> dict[str, Any]:
        """The person record (信访人档案); their details as given are kept for their petitions."""
        rng = self.rng
        id_number, phone = texts.id_number(rng), texts.phone_number(rng)
        name = texts.person_name(rng)
        hashed = id_number_hash(id_number)
        self.details[pk] = {
            "petitioner_kind": PetitionerKind.PERSON.value,
            "petitioner_name": name,
            "petitioner_id_number": id_number,
            "petitioner_id_number_hash": hashed,
            "petitioner_phone": phone,
            "petitioner_phone_hash": phone_hash(phone),
            "petitioner_address": texts.address(rng, place=street.name, community=community.name),
            "identity_state": IdentityState.LINKED.value,
        }
        return {
            "id": pk,
            "kind": PetitionerKind.PERSON.value,
            "name": name,
            "id_number": id_number,
            "id_number_hash": hashed,
        }

    def life(self, code: str, community: Unit) -> tuple[Life, bool]:
        handler = CATEGORY_HANDLERS[code]
        unit = (
            self.world.street_of[community.pk].pk if handler == "street" else self.world.departments[handler]
        )
        received = self.now - timedelta(days=self.rng.uniform(0, 730), minutes=self.rng.randint(0, 600))
        life = Life(type=self.world.categories[code].default_type, handling_unit=unit, received_at=received)
        if self.rng.random() < 0.08:
            life.stop_at = self.rng.choice(HELD_STATES)
        if self.held_left:
            # The first petitions of a run are held one in each open state, so even a small
            # demo shows every state.
            life.stop_at = self.held_left.pop()
            life.received_at = self.now - timedelta(days=600)
        elif self.showcase_left:
            life.stop_at = ""
            life.showcase, days = self.showcase_left.pop()
            life.received_at = self.now - timedelta(days=days)
        return self.sim.run(
            life, registered_by_bureau=True, litigation=code == "litigation"
        ), handler == "street"


_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _local_date(at: datetime) -> date:
    """``timezone.localdate`` for the default zone, without the per-call thread-local lookup."""
    return at.astimezone(_TZ).date()


def _events_and_clocks(
    pk: int, life: Life, builder: _Builder
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], date | None]:
    events, prev = [], GENESIS
    for seq, e in enumerate(life.events, start=1):
        digest = chain_hash(
            petition_id=pk,
            seq=seq,
            kind=e.kind,
            actor_id=e.actor_id,
            occurred_at=e.at,
            from_status=e.from_status,
            to_status=e.to_status,
            payload=e.payload,
            prev_hash=prev,
        )
        events.append(
            {
                "petition_id": pk,
                "seq": seq,
                "kind": e.kind,
                "actor_id": e.actor_id,
                "actor_unit_id": e.unit_id,
                "occurred_at": e.at,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "payload": e.payload,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    clocks = compute_clocks(
        petition_type=life.type,
        today=builder.today,
        calendar=builder.calendar,
        options=builder.options,
        events=[EventFact(e.kind, _local_date(e.at), e.payload, seq) for seq, e in enumerate(life.events, 1)],
    )
    deadlines = [
        {
            "petition_id": pk,
            "code": c.code,
            "instance": c.instance,
            "name": c.rule.name,
            "article": c.rule.article,
            "nature": c.rule.nature,
            "days": c.days,
            "unit": c.rule.unit,
            "start_on": c.start_on,
            "due_on": c.due_on,
            "state": c.state,
            "stopped_on": c.stopped_on,
            "paused_days": c.paused_days,
            "note": c.note[:200],
        }
        for c in clocks
    ]
    return events, deadlines, next_due(clocks)


@dataclass(frozen=True)
class Chunk:
    """One independent piece of a run: its petitions, keys and random stream."""

    index: int
    first_pk: int
    first_person: int
    first_number: int
    size: int


@dataclass
class _Run:
    world: World
    seed: int
    now: datetime
    tables: dict[str, Table]


_RUN: _Run | None = None  # set before the worker processes fork, read by each chunk


def _query_code(pk: int) -> str:
    """A 10-character code from the key by a bijection of 32**10: unique, and not guessable in order."""
    value = (pk * 0x2545F4914F6CDD1D + 0x9E3779B97F4A7C15) % (32**10)
    out = []
    for _ in range(10):
        value, digit = divmod(value, 32)
        out.append(QUERY_ALPHABET[digit])
    return "".join(out)


def _chunk(chunk: Chunk) -> int:
    """Build and insert one chunk's petitions with their petitioners, events and clocks."""
    run = _RUN
    assert run is not None
    rng = random.Random(f"{run.seed}/{chunk.index}")
    builder = _Builder(run.world, rng, run.now, hold_states=chunk.index == 0)
    world = builder.world
    petitioners, petitions, events, deadlines, reps = [], [], [], [], []
    person_pk = chunk.first_person
    prefix = settings.XINFANG_NUMBER_PREFIX
    for offset in range(chunk.size):
        pk = chunk.first_pk + offset
        code = (
            "housing"
            if builder.held_left or builder.showcase_left
            else rng.choices(builder.category_codes, builder.category_weights)[0]
        )
        community = rng.choice(world.communities)
        street = world.street_of[community.pk]
        life, _ = builder.life(code, community)
        if builder.petitioner_pool and rng.random() < 0.15:
            petitioner_id = rng.choice(builder.petitioner_pool)
        else:
            petitioners.append(builder.petitioner(person_pk, street, community))
            petitioner_id = person_pk
            builder.petitioner_pool.append(person_pk)
            person_pk += 1
        text = texts.petition_text(rng, code, place=street.name, community=community.name)
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        people = rng.choice([5, 6, 8, 12, 20, 35]) if channel == Channel.VISIT and rng.random() < 0.1 else 1
        roll = rng.random()
        escalation = Escalation.BEIJING if roll < 0.003 else Escalation.BYPASS if roll < 0.015 else ""
        life.events[0].payload["channel"] = str(channel)
        event_rows, clock_rows, due = _events_and_clocks(pk, life, builder)
        handling = _handling_unit(life)
        events += event_rows
        deadlines += clock_rows
        accusation = life.type == PetitionType.ACCUSATION
        petitions.append(
            {
                "id": pk,
                "number": f"{prefix}{life.received_at.astimezone(_TZ).year}{chunk.first_number + offset:08d}",
                "query_code": _query_code(pk),
                "status": life.status,
                "version": len(life.events),
                "channel": str(channel),
                "type": life.type,
                "category_id": world.categories[code].pk,
                "title": text.title,
                "content": text.content,
                "request": text.request,
                "facts": text.facts,
                "reasons": text.reasons,
                "search_text": search_text(text.title, text.content),
                "petitioner_id": petitioner_id,
                **builder.details[petitioner_id],
                "people_count": people,
                "location_unit_id": community.pk,
                "registered_unit_id": world.cast.bureau,
                "registered_unit_path": _path(world, world.cast.bureau),
                "registered_by_id": world.cast.registrar,
                "received_at": life.received_at,
                "current_unit_id": life.current_unit,
                "current_unit_path": _path(world, life.current_unit),
                "handling_unit_id": handling,
                "handling_unit_path": _path(world, handling) if handling else "",
                "dispatcher_unit_id": life.dispatcher_unit,
                "handler_id": life.handler,
                "accused_description": "某社区工作人员" if accusation else "",
                "accused_unit_id": community.pk if accusation else None,
                "litigation_related": code == "litigation",
                "escalation": str(escalation),
                "major_urgent": life.major_urgent,
                # No links are generated: major or collective is the whole definition here.
                "is_key_case": key_case_of(major_urgent=life.major_urgent, people_count=people),
                "route": life.route,
                "divert_target": life.divert_target,
                "reply_outcome": life.reply_outcome,
                "suggestion_outcome": life.suggestion_outcome,
                "evaluation": life.evaluation,
                "closed_reason": life.closed_reason,
                "closed_at": life.closed_at,
                "next_due_on": due,
                "event_count": len(event_rows),
                "last_event_hash": event_rows[-1]["hash"],
            }
        )
        if people >= COLLECTIVE_THRESHOLD:
            given = builder.details[petitioner_id]
            reps.append(
                {
                    "petition_id": pk,
                    "seq": 1,
                    "name": given["petitioner_name"],
                    "id_number": given["petitioner_id_number"],
                    "id_number_hash": given["petitioner_id_number_hash"],
                    "phone": given["petitioner_phone"],
                    "phone_hash": given["petitioner_phone_hash"],
                    "address": given["petitioner_address"],
                    "person_id": petitioner_id,
                }
            )
    tables = run.tables
    with transaction.atomic():
        tables["petitioner"].insert(petitioners)
        tables["petition"].insert(petitions)
        tables["event"].insert(events)
        tables["deadline"].insert(deadlines)
        tables["representative"].insert(reps)
    return chunk.size


_PATHS: dict[int, str] = {}


def _handling_unit(life: Life) -> int | None:
    """承办单位 as the live flow sets it (ADR 0014 §1): 受理 / 签收 set it, 同意退回 clears it."""
    unit: int | None = None
    for event in life.events:
        if event.kind in ("accept", "sign"):
            unit = event.unit_id
        elif event.kind == "approve_return":
            unit = None
    return unit


def _path(world: World, unit_id: int) -> str:
    if unit_id not in _PATHS:
        _PATHS.update(Unit.objects.values_list("pk", "path"))
    return _PATHS[unit_id]


def _chunks(count: int, first_pk: int, first_person: int, first_number: int) -> list[Chunk]:
    return [
        Chunk(
            index=k,
            first_pk=first_pk + start,
            first_person=first_person + start,
            first_number=first_number + start,
            size=min(BATCH, count - start),
        )
        for k, start in enumerate(range(0, count, BATCH))
    ]


def _tables() -> dict[str, Table]:
    return {
        "petitioner": Table(Petitioner),
        "petition": Table(Petition),
        "event": Table(PetitionEvent, with_pk=False),
        "deadline": Table(Deadline, with_pk=False),
        "representative": Table(Representative, with_pk=False),
    }


def demo_generate(
    *,
    count: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    phases: dict[str, float] | None = None,
) -> int:
    """Append ``count`` petitions from ``seed``; the same seed on the same data gives the same petitions.

    ``workers`` processes build and load the chunks (default: one per core for large runs
    on PostgreSQL outside a transaction; one otherwise). ``phases``, if given, receives the
    seconds of each phase by its Chinese name (载入, 建索引与约束, 计数与统计信息).
    """
    phases = {} if phases is None else phases
    started = time.monotonic()
    global _RUN
    world = _world()
    now = timezone.now().replace(microsecond=0)
    first_pk = (Petition.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    first_person = (Petitioner.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    first_number = (
        Sequence.objects.filter(name__startswith="petition-").aggregate(m=Max("value"))["m"] or 0
    ) + 1
    chunks = _chunks(count, first_pk, first_person, first_number)
    bulk = connection.vendor == "postgresql" and not connection.in_atomic_block and count >= PARALLEL_FROM
    if workers is None:
        workers = usable_cores() if bulk else 1
    workers = max(1, min(workers, len(chunks))) if bulk else 1
    fresh = bulk and first_pk == 1
    _path(world, world.cast.bureau)  # load the unit paths before forking
    _RUN = _Run(world=world, seed=seed, now=now, tables=_tables())
    done = 0
    loaded: list[type[Model]] = [
        Petitioner,
        Petition,
        PetitionEvent,
        Deadline,
        Representative,
    ]
    try:
        with deferred_indexes(loaded, workers=workers) if fresh else _Nothing():
            if workers == 1:
                for chunk in chunks:
                    done += _chunk(chunk)
                    if progress:
                        progress(done)
            else:
                _release_connections()  # each process opens its own connection (and pool)
                context = multiprocessing.get_context("fork")
                with context.Pool(workers) as pool:
                    for size in pool.imap_unordered(_chunk, chunks):
                        done += size
                        if progress:
                            progress(done)
            phases["载入"] = time.monotonic() - started
    finally:
        _RUN = None
    phases["建索引与约束"] = time.monotonic() - started - phases["载入"]
    counted = time.monotonic()
    _sequences_after(chunks)
    _reset_sequences()
    tally_rebuild()  # the bulk rows bypassed apply_act: count them once, set-based
    _analyze(vacuum=bulk)
    phases["计数与统计信息"] = time.monotonic() - counted
    return done


def _release_connections() -> None:
    """Before forking: no connection and no psycopg pool may cross into the children.

    A pool inherited through ``fork`` shares its sockets with the parent (and its worker threads
    do not survive the fork): the children's COPYs then interleave on one connection and fail
    ("unexpected result COPY_IN"). Closing the pool here makes each child build its own.
    """
    for conn in connections.all(initialized_only=True):
        conn.close()
        close_pool = getattr(conn, "close_pool", None)
        if close_pool is not None:
            close_pool()


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _sequences_after(chunks: list[Chunk]) -> None:
    """Petition numbers continue after the highest number this run used, in every year."""
    if not chunks:
        return
    last = chunks[-1].first_number + chunks[-1].size - 1
    years = {d.year for d in Petition.objects.filter(pk__gte=chunks[0].first_pk).dates("received_at", "year")}
    with transaction.atomic():
        for year in years | {timezone.localdate().year}:
            row, _ = Sequence.objects.select_for_update().get_or_create(name=f"petition-{year}")
            if row.value < last:
                row.value = last
                row.save(update_fields=["value"])


def _analyze(*, vacuum: bool = False) -> None:
    """Refresh planner statistics after a bulk load, or fresh tables look empty to the planner.

    After a large load on PostgreSQL the petition table is also vacuumed, which marks its
    pages all-visible so counts and id lists are answered from indexes alone.
    """
    with connection.cursor() as cursor:
        if vacuum and connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) petitions_petition")
        cursor.execute("ANALYZE")


def _reset_sequences() -> None:
    """Explicit primary keys bypass PostgreSQL sequences; move them past the inserted rows."""
    from django.core.management.color import no_style

    models: list[type[Model]] = [Petition, Petitioner, PetitionEvent, Deadline, Representative]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
