"""Who sees which orders and notifications."""

from __future__ import annotations

import pytest

from tests.factories import Org, petition_in, staff
from tests.supervision.conftest import issue, order_in
from xinfang.common.exceptions import NotFound
from xinfang.orgs.constants import DataScope, Perm
from xinfang.orgs.models import User
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import Status
from xinfang.supervision import selectors, services
from xinfang.supervision.constants import OrderStatus


def test_orders_seen_by_issuer_scope_and_target_unit_only(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    assert selectors.order_get_for(supervisor, order.pk) == order
    assert selectors.order_get_for(org.housing_handler, order.pk) == order
    assert selectors.order_get_for(org.registrar, order.pk) == order  # issuer's own unit
    for outsider in (org.labour_handler, org.street_a_handler):
        with pytest.raises(NotFound):
            selectors.order_get_for(outsider, order.pk)


def test_listed_orders_are_seen_by_all_staff_until_closed(org: Org, supervisor: User) -> None:
    order = order_in(org, supervisor, OrderStatus.ACCEPTED, listed=True)
    assert list(selectors.orders_listed(org.labour_handler)) == [order]
    services.supervision_order_close(order=order, actor=supervisor)
    assert list(selectors.orders_listed(org.labour_handler)) == []
    with pytest.raises(NotFound):
        selectors.order_get_for(org.labour_handler, order.pk)


def test_accusation_orders_hidden_from_the_accused(org: Org, supervisor: User) -> None:
    petition = petition_in(
        org,
        Status.REGISTERED,
        type=PetitionType.ACCUSATION,
        category=org.categories["accusation"],
        accused_unit=org.labour,
        accused_description="人社局某干部",
    )
    order = issue(org, supervisor, petition=petition, target_unit=org.housing, listed=True)
    assert selectors.order_get_for(org.housing_handler, order.pk) == order
    assert list(selectors.orders_listed(org.labour_handler)) == []


def test_desk_lists(org: Org, supervisor: User) -> None:
    waiting = issue(org, supervisor)
    answered = order_in(org, supervisor, OrderStatus.FEEDBACK_SUBMITTED)
    returned = order_in(org, supervisor, OrderStatus.RETURNED)
    assert set(selectors.orders_to_answer(org.housing_handler)) == {waiting, returned}
    assert set(selectors.orders_issued_by_office(supervisor)) == {waiting, answered, returned}
    assert list(selectors.orders_to_answer(org.labour_handler)) == []


def test_self_scope_supervisor_sees_own_orders(org: Org, supervisor: User) -> None:
    own = staff(org.bureau, scope=DataScope.SELF, perms=[str(Perm.SUPERVISE)])
    mine = issue(org, own, target_unit=org.street_b)
    theirs = issue(org, supervisor, target_unit=org.street_b)
    visible = set(selectors.orders_visible_to(own))
    assert mine in visible and theirs not in visible


def test_notifications_are_private_and_marked_read(org: Org, supervisor: User) -> None:
    issue(org, supervisor)
    assert selectors.unread_count(org.housing_handler) == 1
    note = selectors.notifications_for(org.housing_handler).get()
    with pytest.raises(NotFound):
        services.notification_mark_read(notification_id=note.pk, user=org.labour_handler)
    services.notification_mark_read(notification_id=note.pk, user=org.housing_handler)
    assert selectors.unread_count(org.housing_handler) == 0
    issue(org, supervisor)
    issue(org, supervisor)
    assert services.notification_mark_all_read(user=org.housing_handler) == 2
    assert selectors.unread_count(org.housing_handler) == 0
