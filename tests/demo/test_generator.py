"""The demo generator: reproducible, every state, consistent chains and clocks."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from xinfang.audit.verify import chain_verify
from xinfang.demo.generator import demo_generate
from xinfang.demo.org import demo_org_setup
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Deadline, Petition


@pytest.fixture
def generated(db) -> int:  # type: ignore[no-untyped-def]
    demo_org_setup()
    return demo_generate(count=600, seed=7)


def test_every_state_appears(generated: int) -> None:
    states = set(Petition.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert Petition.objects.count() == generated == 600


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
