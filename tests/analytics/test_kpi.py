"""Each KPI formula on a hand-built fixture whose expected figures are worked out by hand below."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import Org, petition_in, services
from xinfang.analytics import kpi
from xinfang.petitions.constants import Channel, Escalation, LinkKind
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Deadline, Petition, PetitionLink


def _evaluate(org: Org, petition: Petition, option: str) -> Petition:
    return services.petition_evaluate(petition=petition, actor=org.registrar, option=option)


@pytest.fixture
def fixture(org: Org) -> dict[str, Petition]:
    """Nine petitions, all received today (clock states noted per petition)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    p: dict[str, Petition] = {}
    # A-D answered: D1 and D3 met, D5 met (C's D5 is made late below).
    p["A"] = _evaluate(org, petition_in(org, Status.ANSWERED, channel=Channel.ONLINE), "satisfied")
    p["B"] = _evaluate(org, petition_in(org, Status.ANSWERED), "basically_satisfied")
    p["C"] = _evaluate(org, petition_in(org, Status.ANSWERED), "dissatisfied")
    p["D"] = petition_in(org, Status.ANSWERED)
    # E: mediation agreed, closed (D5 met by the agreement); F: mediation failed, D5 still running.
    p["E"] = services.petition_conclude_mediation(
        petition=petition_in(org, Status.MEDIATING),
        actor=org.housing_handler,
        agreed=True,
        agreement_kind="mediation",
        agreement="双方达成协议",
    )
    p["F"] = services.petition_conclude_mediation(
        petition=petition_in(org, Status.MEDIATING), actor=org.housing_handler, agreed=False
    )
    # G: returned to the bureau; its second D1 runs and is not yet due.
    p["G"] = services.petition_approve_return(
        petition=petition_in(org, Status.RETURN_REQUESTED), actor=org.registrar
    )
    # H: registered online, 越级, a repeat of A; its D1 is made overdue below.
    p["H"] = petition_in(org, Status.REGISTERED, channel=Channel.ONLINE, escalation=Escalation.BYPASS)
    # I: declined at once (D1 met), 进京.
    p["I"] = petition_in(org, Status.NOT_ACCEPTED, escalation=Escalation.BEIJING)
    Deadline.objects.filter(petition=p["C"], code="D5").update(state="overdue")
    Deadline.objects.filter(petition=p["H"], code="D1").update(due_on=yesterday)
    Petition.objects.filter(pk=p["H"].pk).update(next_due_on=yesterday)
    PetitionLink.objects.create(source=p["H"], target=p["A"], kind=LinkKind.REPEAT_OF)
    return p


def _measures(**kwargs: object) -> dict[str, int]:
    return kpi.measures(Petition.objects.all(), today=timezone.localdate(), **kwargs)[0]  # type: ignore[arg-type]


def test_counts_by_hand(fixture: dict[str, Petition]) -> None:
    m = _measures()
    assert m["total"] == 9
    assert m["online"] == 2  # A, H
    assert (m["bypass"], m["beijing"]) == (1, 1)  # H, I
    assert m["open"] == 7  # all but E (closed) and I (not accepted)
    assert m["overdue"] == 1  # H


def test_timely_acceptance(fixture: dict[str, Petition]) -> None:
    # On time: A B C D E F I (D1/D3 met); late: H (D1 past due); G pending (D1 #2 running).
    m = _measures()
    assert (m["accept_on_time"], m["accept_late"]) == (7, 1)
    assert kpi.rates(m, basic_counts=True)["timely_acceptance"] == kpi.Rate(7, 8)


def test_on_time_completion(fixture: dict[str, Petition]) -> None:
    # D5 met: A B D E; late: C; F still running (pending); G H I have no handling clock.
    m = _measures()
    assert (m["close_on_time"], m["close_late"]) == (4, 1)
    assert kpi.rates(m, basic_counts=True)["on_time_completion"].percent == "80.0%"


def test_participation_and_satisfaction(fixture: dict[str, Petition]) -> None:
    # Eligible: A B C D (answered) and E (closed) = 5; rated A B C = 3.
    m = _measures()
    assert (m["eligible"], m["rated"], m["satisfied"], m["basically_satisfied"]) == (5, 3, 1, 1)
    with_basic = kpi.rates(m, basic_counts=True)
    assert with_basic["participation"] == kpi.Rate(3, 5)
    assert with_basic["satisfaction"] == kpi.Rate(2, 3)  # 满意 A + 基本满意 B
    assert kpi.rates(m, basic_counts=False)["satisfaction"] == kpi.Rate(1, 3)


def test_basic_satisfied_switch(fixture: dict[str, Petition], settings: object) -> None:
    assert kpi.basic_counts() is True  # the seeded option counts 基本满意
    settings.XINFANG_KPI = {"count_basically_satisfied": False}  # type: ignore[attr-defined]
    assert kpi.basic_counts() is False


def test_repeat_mediation_return_online(fixture: dict[str, Petition]) -> None:
    m = _measures()
    r = kpi.rates(m, basic_counts=True)
    assert r["repeat_rate"] == kpi.Rate(1, 9)  # H repeats A
    assert r["mediation_success"] == kpi.Rate(1, 2)  # E agreed, F not
    assert r["return_rate"] == kpi.Rate(1, 7)  # dispatched A-G, G returned
    assert r["online_share"] == kpi.Rate(2, 9)


def test_grouped_by_unit(org: Org, fixture: dict[str, Petition]) -> None:
    rows = {
        r["current_unit_id"]: r
        for r in kpi.measures(
            Petition.objects.all(), today=timezone.localdate(), group_by=("current_unit_id",)
        )
    }
    assert rows[org.housing.pk]["total"] == 6  # A-F
    assert rows[org.bureau.pk]["total"] == 3  # G H I
    assert kpi.summed(rows.values())["total"] == 9


def test_rate_without_denominator() -> None:
    assert kpi.Rate(0, 0).value is None
    assert kpi.Rate(0, 0).percent == "—"
    assert kpi.change_text(120, 100) == "上升20.0%"
    assert kpi.change_text(80, 100) == "下降20.0%"
    assert kpi.change_text(5, 0) == "无可比数据"


def test_each_number_has_its_petitions(fixture: dict[str, Petition]) -> None:
    """The list filter ``measure`` (kpi.condition_for) selects exactly the petitions behind each number."""
    today = timezone.localdate()
    rates = kpi.rates(_measures(), basic_counts=True)
    for key, rate in rates.items():
        numerator, denominator = kpi.parts(key, basic_counts=True)
        assert Petition.objects.filter(kpi.condition_for(numerator, today=today)).count() == rate.numerator, (
            key
        )
        assert (
            Petition.objects.filter(kpi.condition_for(denominator, today=today)).count() == rate.denominator
        ), key
    assert kpi.parts("satisfaction", basic_counts=False)[0] == ("satisfied",)
