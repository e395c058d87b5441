"""The unread-notification counter follows every writer and equals a recount (ADR 0014 §7)."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import Org, petition_in
from tests.supervision.conftest import issue
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Status
from xinfang.supervision import selectors, services
from xinfang.supervision.models import Notification, UnreadTally
from xinfang.supervision.unread import unread_problems, unread_rebuild
from xinfang.supervision.warning_job import warnings_run


def test_counter_follows_notify_read_and_read_all(org: Org, supervisor: User) -> None:
    issue(org, supervisor)
    issue(org, supervisor)
    assert selectors.unread_count(org.housing_handler) == 2 and unread_problems() == []
    first = selectors.notifications_for(org.housing_handler).first()
    assert first is not None
    services.notification_mark_read(notification_id=first.pk, user=org.housing_handler)
    services.notification_mark_read(notification_id=first.pk, user=org.housing_handler)  # a replay
    assert selectors.unread_count(org.housing_handler) == 1 and unread_problems() == []
    assert services.notification_mark_all_read(user=org.housing_handler) == 1
    assert selectors.unread_count(org.housing_handler) == 0 and unread_problems() == []


def test_counter_follows_the_warning_job(org: Org, supervisor: User) -> None:
    petition = petition_in(org, Status.SIGNED)
    d3 = petition.deadlines.get(code="D3")
    run = warnings_run(today=d3.due_on + timedelta(days=1))
    assert run.total > 0
    assert unread_problems() == []
    again = warnings_run(today=d3.due_on + timedelta(days=1))
    assert again.total == 0 and unread_problems() == []


def test_badge_reads_one_counter_row(org: Org, supervisor: User) -> None:
    for _ in range(3):
        issue(org, supervisor)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.unread_count(org.housing_handler) == 3
    assert len(queries) == 1 and "supervision_notification" not in queries[0]["sql"]


def test_rebuild_repairs_drift(org: Org, supervisor: User) -> None:
    issue(org, supervisor)
    UnreadTally.objects.update(unread=9)
    assert unread_problems() == [f"接收人 {org.housing_handler.pk}：计数器 9，实际 1"]
    unread_rebuild()
    assert unread_problems() == []
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
