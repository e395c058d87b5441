"""领导包案 and 提级: one active owner, raises only upwards, history kept, open petitions only."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import Org, petition_in, staff
from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES, TERMINAL, Status
from xinfang.supervision import selectors, services
from xinfang.supervision.constants import NotificationKind
from xinfang.supervision.models import CaseOwnership, Notification, SupervisionLog

LEADER_PERMS = [str(Perm.APPROVE), str(Perm.LEAD)]


@pytest.fixture
def leaders(org: Org) -> dict[str, User]:
    return {
        "street": staff(org.street_a, perms=LEADER_PERMS, title="街道党工委书记"),
        "district": staff(org.district, perms=LEADER_PERMS, title="副区长"),
        "city": staff(org.city, perms=LEADER_PERMS, title="副市长"),
        "district_2": staff(org.bureau, perms=LEADER_PERMS, title="局长"),
    }


def test_assign_then_raise_twice_keeps_the_history(
    org: Org, supervisor: User, leaders: dict[str, User]
) -> None:
    petition = petition_in(org, Status.HANDLING)
    first = services.case_ownership_assign(
        petition=petition, actor=supervisor, leader=leaders["street"], note="属地"
    )
    assert first.level == org.street_a.level and first.ended_at is None
    second = services.case_ownership_raise(petition=petition, actor=supervisor, leader=leaders["district"])
    third = services.case_ownership_raise(petition=petition, actor=supervisor, leader=leaders["city"])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.ended_at is not None and second.ended_at is not None and third.ended_at is None
    assert third.raised_from == second and second.raised_from == first
    assert selectors.ownership_current(petition) == third
    assert [o.leader for o in selectors.ownership_history(petition)] == [
        leaders["city"],
        leaders["district"],
        leaders["street"],
    ]
    assert list(
        SupervisionLog.objects.filter(petition=petition).values_list("action", flat=True).order_by("pk")
    ) == ["ownership_assign", "ownership_raise", "ownership_raise"]
    assert Notification.objects.filter(recipient=leaders["city"], kind=NotificationKind.OWNERSHIP).exists()


@pytest.mark.parametrize("same_or_lower", ["district_2", "street"])
def test_raise_must_go_to_a_higher_level(
    org: Org, supervisor: User, leaders: dict[str, User], same_or_lower: str
) -> None:
    petition = petition_in(org, Status.HANDLING)
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["district"])
    with pytest.raises(ValidationFailed) as error:
        services.case_ownership_raise(petition=petition, actor=supervisor, leader=leaders[same_or_lower])
    assert "leader" in error.value.fields
    assert (
        CaseOwnership.objects.filter(petition=petition, ended_at__isnull=True).get().leader
        == leaders["district"]
    )


def test_assign_twice_and_raise_without_owner_are_refused(
    org: Org, supervisor: User, leaders: dict[str, User]
) -> None:
    petition = petition_in(org, Status.HANDLING)
    with pytest.raises(InvalidTransition):
        services.case_ownership_raise(petition=petition, actor=supervisor, leader=leaders["city"])
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["street"])
    with pytest.raises(InvalidTransition):
        services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["district"])


def test_the_database_holds_one_active_owner(org: Org, supervisor: User, leaders: dict[str, User]) -> None:
    petition = petition_in(org, Status.HANDLING)
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["street"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseOwnership.objects.create(
            petition=petition,
            leader=leaders["city"],
            level=2,
            assigned_by=supervisor,
            assigned_at=timezone.now(),
        )


@pytest.mark.parametrize("status", sorted(TERMINAL))
def test_no_ownership_on_finished_petitions(
    org: Org, supervisor: User, leaders: dict[str, User], status: str
) -> None:
    petition = petition_in(org, status)
    with pytest.raises(InvalidTransition):
        services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["street"])
    with pytest.raises(InvalidTransition):
        services.case_ownership_raise(petition=petition, actor=supervisor, leader=leaders["city"])


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.SIGNED, Status.UNDER_REVIEW])
def test_ownership_on_open_petitions(
    org: Org, supervisor: User, leaders: dict[str, User], status: str
) -> None:
    assert status in OPEN_STATES
    petition = petition_in(org, status)
    assert services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["street"]).pk


def test_release_ends_and_allows_a_new_owner(org: Org, supervisor: User, leaders: dict[str, User]) -> None:
    petition = petition_in(org, Status.HANDLING)
    with pytest.raises(InvalidTransition):
        services.case_ownership_release(petition=petition, actor=supervisor)
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["street"])
    released = services.case_ownership_release(petition=petition, actor=supervisor, note="已化解")
    assert released.ended_at is not None and selectors.ownership_current(petition) is None
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["district"])


def test_only_supervisors_arrange_ownership_and_leaders_must_be_active(
    org: Org, supervisor: User, leaders: dict[str, User]
) -> None:
    petition = petition_in(org, Status.HANDLING)
    for actor in (org.housing_handler, leaders["district"]):
        with pytest.raises(PermissionDenied):
            services.case_ownership_assign(petition=petition, actor=actor, leader=leaders["street"])
    gone = staff(org.district, is_active=False)
    with pytest.raises(ValidationFailed):
        services.case_ownership_assign(petition=petition, actor=supervisor, leader=gone)


def test_only_a_leader_may_own_a_case(org: Org, supervisor: User, leaders: dict[str, User]) -> None:
    """领导包案 is for leaders (roles granting ``lead``), not any handler; a raise too."""
    petition = petition_in(org, Status.HANDLING)
    signer = staff(org.district, perms=[str(Perm.APPROVE)], title="科员")
    for handler in (org.street_a_handler, signer):
        with pytest.raises(ValidationFailed) as error:
            services.case_ownership_assign(petition=petition, actor=supervisor, leader=handler)
        assert error.value.fields == {"leader": "包案领导须为领导干部（所持角色含“领导包案”权限）"}
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leaders["street"])
    with pytest.raises(ValidationFailed):
        services.case_ownership_raise(petition=petition, actor=supervisor, leader=signer)
    assert CaseOwnership.objects.get(petition=petition).leader == leaders["street"]
