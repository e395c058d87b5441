"""Maintained counters (ADR 0014 §7) equal a full recount after every act, and equal what users see."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ALL_PERMS, HEARING, PATHS, Org, petition_in, register, staff
from tests.petitions.test_lifecycle import CALLS
from xinfang.common.counters import counters_check
from xinfang.common.exceptions import XinfangError
from xinfang.orgs.constants import DataScope
from xinfang.petitions import services
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import OPEN_STATES, TRANSITIONS, Act, Status
from xinfang.petitions.models import Petition, PetitionTally
from xinfang.petitions.selectors import petitions_visible_to, todo_for
from xinfang.petitions.tally import (
    TodoCounts,
    overdue_count,
    status_counts,
    tally_problems,
    tally_rebuild,
    todo_counts,
    visible_at_least,
)


def _classify_duty(o: Org, p: Petition) -> Petition:
    return services.petition_classify(petition=p, actor=o.housing_handler, route=5)


def assert_counters_agree() -> None:
    assert tally_problems() == []


@pytest.mark.parametrize("act", list(TRANSITIONS), ids=[a.value for a in TRANSITIONS])
def test_counters_equal_recount_after_every_act(org: Org, act: Act) -> None:
    """From every state the act is allowed in: after each step of the way and after the act."""
    taken, officials = 0, {}

    def official(unit):  # type: ignore[no-untyped-def]
        return officials.setdefault(unit.pk, staff(unit, perms=ALL_PERMS))

    for source in sorted(TRANSITIONS[act].sources):
        suggestion = act == Act.CONCLUDE_SUGGESTION  # accepted suggestions go straight to handling
        petition = register(org, **({"type": PetitionType.SUGGESTION} if suggestion else {}))
        assert_counters_agree()
        steps = PATHS[Status.ACCEPTED if suggestion else source]
        if act == Act.PERFORM_DUTY:  # route 5 (Art. 31(5)) instead of route 6
            steps = [*PATHS[Status.ACCEPTED], _classify_duty]
        if act == Act.REPORT_COMPLETION and source == Status.DISPATCHED:
            # A 办结报告 answers a 交办 (Art. 22(1)(3)), not a 转送.
            petition = services.petition_dispatch(
                petition=petition, actor=org.registrar, to_unit=org.housing, mode="assign", due_days=30
            )
            steps = []
        for step in steps:
            petition = step(org, petition)
            assert_counters_agree()
        units = [petition.current_unit, petition.dispatcher_unit]
        if act == Act.CONTRIBUTE:  # by a co-handling unit (Art. 24)
            joint_by = official(petition.current_unit)
            co_unit = org.street_b if petition.current_unit != org.street_b else org.street_a
            petition = services.petition_set_joint(
                petition=petition,
                actor=joint_by,
                lead_unit=petition.current_unit,
                co_units=[co_unit],
                basis="negotiated",
            )
            units = [co_unit]
        if act == Act.END_HEARING:
            petition = services.petition_start_hearing(
                **HEARING, petition=petition, actor=official(petition.current_unit)
            )
            assert_counters_agree()
        # Acts are taken at the current unit, returns are decided by the unit that dispatched.
        for unit in [u for u in units if u is not None]:
            try:
                CALLS[act](replace(org, leader=official(unit)), petition)
            except XinfangError:
                continue  # a rule of this act forbids it here (e.g. a second extension)
            taken += 1
            break
        assert_counters_agree()
    assert taken, f"{act} was never taken: give it a state where its rules allow it"


def test_register_counts_status_and_due_date(org: Org) -> None:
    petition = register(org)
    assert petition.next_due_on is not None
    row = PetitionTally.objects.get(status=Status.REGISTERED)
    assert (row.n, row.current_unit_path) == (1, org.bureau.path)
    assert_counters_agree()


def test_clock_refresh_moves_due_counters(org: Org) -> None:
    for status in (Status.DISPATCHED, Status.HANDLING, Status.UNDER_REVIEW):
        petition_in(org, status)
    # A later holiday table or a new day changes due dates without an act.
    Petition.objects.update(next_due_on=timezone.localdate() - timedelta(days=400))
    tally_rebuild()
    call_command("clocks", "refresh")
    assert_counters_agree()


def test_check_command_finds_drift_and_rebuild_repairs_it(org: Org, capsys) -> None:  # type: ignore[no-untyped-def]
    petition_in(org, Status.SIGNED)
    call_command("tally", "check")
    PetitionTally.objects.filter(status=Status.SIGNED).update(n=5)
    with pytest.raises(CommandError):
        call_command("tally", "check")
    assert "计数器 5，实际 1" in capsys.readouterr().out
    assert any("信访事项状态与期限计数" in line for line in counters_check())
    call_command("tally", "rebuild")
    call_command("tally", "check")
    assert counters_check() == []


def _scenario(org: Org) -> None:
    """Petitions across units, states, due dates and an accusation against a community's street."""
    for status in (Status.REGISTERED, Status.SIGNED, Status.HANDLING, Status.ANSWERED, Status.CLOSED):
        petition_in(org, status)
    labour = services.petition_dispatch(
        petition=register(org), actor=org.registrar, to_unit=org.labour, mode="transfer"
    )
    services.petition_sign(petition=labour, actor=org.labour_handler)
    street = services.petition_dispatch(
        petition=register(org), actor=org.registrar, to_unit=org.street_a, mode="assign", due_days=10
    )
    services.petition_sign(petition=street, actor=org.street_a_handler)
    accusation = register(
        org,
        type=PetitionType.ACCUSATION,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        title="举报街道工作人员",
    )
    services.petition_dispatch(
        petition=accusation, actor=org.registrar, to_unit=org.street_b, mode="transfer"
    )
    with time_machine.travel(timezone.now() - timedelta(days=90)):
        petition_in(org, Status.SIGNED)  # long overdue by now
        services.petition_dispatch(
            petition=register(org), actor=org.registrar, to_unit=org.street_b, mode="transfer"
        )


