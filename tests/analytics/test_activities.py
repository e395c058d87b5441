"""The activity log: service rules, the staff page, and the annual figures built from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import Org
from xinfang.analytics.annual import activity_counts
from xinfang.analytics.models import Activity, ActivityKind
from xinfang.analytics.periods import Period
from xinfang.analytics.services import activity_record
from xinfang.common.exceptions import PermissionDenied, ValidationFailed


def test_record_and_count(org: Org) -> None:
    day = date(2025, 3, 5)
    common = {"actor": org.registrar, "unit": org.bureau}
    activity_record(
        **common,
        kind=ActivityKind.RECEPTION,
        held_on=day,
        title="接访",
        batches=2,
        person_times=9,
        lawyers=2,
        social_workers=1,
        psychologists=1,
    )
    activity_record(
        **common,
        kind=ActivityKind.LEADER_RECEPTION,
        held_on=day,
        title="局长接访日",
        person_times=4,
        leader="王局长",
        lawyers=1,
    )
    activity_record(
        **common,
        kind=ActivityKind.LEADER_RECEPTION,
        held_on=day,
        title="局长接访日（下午）",
        person_times=2,
        leader="王局长",
    )
    activity_record(
        **common,
        kind=ActivityKind.LEGAL_CONSULTATION,
        held_on=day,
        title="律师咨询",
        batches=3,
        person_times=12,
    )
    activity_record(**common, kind=ActivityKind.TRAINING, held_on=day, title="条例培训", person_times=40)
    counts = activity_counts(Period.year(2025))
    assert counts["reception_all_batches"] == 2 + 1 + 1
    assert counts["reception_all_people"] == 9 + 4 + 2
    assert (counts["lawyers"], counts["social_workers"], counts["psychologists"]) == (3, 1, 1)
    assert counts["leader_reception_days"] == 1  # two sessions on one day
    assert (counts["legal_consultation_batches"], counts["legal_consultation_people"]) == (3, 12)
    assert (counts["training_records"], counts["training_people"]) == (1, 40)
    assert activity_counts(Period.year(2024))["reception_all_batches"] == 0


def test_validation(org: Org) -> None:
    with pytest.raises(ValidationFailed) as error:
        activity_record(
            actor=org.registrar,
            unit=org.bureau,
            kind=ActivityKind.LEADER_RECEPTION,
            held_on=timezone.localdate() + timedelta(days=1),
            title=" ",
            batches=0,
            person_times=-1,
        )
    assert set(error.value.fields) == {"held_on", "title", "batches", "person_times", "leader"}


def test_permission(org: Org) -> None:
    from tests.factories import staff

    reader = staff(org.housing, perms=[])
    with pytest.raises(PermissionDenied):
        activity_record(
            actor=reader,
            unit=org.housing,
            kind=ActivityKind.TRAINING,
            held_on=timezone.localdate(),
            title="培训",
        )


def test_staff_page(org: Org) -> None:
    client = Client()
    client.force_login(org.registrar)
    assert client.get("/analytics/activities/").status_code == 200
    response = client.post(
        "/analytics/activities/",
        {
            "kind": "publicity",
            "held_on": timezone.localdate().isoformat(),
            "unit": org.bureau.pk,
            "title": "条例宣传进社区",
            "batches": 1,
            "person_times": 80,
            "lawyers": 0,
            "social_workers": 0,
            "psychologists": 0,
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().title == "条例宣传进社区"
    page = client.get("/analytics/activities/").content.decode()
    assert "条例宣传进社区" in page
