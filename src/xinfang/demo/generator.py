"""``demo generate``: many synthetic petitions over 24 months, every state, reproducible, via bulk inserts."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import COLLECTIVE_THRESHOLD, Channel, Escalation, PetitionType
from xinfang.petitions.events import GENESIS, chain_hash
from xinfang.petitions.identity import id_number_hash, phone_hash
from xinfang.petitions.lifecycle import OPEN_STATES
from xinfang.petitions.models import Category, Deadline, Petition, Petitioner, PetitionEvent, Sequence
from xinfang.petitions.search import search_text
from xinfang.statute.calendar import current_calendar
from xinfang.statute.deadlines import EventFact, compute_clocks, next_due
from xinfang.statute.options import clock_options

from . import texts
from .bulk import fast_insert
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
    cast.actor_of[cast.recheck_unit] = cast.reviewer
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
    def __init__(self, world: World, rng: random.Random, now: datetime) -> None:
        self.world, self.rng, self.now = world, rng, now
        self.sim = Simulator(rng, world.cast, now)
        self.calendar, self.options = current_calendar(), clock_options()
        self.petitioner_pool: list[int] = []
        self.counters: dict[int, int] = {}
        self.category_codes = list(CATEGORY_WEIGHTS)
        self.held_left = list(HELD_STATES)
        self.category_weights = list(CATEGORY_WEIGHTS.values())

    def petitioner(self, pk: int, street: Unit, community: Unit) -> Petitioner:
        rng = self.rng
        id_number, phone = texts.id_number(rng), texts.phone_number(rng)
        return Petitioner(
            pk=pk,
            name=texts.person_name(rng),
            id_number=id_number,
            id_number_hash=id_number_hash(id_number),
            phone=phone,
            phone_hash=phone_hash(phone),
            address=texts.address(rng, place=street.name, community=community.name),
        )

    def number(self, received: datetime) -> str:
        year = timezone.localtime(received).year
        self.counters[year] = self.counters.get(year, 0) + 1
        return f"{settings.XINFANG_NUMBER_PREFIX}{year}{self.counters[year]:08d}"

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
        return self.sim.run(
            life, registered_by_bureau=True, litigation=code == "litigation"
        ), handler == "street"


def _events_and_clocks(
    pk: int, life: Life, builder: _Builder
) -> tuple[list[PetitionEvent], list[Deadline], date | None]:
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
            PetitionEvent(
                petition_id=pk,
                seq=seq,
                kind=e.kind,
                actor_id=e.actor_id,
                actor_unit_id=e.unit_id,
                occurred_at=e.at,
                from_status=e.from_status,
                to_status=e.to_status,
                payload=e.payload,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    clocks = compute_clocks(
        petition_type=life.type,
        today=timezone.localdate(builder.now),
        calendar=builder.calendar,
        options=builder.options,
        events=[EventFact(e.kind, timezone.localdate(e.at), e.payload) for e in life.events],
    )
    deadlines = [
        Deadline(
            petition_id=pk,
            code=c.code,
            instance=c.instance,
            name=c.rule.name,
            article=c.rule.article,
            nature=c.rule.nature,
            days=c.days,
            unit=c.rule.unit,
            start_on=c.start_on,
            due_on=c.due_on,
            state=c.state,
            stopped_on=c.stopped_on,
            paused_days=c.paused_days,
            note=c.note[:200],
        )
        for c in clocks
    ]
    return events, deadlines, next_due(clocks)


def _batch(builder: _Builder, first_pk: int, first_person: int, size: int) -> int:
    """Build and insert ``size`` petitions; returns how many new petitioners were made."""
    rng, world = builder.rng, builder.world
    petitioners, petitions, events, deadlines, reps = [], [], [], [], []
    person_pk = first_person
    for offset in range(size):
        pk = first_pk + offset
        code = (
            "housing"
            if builder.held_left
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
        events += event_rows
        deadlines += clock_rows
        current = Unit(pk=life.current_unit)
        petitions.append(
            Petition(
                pk=pk,
                number=builder.number(life.received_at),
                query_code="".join(rng.choice(QUERY_ALPHABET) for _ in range(10)),
                status=life.status,
                version=len(life.events),
                channel=channel,
                type=life.type,
                category=world.categories[code],
                title=text.title,
                content=text.content,
                request=text.request,
                facts=text.facts,
                reasons=text.reasons,
                search_text=search_text(text.title, text.content),
                petitioner_id=petitioner_id,
                people_count=people,
                location_unit=community,
                registered_unit_id=world.cast.bureau,
                registered_unit_path=_path(world, world.cast.bureau),
                registered_by_id=world.cast.registrar,
                received_at=life.received_at,
                current_unit_id=current.pk,
                current_unit_path=_path(world, current.pk),
                dispatcher_unit_id=life.dispatcher_unit,
                handler_id=life.handler,
                accused_description="某社区工作人员" if life.type == PetitionType.ACCUSATION else "",
                accused_unit=community if life.type == PetitionType.ACCUSATION else None,
                litigation_related=code == "litigation",
                escalation=escalation,
                route=life.route,
                divert_target=life.divert_target,
                reply_outcome=life.reply_outcome,
                suggestion_outcome=life.suggestion_outcome,
                evaluation=life.evaluation,
                closed_reason=life.closed_reason,
                closed_at=life.closed_at,
                next_due_on=due,
                event_count=len(event_rows),
                last_event_hash=event_rows[-1].hash,
            )
        )
        if people >= COLLECTIVE_THRESHOLD:
            reps.append((pk, petitioner_id))
    with transaction.atomic():
        fast_insert(Petitioner, petitioners)
        fast_insert(Petition, petitions)
        fast_insert(PetitionEvent, events)
        fast_insert(Deadline, deadlines)
        through = Petition.representatives.through
        through.objects.bulk_create(
            [through(petition_id=p, petitioner_id=r) for p, r in reps], batch_size=BATCH
        )
    return person_pk - first_person


_PATHS: dict[int, str] = {}


def _path(world: World, unit_id: int) -> str:
    if unit_id not in _PATHS:
        _PATHS.update(Unit.objects.values_list("pk", "path"))
    return _PATHS[unit_id]


def demo_generate(*, count: int, seed: int, progress: Callable[[int], None] | None = None) -> int:
    """Append ``count`` petitions from ``seed``; the same seed on the same data gives the same petitions."""
    world = _world()
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    builder = _Builder(world, rng, now)
    first_pk = (Petition.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    first_person = (Petitioner.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    for row in Sequence.objects.filter(name__startswith="petition-"):
        builder.counters[int(row.name.split("-")[1])] = row.value
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        first_person += _batch(builder, first_pk + done, first_person, size)
        done += size
        if progress:
            progress(done)
    with transaction.atomic():
        for year, value in builder.counters.items():
            Sequence.objects.update_or_create(name=f"petition-{year}", defaults={"value": value})
    _reset_sequences()
    _analyze()
    return done


def _analyze() -> None:
    """Refresh planner statistics after a bulk load, or fresh tables look empty to the planner."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _reset_sequences() -> None:
    """Explicit primary keys bypass PostgreSQL sequences; move them past the inserted rows."""
    from django.core.management.color import no_style
    from django.db import connection

    through = Petition.representatives.through
    models: list[type[Model]] = [Petition, Petitioner, PetitionEvent, Deadline, through]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
