"""The demo generator: reproducible, every state, consistent chains and clocks."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import F

from tests.factories import ensure_dictionaries
from xinfang.audit.verify import chain_verify
from xinfang.demo.generator import demo_generate
from xinfang.demo.org import demo_org_setup
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Deadline, Petition, PetitionEvent


@pytest.fixture
def generated(db) -> int:  # type: ignore[no-untyped-def]
    demo_org_setup()
    return demo_generate(count=600, seed=7)


def test_every_state_appears(generated: int) -> None:
    states = set(Petition.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert Petition.objects.count() == generated == 600


def test_no_petition_is_left_without_an_owner_and_the_doctor_passes(generated: int) -> None:
    """ADR 0014 §1 "No orphans": every open demo petition sits where someone can act on it."""
    from io import StringIO

    from xinfang.petitions.selectors import petitions_without_owner

    assert list(petitions_without_owner().values_list("number", "status", "current_unit__name")) == []
    out = StringIO()
    call_command("doctor", stdout=out)
    assert "体检通过" in out.getvalue()


def test_the_bulk_rows_carry_the_key_case_flag(generated: int) -> None:
    """Issue 13: the generator writes the maintained flag with each row (major or collective)."""
    from xinfang.petitions.keycase import key_case_definition, key_case_problems

    flagged = set(Petition.objects.filter(is_key_case=True).values_list("pk", flat=True))
    assert flagged == set(Petition.objects.filter(key_case_definition()).values_list("pk", flat=True))
    assert Petition.objects.filter(is_key_case=True, major_urgent=True).exists()
    assert Petition.objects.filter(is_key_case=True, major_urgent=False, people_count__gte=5).exists()
    assert key_case_problems() == []


def test_the_petitioner_is_recorded_on_each_petition(generated: int) -> None:
    """ADR 0014 §5: every demo petition carries its petitioner's details as given, linked by ID."""
    assert not Petition.objects.filter(petitioner_name="").exists()
    assert not Petition.objects.exclude(identity_state="linked").exists()
    sample = Petition.objects.select_related("petitioner").order_by("pk").first()
    assert sample is not None and sample.petitioner is not None
    assert sample.petitioner_id_number == sample.petitioner.id_number and sample.petitioner_phone


def test_chains_verify_and_clocks_exist(generated: int) -> None:
    assert list(chain_verify()) == []
    assert Deadline.objects.filter(state="overdue").exists()
    assert Deadline.objects.filter(state="met").exists()


def test_same_seed_same_content(db) -> None:  # type: ignore[no-untyped-def]
    demo_org_setup()
    demo_generate(count=50, seed=3)
    first = list(Petition.objects.order_by("pk").values_list("title", "status", "category__code"))
    from xinfang.petitions.models import Petitioner, PetitionEvent, Sequence

    PetitionEvent.objects.all().delete()
    Petition.objects.all().delete()
    Petitioner.objects.all().delete()
    Sequence.objects.all().delete()
    demo_generate(count=50, seed=3)
    assert list(Petition.objects.order_by("pk").values_list("title", "status", "category__code")) == first


