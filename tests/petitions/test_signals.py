"""Listeners hear each committed event once, and never events that were rolled back."""

from typing import Any

import pytest
from django.db import transaction

from tests.factories import _dispatch, build_org, draft, register
from xinfang.common.exceptions import ValidationFailed
from xinfang.petitions.constants import Escalation
from xinfang.petitions.services import petition_register
from xinfang.petitions.signals import petition_event_committed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard() -> Any:
    seen: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        seen.append(kwargs)

    petition_event_committed.connect(listen, dispatch_uid="test-listener")
    yield seen
    petition_event_committed.disconnect(dispatch_uid="test-listener")


def test_each_committed_act_is_heard_once_with_its_states(heard: list[dict[str, Any]]) -> None:
    org = build_org()
    petition = register(org)
    _dispatch(org, petition)
    assert [(e["kind"], e["from_status"], e["to_status"]) for e in heard] == [
        ("register", "", "registered"),
        ("dispatch", "registered", "dispatched"),
    ]
    assert all(e["petition_id"] == petition.pk for e in heard)


def test_a_rolled_back_registration_is_not_heard(heard: list[dict[str, Any]]) -> None:
    org = build_org()

    def register_then_fail() -> None:
        with transaction.atomic():
            register(org)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        register_then_fail()
    assert heard == []


def test_a_failing_listener_does_not_undo_the_act(heard: list[dict[str, Any]]) -> None:
    def broken(**kwargs: Any) -> None:
        raise ValueError("listener bug")

    petition_event_committed.connect(broken, dispatch_uid="broken")
    try:
        petition = register(build_org())
    finally:
        petition_event_committed.disconnect(dispatch_uid="broken")
    assert petition.pk and heard[0]["kind"] == "register"


def test_escalation_is_recorded_and_validated() -> None:
    org = build_org()
    petition = register(org, escalation=Escalation.BEIJING)
    petition.refresh_from_db()
    assert petition.get_escalation_display() == "进京"
    with pytest.raises(ValidationFailed) as caught:
        petition_register(draft=draft(org, escalation="moon"))
    assert "escalation" in caught.value.fields