def test_sums_equal_what_each_user_sees(org: Org) -> None:
    _scenario(org)
    assert_counters_agree()
    head_a = staff(org.street_a, scope=DataScope.UNIT_AND_BELOW)
    custom = staff(org.bureau, scope=DataScope.CUSTOM)
    custom.roles.first().custom_units.set([org.labour, org.street_b])  # type: ignore[union-attr]
    users = [
        org.leader,
        org.registrar,
        org.housing_handler,
        org.labour_handler,
        org.street_a_handler,
        org.street_b_handler,
        org.reviewer,
        org.rechecker,
        head_a,
        custom,
    ]
    today = timezone.localdate()
    for user in users:
        visible = petitions_visible_to(user)
        expected = Counter(visible.values_list("status", flat=True))
        assert status_counts(user) == dict(expected), user
        assert overdue_count(user, today=today) == visible.filter(next_due_on__lt=today).count(), user
        desk = visible.filter(status__in=OPEN_STATES, current_unit=user.unit)
        assert (
            sum(status_counts(user, statuses=OPEN_STATES, unit_path=user.unit.path).values()) == desk.count()
        )
    # The accused street sees nothing of the accusation, in the list and in the counts (Art. 30).
    assert not petitions_visible_to(head_a).filter(type=PetitionType.ACCUSATION).exists()
    assert overdue_count(org.leader, today=today) > 0


def test_the_lower_bound_for_a_list_is_what_each_user_sees_with_its_filter(org: Org) -> None:
    """``visible_at_least`` feeds the list planner (pages.list_page): never above the recount."""
    _scenario(org)
    today = timezone.localdate()
    for user in (org.leader, org.housing_handler, org.street_a_handler, org.reviewer):
        visible = petitions_visible_to(user)
        assert visible_at_least(user, today=today) == visible.count(), user
        for status in (Status.HANDLING, Status.REGISTERED):
            assert visible_at_least(user, today=today, status=status) == visible.filter(status=status).count()
        overdue = visible.filter(next_due_on__lt=today).count()
        assert visible_at_least(user, today=today, overdue=True) == overdue, user
    # Both filters at once, and the "only self" scope, are not in the counters.
    assert visible_at_least(org.leader, today=today, status=Status.HANDLING, overdue=True) is None
    assert visible_at_least(staff(org.bureau, scope=DataScope.SELF), today=today) is None


def test_home_counts_read_counters_not_petitions(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    _scenario(org)
    client.force_login(org.leader)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    counting = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and 'petitions_petition"' in q["sql"]
    ]
    assert counting == []
    visible = petitions_visible_to(org.leader)
    assert f"可查看事项<b>{visible.count()}</b>" in page
    overdue = visible.filter(next_due_on__lt=timezone.localdate()).count()
    assert f'?overdue=true">{overdue}</a>' in page


def test_only_self_scope_gets_capped_direct_counts(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    own = staff(org.bureau, scope=DataScope.SELF)
    mine = petition_in(org, Status.REGISTERED)
    Petition.objects.filter(pk=mine.pk).update(handler=own)
    petition_in(org, Status.REGISTERED)
    client.force_login(own)
    page = client.get("/").content.decode()
    assert "可查看事项<b>1</b>" in page


def test_the_todo_bound_is_its_largest_part_and_never_above_the_queue(org: Org) -> None:
    """``TodoCounts.at_least`` (the home page's bound for its to-do list): the parts may overlap (an
    extension can wait on a desk petition), so the largest part, not their sum."""
    assert (
        TodoCounts({"registered": 3, "handling": 1}, extensions=2, returns=5, contributions=1).at_least == 7
    )
    for _ in range(3):
        register(org)
    for user in (org.registrar, org.leader):
        todo = todo_counts(user, cap=100)
        assert todo.at_least == max(todo.desk, todo.extensions + todo.returns, todo.contributions)
        assert todo.at_least <= todo_for(user).count()
    assert todo_counts(org.registrar, cap=100).at_least == 3
