"""The warning job: levels by the configured ratio, recipients, escalation, and exactly-once delivery."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from tests.factories import Org, petition_in, staff
from tests.supervision.conftest import issue
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Deadline, Petition
from xinfang.supervision import services
from xinfang.supervision.constants import NotificationKind, WarningLevel
from xinfang.supervision.models import Notification, WarningMark
from xinfang.supervision.warning_job import clock_level, warnings_run


def _d3(petition: Petition) -> Deadline:
    return Deadline.objects.get(petition=petition, code="D3")


def _warn_day(clock: Deadline, ratio: float = 0.8) -> date:
    assert clock.due_on is not None
    return clock.start_on + timedelta(days=math.ceil((clock.due_on - clock.start_on).days * ratio))


def _recipients(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.mark.parametrize(
    ("today_offset", "expected"),
    [(0, None), (11, None), (12, "warn"), (15, "warn"), (16, "overdue")],
)
def test_clock_level_by_share_of_time(today_offset: int, expected: str | None) -> None:
    start = date(2026, 3, 2)
    assert (
        clock_level(start, start + timedelta(days=15), start + timedelta(days=today_offset), 0.8) == expected
    )


def test_nothing_before_the_warn_ratio(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    run = warnings_run(today=_warn_day(_d3(petition)) - timedelta(days=1))
    assert run.total == 0 and not Notification.objects.exists()


def test_warn_notifies_the_unit_handlers_once(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    today = _warn_day(_d3(petition))
    first = warnings_run(today=today)
    assert first.created[WarningLevel.WARN] == 1 and first.total == 1
    note = Notification.objects.get()
    assert note.recipient == org.housing_handler and note.kind == NotificationKind.CLOCK_WARN
    assert petition.number in note.title and note.petition == petition and note.read_at is None
    second = warnings_run(today=today)
    assert second.total == 0 and second.already_sent == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [note.pk]


def test_a_chunk_is_written_set_based_not_row_by_row(org: Org, supervisor: User) -> None:
    """#13: the writes do not grow with the notifications (they did: a transaction per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def writes(count: int) -> tuple[int, int]:
        petitions = [petition_in(org, Status.SIGNED) for _ in range(count)]
        day = max(_d3(p).due_on for p in petitions) + timedelta(days=1)  # all overdue: 3 levels each
        with CaptureQueriesContext(connection) as ctx:
            run = warnings_run(today=day)
        inserts = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]
        return run.total, len(inserts)

    few_total, few_inserts = writes(2)
    many_total, many_inserts = writes(12)
    assert many_total > few_total >= 2
    # notifications, marks, unread counters per chunk: the same three statements for 2 or 14 petitions
    assert many_inserts == few_inserts == 3


