"""催办 on orders and on petitions."""

from __future__ import annotations

import pytest

from tests.factories import Org, petition_in, staff
from tests.supervision.conftest import issue
from xinfang.common.exceptions import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES, TERMINAL, Status
from xinfang.petitions.models import Petition
from xinfang.supervision import selectors, services
from xinfang.supervision.constants import NotificationKind
from xinfang.supervision.models import Notification, Reminder, SupervisionLog


def test_remind_an_order_notifies_the_target_unit(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    reminder = services.reminder_send_for_order(order=order, actor=supervisor, note="请于本周内反馈")
    assert reminder.target_unit == org.housing and reminder.order == order
    assert list(selectors.reminders_for_order(order)) == [reminder]
    assert Notification.objects.filter(recipient=org.housing_handler, kind=NotificationKind.REMINDER).exists()
    assert SupervisionLog.objects.filter(order=order, action="order_remind").exists()


def test_remind_needs_a_note_and_a_supervisor(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    with pytest.raises(ValidationFailed):
        services.reminder_send_for_order(order=order, actor=supervisor, note=" ")
    with pytest.raises(PermissionDenied):
        services.reminder_send_for_order(order=order, actor=org.labour_handler, note="催")
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("status", [Status.REGISTERED, Status.SIGNED, Status.HANDLING, Status.UNDER_RECHECK])
def test_remind_an_open_petition_goes_to_the_unit_holding_it(org: Org, supervisor: User, status: str) -> None:
    assert status in OPEN_STATES
    petition = petition_in(org, status)
    reminder = services.reminder_send_for_petition(petition=petition, actor=supervisor, note="请加快办理")
    assert reminder.target_unit_id == petition.current_unit_id
    assert list(selectors.reminders_for_petition(petition)) == [reminder]
    assert Notification.objects.filter(petition=petition, kind=NotificationKind.REMINDER).exists()


def test_remind_goes_to_the_named_handler_when_there_is_one(org: Org, supervisor: User) -> None:
    petition = petition_in(org, Status.HANDLING)
    colleague = staff(org.housing)
    Petition.objects.filter(pk=petition.pk).update(handler=colleague)
    services.reminder_send_for_petition(petition=petition, actor=supervisor, note="请加快办理")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [colleague.pk]


@pytest.mark.parametrize("status", sorted(TERMINAL))
def test_no_reminder_for_finished_petitions(org: Org, supervisor: User, status: str) -> None:
    petition = petition_in(org, status)
    with pytest.raises(InvalidTransition):
        services.reminder_send_for_petition(petition=petition, actor=supervisor, note="催办")


def test_remind_a_petition_out_of_sight_is_not_found(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    narrow = staff(org.government, perms=[str(Perm.SUPERVISE)])
    with pytest.raises(NotFound):
        services.reminder_send_for_petition(petition=petition, actor=narrow, note="催办")