def test_commands(db, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", "setup")
    out = capsys.readouterr().out
    assert "dengji" in out and "Xinfang@2026" in out
    call_command("demo", "generate", "--count", "20", "--seed", "1")
    call_command("demo", "generate", "--count", "20", "--if-empty")
    assert Petition.objects.count() == 20


@pytest.mark.django_db(transaction=True)
def test_parallel_load_on_postgresql_forks_without_sharing_the_pool(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Large runs fork one loader per core; the psycopg pool of the parent must not be inherited."""
    from django.db import connection

    from xinfang.demo import generator

    if connection.vendor != "postgresql":
        pytest.skip("the parallel COPY load is PostgreSQL's")
    monkeypatch.setattr(generator, "PARALLEL_FROM", 100)
    monkeypatch.setattr(generator, "BATCH", 100)
    ensure_dictionaries()  # an earlier transactional test on this worker may have flushed the categories
    demo_org_setup()
    assert not Petition.objects.exists()  # a pooled connection is open in this process now
    assert demo_generate(count=300, seed=3, workers=2) == 300
    assert Petition.objects.count() == 300
    assert Deadline.objects.filter(petition__isnull=False).exists()
    assert list(chain_verify()) == []


def test_a_fresh_demo_shows_the_new_flows_and_still_verifies(db) -> None:  # type: ignore[no-untyped-def]
    """Issue #10 flows in the demo, generated through the same events and clocks: 复查 revoked back in
    the 承办单位's queue with a new D5, Art. 25 matters with their reports, 送达 of documents to
    petitioners, 交办 with their 办结报告; the chain and the doctor still pass."""
    from io import StringIO

    from xinfang.petitions.models import PetitionEvent

    demo_org_setup()
    demo_generate(count=300, seed=7)

    revoked = PetitionEvent.objects.filter(kind="decide_review", payload__outcome="revoke")
    waiting = Petition.objects.filter(
        pk__in=revoked.values("petition_id"), status=Status.HANDLING, current_unit_id=F("handling_unit_id")
    )
    assert waiting.exists()
    for petition in waiting:
        d5 = list(petition.deadlines.filter(code="D5").order_by("instance"))
        assert len(d5) >= 2 and d5[-1].stopped_on is None and d5[-1].due_on is not None
        event = petition.events.get(kind="decide_review")
        assert event.payload["returned_to"] == petition.handling_unit_id and event.payload["reason"]

    major = Petition.objects.filter(major_urgent=True)
    assert major.exists()
    reported = Deadline.objects.filter(petition__in=major, code="D13", state="met")
    assert reported.exists()
    assert PetitionEvent.objects.filter(
        petition__in=major, kind="report_major", payload__recipient="national_bureau"
    )

    assert PetitionEvent.objects.filter(kind="serve", payload__document="opinion").exists()
    assigned = PetitionEvent.objects.filter(kind="dispatch", payload__mode="assign").values("petition_id")
    assert PetitionEvent.objects.filter(kind="report_completion", petition_id__in=assigned).exists()

    assert list(chain_verify()) == []
    call_command("audit", "verify")
    out = StringIO()
    call_command("doctor", stdout=out)
    assert "体检通过" in out.getvalue()


def test_each_register_event_records_the_local_day_of_receipt(generated: int) -> None:
    """The register act's 收到日期 is the day in Beijing (a third of the times fall before 08:00,
    when the UTC day is the one before): the clocks start from it (Art. 22(1))."""
    from django.utils import timezone

    from xinfang.petitions.models import PetitionEvent

    rows = PetitionEvent.objects.filter(kind="register").values_list("payload", "petition__received_at")
    early = 0
    for payload, received in rows:
        assert payload["received_on"] == timezone.localdate(received).isoformat()
        early += timezone.localtime(received).hour < 8
    assert early > 0  # the case this test is about occurred


# The unit each moving act sends the matter to, by its payload (services.intake, services.review).
MOVED_TO = {"dispatch": "to_unit", "divert": "to_unit", "request_review": "unit", "request_recheck": "unit"}
NO_HANDLER = {Status.REGISTERED, Status.DISPATCHED, Status.UNDER_REVIEW, Status.UNDER_RECHECK}


def test_a_held_matter_is_where_its_last_act_sent_it(generated: int) -> None:
    """A life held at a state is written as the act that led there left it: a held 转送 in the
    receiving unit's queue, a held 复查 at the 复查机关 (Art. 35), a held 复核 at the 复核机关
    (Art. 36), no handler carried over from the unit it left, an answered matter with its outcome."""
    events: dict[int, list[PetitionEvent]] = {}
    for event in PetitionEvent.objects.order_by("petition_id", "seq"):
        events.setdefault(event.petition_id, []).append(event)
    for petition in Petition.objects.all():
        held, named = petition.registered_unit_id, False  # named: 签收 / 受理 since the last move
        for event in events[petition.pk]:
            if event.kind in MOVED_TO:
                held, named = event.payload[MOVED_TO[event.kind]], False
            elif event.kind == "approve_return":
                held, named = event.actor_unit_id, False
            elif event.payload.get("returned_to"):  # 撤销，责令重新办理
                held, named = event.payload["returned_to"], False
            elif event.kind in ("sign", "accept"):
                named = True
        assert (petition.number, petition.current_unit_id) == (petition.number, held), petition.status
        if petition.status in NO_HANDLER:
            assert petition.handler_id is None, (petition.number, petition.status)
        if named:  # 签收 and 受理 name the handler
            assert petition.handler is not None, petition.number
        if petition.handler is not None:  # the handler works in the unit holding the matter
            assert petition.handler.unit_id == held, petition.number
        if petition.status == Status.ANSWERED:
            assert petition.reply_outcome, petition.number
        classified = [e.payload["route"] for e in events[petition.pk] if e.kind == "classify"]
        assert petition.route == (classified[-1] if classified else None), petition.number


def test_a_held_review_waits_for_the_review_organ_not_the_unit_it_left(generated: int) -> None:
    """Across roles: the 复查 is decided by the district government's reviewer and the 复核 by the
    city's, and neither shows as an act to the unit whose opinion is under review."""
    from xinfang.orgs.models import User
    from xinfang.petitions.lifecycle import Act
    from xinfang.petitions.permissions import acts_available

    reviewer, rechecker = User.objects.get(username="fucha"), User.objects.get(username="shifuhe")
    reviews = list(Petition.objects.filter(status=Status.UNDER_REVIEW).select_related("handling_unit"))
    rechecks = list(Petition.objects.filter(status=Status.UNDER_RECHECK))
    assert reviews and rechecks
    for review in reviews:
        assert Act.DECIDE_REVIEW in acts_available(reviewer, review), review.number
        department = User.objects.filter(unit=review.handling_unit).order_by("pk")
        assert department and not any(Act.DECIDE_REVIEW in acts_available(u, review) for u in department)
    for recheck in rechecks:
        assert Act.DECIDE_RECHECK in acts_available(rechecker, recheck), recheck.number
        assert Act.DECIDE_RECHECK not in acts_available(reviewer, recheck), recheck.number
