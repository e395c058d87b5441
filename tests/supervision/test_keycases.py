"""The 重点人/重点案件 ledger: officials, dynamic status, 销号 only when resolved."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from tests.factories import Org, petition_in, staff
from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Status
from xinfang.supervision import selectors, services
from xinfang.supervision.constants import KeyCaseStatus
from xinfang.supervision.models import KeyCase, Notification, SupervisionLog


def _entry(org: Org, supervisor: User, **overrides: object) -> KeyCase:
    values: dict[str, object] = {
        "actor": supervisor,
        "kind": "case",
        "subject": "某小区逾期交房群体诉求",
        "officials": [org.housing_handler, org.street_a_handler],
        "petition": petition_in(org, Status.HANDLING),
        "description": "涉及120户",
    }
    values.update(overrides)
    return services.key_case_create(**values)  # type: ignore[arg-type]


def test_create_with_several_officials_notifies_them(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    assert set(entry.officials.all()) == {org.housing_handler, org.street_a_handler}
    assert entry.status == KeyCaseStatus.RESOLVING and entry.closed_at is None
    assert Notification.objects.filter(recipient=org.street_a_handler).count() == 1
    assert SupervisionLog.objects.filter(key_case=entry, action="key_case_create").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "x"}, "kind"),
        ({"subject": ""}, "subject"),
        ({"status": "resolved"}, "status"),
        ({"officials": []}, "officials"),
    ],
)
def test_create_validates(org: Org, supervisor: User, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        _entry(org, supervisor, **overrides)
    assert field in error.value.fields


def test_only_supervisors_open_entries(org: Org) -> None:
    with pytest.raises(PermissionDenied):
        services.key_case_create(
            actor=org.housing_handler, kind="person", subject="张某", officials=[org.housing_handler]
        )


def test_officials_move_the_status_both_ways(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    entry = services.key_case_set_status(key_case=entry, actor=org.housing_handler, status="stabilising")
    entry = services.key_case_set_status(key_case=entry, actor=org.street_a_handler, status="resolving")
    entry = services.key_case_set_status(key_case=entry, actor=supervisor, status="resolved", note="已签协议")
    assert entry.status == KeyCaseStatus.RESOLVED
    moves = SupervisionLog.objects.filter(key_case=entry, action="key_case_status").order_by("pk")
    assert [(m.from_status, m.to_status) for m in moves] == [
        ("resolving", "stabilising"),
        ("stabilising", "resolving"),
        ("resolving", "resolved"),
    ]


def test_outsiders_and_no_change_are_refused(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    with pytest.raises(PermissionDenied):
        services.key_case_set_status(key_case=entry, actor=org.labour_handler, status="resolved")
    with pytest.raises(ValidationFailed):
        services.key_case_set_status(key_case=entry, actor=supervisor, status="resolving")


@pytest.mark.parametrize("status", [KeyCaseStatus.RESOLVING, KeyCaseStatus.STABILISING])
def test_close_refused_unless_resolved(org: Org, supervisor: User, status: str) -> None:
    entry = _entry(org, supervisor, status=status)
    with pytest.raises(InvalidTransition):
        services.key_case_close(key_case=entry, actor=supervisor, note="销号")
    entry.refresh_from_db()
    assert entry.closed_at is None


def test_close_resolved_records_who_when_and_why_then_freezes(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    entry = services.key_case_set_status(key_case=entry, actor=org.housing_handler, status="resolved")
    with pytest.raises(PermissionDenied):
        services.key_case_close(key_case=entry, actor=org.housing_handler, note="已化解")
    with pytest.raises(ValidationFailed):
        services.key_case_close(key_case=entry, actor=supervisor, note="")
    entry = services.key_case_close(key_case=entry, actor=supervisor, note="协议履行完毕")
    assert (
        entry.closed_by == supervisor and entry.closed_at is not None and entry.close_note == "协议履行完毕"
    )
    for call in (
        lambda: services.key_case_close(key_case=entry, actor=supervisor, note="again"),
        lambda: services.key_case_set_status(key_case=entry, actor=supervisor, status="resolving"),
        lambda: services.key_case_set_officials(key_case=entry, actor=supervisor, officials=[supervisor]),
    ):
        with pytest.raises(InvalidTransition):
            call()


def test_the_database_refuses_closing_an_unresolved_entry(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyCase.objects.filter(pk=entry.pk).update(closed_at=entry.created_at)


def test_officials_can_be_changed_and_new_ones_are_told(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    newcomer = staff(org.street_a)
    services.key_case_set_officials(
        key_case=entry, actor=supervisor, officials=[org.housing_handler, newcomer]
    )
    assert set(entry.officials.all()) == {org.housing_handler, newcomer}
    assert Notification.objects.filter(recipient=newcomer).count() == 1
    assert Notification.objects.filter(recipient=org.housing_handler).count() == 1
    with pytest.raises(PermissionDenied):
        services.key_case_set_officials(key_case=entry, actor=org.housing_handler, officials=[newcomer])


def test_ledger_visibility(org: Org, supervisor: User) -> None:
    entry = _entry(org, supervisor)
    assert list(selectors.key_cases_visible_to(supervisor)) == [entry]
    assert list(selectors.key_cases_visible_to(org.street_a_handler)) == [entry]
    assert list(selectors.key_cases_visible_to(org.labour_handler)) == []


def test_the_ledger_is_checked_entry_by_entry_not_joined_with_the_petitions(
    org: Org, supervisor: User
) -> None:
    """Issue 13: the overview's ledger part follows the ledger. Each entry is tested with correlated
    EXISTS (the petition by its key, the officials by the entry), never a DISTINCT over a join with
    every visible petition; an entry with two officials of the reader is listed once."""
    linked = _entry(org, supervisor, officials=[supervisor, org.housing_handler])
    person = _entry(org, supervisor, petition=None, subject="王某某", kind="person", officials=[supervisor])
    sql = str(selectors.key_cases_visible_to(supervisor).query).upper()
    assert "DISTINCT" not in sql and sql.count("EXISTS") == 2
    assert list(selectors.key_cases_visible_to(supervisor).filter(closed_at__isnull=True)) == [person, linked]
    assert list(selectors.key_cases_visible_to(org.housing_handler)) == [linked]