def test_the_running_clocks_are_read_in_one_query_without_a_server_side_cursor(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cursor is planned for its first tenth of rows: 15 s instead of 1.2 s at a million petitions."""
    from django.db import connection
    from django.db.models import QuerySet
    from django.test.utils import CaptureQueriesContext

    def no_cursor(*args: object, **kwargs: object) -> None:
        raise AssertionError("the warning job reads through a server-side cursor")

    monkeypatch.setattr(QuerySet, "iterator", no_cursor)
    petitions = [petition_in(org, Status.SIGNED) for _ in range(3)]
    day = max(_d3(p).due_on for p in petitions) + timedelta(days=1)  # type: ignore[type-var]
    with CaptureQueriesContext(connection) as ctx:
        assert warnings_run(today=day).total > 0
    assert len([q for q in ctx.captured_queries if 'FROM "petitions_deadline"' in q["sql"]]) == 1


def test_run_twice_gives_the_same_notifications_at_every_level(org: Org, supervisor: User) -> None:
    petitions = [petition_in(org, Status.SIGNED) for _ in range(3)]
    issue(org, supervisor, target_unit=org.labour)
    overdue_day = _d3(petitions[0]).due_on + timedelta(days=1)  # type: ignore[operator]
    first = warnings_run(today=overdue_day)
    before = sorted(Notification.objects.values_list("recipient_id", "kind", "title"))
    second = warnings_run(today=overdue_day)
    assert first.total > 0 and second.total == 0 and second.already_sent == first.total
    assert sorted(Notification.objects.values_list("recipient_id", "kind", "title")) == before
    assert (
        WarningMark.objects.count() == Notification.objects.filter(mark__isnull=False).count() == first.total
    )


def test_overdue_notifies_handler_and_owner_and_escalates_to_supervisors(org: Org, supervisor: User) -> None:
    petition = petition_in(org, Status.SIGNED)
    leader = staff(org.district, perms=[str(Perm.APPROVE), str(Perm.LEAD)])
    services.case_ownership_assign(petition=petition, actor=supervisor, leader=leader)
    today = _d3(petition).due_on + timedelta(days=2)  # type: ignore[operator]
    run = warnings_run(today=today)
    assert run.created[WarningLevel.OVERDUE] == 2 and run.created[WarningLevel.ESCALATED] >= 1
    assert _recipients(NotificationKind.CLOCK_OVERDUE) == {org.housing_handler.pk, leader.pk}
    escalated = _recipients(NotificationKind.CLOCK_ESCALATED)
    assert supervisor.pk in escalated
    # A department's staff never receive the supervising office's escalation, permission or not.
    assert org.housing_handler.pk not in escalated and org.housing_handler.may(Perm.SUPERVISE)
    title = (
        Notification.objects.filter(kind=NotificationKind.CLOCK_ESCALATED, recipient=supervisor).get().title
    )
    assert "超期2天" in title and org.housing.name in title


def test_escalation_only_to_supervisors_who_can_see_the_petition(org: Org, supervisor: User) -> None:
    petition = petition_in(org, Status.SIGNED)
    blind = staff(org.government, perms=[str(Perm.SUPERVISE)])  # own-unit scope: cannot see it
    warnings_run(today=_d3(petition).due_on + timedelta(days=1))  # type: ignore[operator]
    escalated = _recipients(NotificationKind.CLOCK_ESCALATED)
    assert supervisor.pk in escalated and blind.pk not in escalated


def test_moving_from_warn_to_overdue_adds_only_the_new_level(org: Org, supervisor: User) -> None:
    petition = petition_in(org, Status.SIGNED)
    clock = _d3(petition)
    warnings_run(today=_warn_day(clock))
    run = warnings_run(today=clock.due_on + timedelta(days=1))  # type: ignore[operator]
    assert run.created[WarningLevel.WARN] == 0 and run.created[WarningLevel.OVERDUE] == 1
    levels = WarningMark.objects.filter(recipient=org.housing_handler).values_list("level", flat=True)
    assert sorted(levels) == ["overdue", "warn"]


def test_named_handler_is_the_responsible_person(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    colleague = staff(org.housing)
    Petition.objects.filter(pk=petition.pk).update(handler=colleague)
    warnings_run(today=_warn_day(_d3(petition)))
    assert _recipients(NotificationKind.CLOCK_WARN) == {colleague.pk}


def test_stopped_clocks_windows_and_closed_petitions_are_quiet(org: Org) -> None:
    petition_in(org, Status.ANSWERED)  # D5 met by the reply; D7 is the petitioner's window
    petition_in(org, Status.CLOSED)
    run = warnings_run(today=timezone.localdate() + timedelta(days=400))
    assert run.total == 0


def test_warn_ratio_comes_from_settings(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    clock = _d3(petition)
    early = _warn_day(clock, 0.5)
    assert warnings_run(today=early).total == 0
    with override_settings(XINFANG_RULES={**settings.XINFANG_RULES, "warn_ratio": 0.5}):
        assert warnings_run(today=early).created[WarningLevel.WARN] == 1


def test_the_database_refuses_a_second_mark(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    warnings_run(today=_warn_day(_d3(petition)))
    mark = WarningMark.objects.get()
    duplicate = Notification.objects.create(
        recipient=mark.recipient, kind="clock_warn", title="dup", created_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        WarningMark.objects.create(
            subject=mark.subject,
            level=mark.level,
            recipient=mark.recipient,
            notification=duplicate,
            due_on=mark.due_on,
            created_at=timezone.now(),
        )


def test_a_mark_written_by_a_concurrent_run_is_respected(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-check misses a mark another run wrote meanwhile; the unique key still holds."""
    from xinfang.supervision import warning_job

    petition = petition_in(org, Status.SIGNED)
    today = _warn_day(_d3(petition))
    warnings_run(today=today)
    monkeypatch.setattr(warning_job.WarningMark.objects, "filter", lambda **kw: WarningMark.objects.none())
    run = warnings_run(today=today)
    assert run.total == 0 and run.already_sent == 1 and Notification.objects.count() == 1


def test_overdue_order_warns_the_unit_and_escalates_to_the_issuer(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor, target_unit=org.labour, due_on=timezone.localdate() + timedelta(days=10))
    run = warnings_run(today=timezone.localdate() + timedelta(days=8))
    assert run.created[WarningLevel.WARN] == 1
    assert _recipients(NotificationKind.ORDER_WARN) == {org.labour_handler.pk}
    run = warnings_run(today=order.due_on + timedelta(days=1))
    assert run.created[WarningLevel.OVERDUE] == 1 and run.created[WarningLevel.ESCALATED] == 1
    escalated = WarningMark.objects.get(level=WarningLevel.ESCALATED)
    assert escalated.recipient == supervisor and escalated.subject == f"order:{order.pk}"


def test_answered_orders_are_not_chased(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    services.supervision_order_submit_feedback(
        order=order, actor=org.housing_handler, feedback="已整改", adoption="adopted"
    )
    assert warnings_run(today=order.due_on + timedelta(days=5)).total == 0


def test_command_runs_and_repeats_safely(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    day = _warn_day(_d3(petition)).isoformat()
    out = StringIO()
    call_command("warnings", "run", "--today", day, stdout=out)
    assert "即将到期 1 条" in out.getvalue()
    out = StringIO()
    call_command("warnings", "run", "--today", day, stdout=out)
    assert "即将到期 0 条" in out.getvalue() and "此前已发送 1 条" in out.getvalue()
    assert Notification.objects.count() == 1


def test_command_rejects_a_bad_date(db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("warnings", "run", "--today", "明天")


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _travel_to(day: date) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(9))), tick=False)


@override_settings(TASKS=IMMEDIATE)
def test_task_runs_on_the_immediate_backend_and_is_idempotent(org: Org) -> None:
    import django_tasks.signals  # noqa: F401  (resets backends when TASKS changes)
    from django_tasks import TaskResultStatus

    from xinfang.supervision.tasks import warnings_run_task

    petition = petition_in(org, Status.SIGNED)
    with _travel_to(_warn_day(_d3(petition))):
        first = warnings_run_task.enqueue()
        second = warnings_run_task.enqueue()
    assert first.status == TaskResultStatus.SUCCESSFUL and second.status == TaskResultStatus.SUCCESSFUL
    assert first.return_value["warn"] == 1 and second.return_value["warn"] == 0
    assert second.return_value["already_sent"] == 1 and Notification.objects.count() == 1


@override_settings(
    XINFANG_NOTIFICATION_SENDER="xinfang.supervision.senders.email_sender",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_email_sender_after_commit_and_only_for_new_notifications(
    org: Org,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    petition = petition_in(org, Status.SIGNED)
    User.objects.filter(pk=org.housing_handler.pk).update(email="zhujian@example.org")
    today = _warn_day(_d3(petition))
    with django_capture_on_commit_callbacks(execute=True):
        warnings_run(today=today)
    assert [m.to for m in mail.outbox] == [["zhujian@example.org"]]
    assert "期限预警" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        warnings_run(today=today)
    assert len(mail.outbox) == 1


def broken_sender(notification: Notification) -> None:
    raise ConnectionError("SMS gateway down")


@override_settings(XINFANG_NOTIFICATION_SENDER="tests.supervision.test_warnings.broken_sender")
def test_a_failing_gateway_keeps_the_in_app_notification(
    org: Org,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    petition = petition_in(org, Status.SIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        run = warnings_run(today=_warn_day(_d3(petition)))
    assert run.total == 1 and Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "key"), [("web:petition-detail", 7), ("supervision:order-detail", 12345678901)]
)
def test_links_are_reversed_once_and_formatted_per_key(name: str, key: int) -> None:
    from django.urls import reverse

    from xinfang.supervision.warning_job import _link_maker

    assert _link_maker(name)(key) == reverse(name, args=[key])
