"""重点案件 is a maintained flag (issue 13): it equals its definition after every write that can change
it, the doctor finds a broken one, and the list filter reads the flag alone."""

from __future__ import annotations

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.factories import Org, person, petition_in, register, valid_id
from tests.ledgers.test_ledgers import HEADER, logged_in, xlsx
from xinfang.common.counters import counters_check
from xinfang.intake.services import petition_links_confirm
from xinfang.petitions import pages, services
from xinfang.petitions.constants import Channel, LinkKind
from xinfang.petitions.keycase import (
    THRESHOLD,
    key_case_definition,
    key_case_problems,
    key_cases_disagreeing,
    key_cases_follow_threshold,
)
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import AppliedPractice, Petition, PetitionLink
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to
from xinfang.petitions.services.core import apply_act

pytestmark = pytest.mark.django_db

migration = import_module("xinfang.petitions.migrations.0014_key_case_flag")


def threshold(value: int):  # type: ignore[no-untyped-def]
    return override_settings(XINFANG_RULES={**settings.XINFANG_RULES, "collective_threshold": value})


def flag(petition: Petition) -> bool:
    return Petition.objects.values_list("is_key_case", flat=True).get(pk=petition.pk)


def assert_flags_follow_definition() -> None:
    assert list(key_cases_disagreeing(Petition.objects.all()).values_list("number", flat=True)) == []


def test_registration_sets_the_flag_for_major_and_collective_only(org: Org) -> None:
    plain = register(org)
    major = register(org, major_urgent=True)
    collective = register(org, channel=Channel.VISIT, people_count=5, representatives=[person()])
    four = register(org, channel=Channel.VISIT, people_count=4)
    assert [flag(p) for p in (plain, major, collective, four)] == [False, True, True, False]
    assert (major.is_key_case, plain.is_key_case) == (True, False)  # the returned instance agrees
    assert_flags_follow_definition()


def test_the_art25_report_makes_a_matter_a_key_case(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    assert not flag(petition)
    petition = services.petition_report_major(
        petition=petition,
        actor=org.housing_handler,
        recipient="party_government",
        reported_to="区委、区政府",
        summary="数十名业主聚集",
    )
    assert petition.major_urgent and petition.is_key_case and flag(petition)
    assert_flags_follow_definition()


def test_an_act_that_changes_the_number_of_people_re_derives_the_flag(org: Org) -> None:
    """People_count is not correctable today (corrections.CORRECTABLE); any act that changes a field
    the definition reads goes through apply_act, which re-derives the flag, up and down."""
    petition = register(org)
    petition = apply_act(
        petition,
        actor=org.registrar,
        act=Act.CORRECT,
        changes={"people_count": 8},
        payload={"field": "people_count"},
    )
    assert petition.is_key_case and flag(petition)
    petition = apply_act(
        petition,
        actor=org.registrar,
        act=Act.CORRECT,
        changes={"people_count": 1},
        payload={"field": "people_count"},
    )
    assert not petition.is_key_case and not flag(petition)
    assert_flags_follow_definition()


def test_a_correction_keeps_the_flag(org: Org) -> None:
    petition = register(org, major_urgent=True)
    petition = services.petition_correct(
        petition=petition, actor=org.registrar, field="channel", new=Channel.VISIT, reason="登记错误"
    )
    assert petition.is_key_case and flag(petition)
    assert_flags_follow_definition()


def test_refusing_a_repeat_petition_links_it_and_makes_it_a_key_case(org: Org) -> None:
    same = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=same)
    petition = register(org, petitioner=same)
    assert not flag(petition)
    petition = services.petition_refuse_repeat(
        petition=petition, actor=org.registrar, ground="after_recheck", reason="同一事实理由", earlier=earlier
    )
    assert petition.is_key_case and flag(petition) and not flag(earlier)
    assert_flags_follow_definition()


def test_a_confirmed_same_petitioner_link_is_a_repeat_but_a_similar_text_is_not(org: Org) -> None:
    earlier = register(org)
    repeat, duplicate = register(org), register(org)
    petition_links_confirm(petition=repeat, actor=org.registrar, picks=[f"{earlier.pk}:same_petitioner:1"])
    petition_links_confirm(petition=duplicate, actor=org.registrar, picks=[f"{earlier.pk}:similar_text:0.9"])
    assert (flag(repeat), flag(duplicate), flag(earlier)) == (True, False, False)
    assert repeat.is_key_case
    assert_flags_follow_definition()


def test_imported_history_carries_the_flag(org: Org) -> None:
    header = [*HEADER, "人数"]
    base = ["来访", "劳资纠纷", "", "公司拖欠工资", "甲", "", "", "甲社区", "2025-03-01"]
    rows = [
        header,
        [*base[:2], "集体", *base[3:5], valid_id(3), *base[6:], "6"],
        [*base[:2], "个人", *base[3:], "1"],
    ]
    page = logged_in(org.registrar).post(
        "/ledgers/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(rows))}
    )
    assert "已导入 2 件" in page.content.decode()
    assert dict(Petition.objects.values_list("title", "is_key_case")) == {"集体": True, "个人": False}
    assert_flags_follow_definition()


def test_a_changed_threshold_re_derives_every_flag_up_and_down(org: Org) -> None:
    three = register(org, channel=Channel.VISIT, people_count=3)
    five = register(org, channel=Channel.VISIT, people_count=5, representatives=[person()])
    major = register(org, major_urgent=True, people_count=3)
    assert key_cases_follow_threshold() is None  # the threshold the flags were derived with
    with threshold(3):
        assert key_cases_disagreeing(Petition.objects.all()).count() == 1  # stale until re-derived
        assert key_cases_follow_threshold() == 1
        assert [flag(p) for p in (three, five, major)] == [True, True, True]
        assert AppliedPractice.objects.get(name=THRESHOLD).value == "3"
        assert_flags_follow_definition()
        assert key_cases_follow_threshold() is None  # nothing to do twice
    with threshold(6):
        assert key_cases_follow_threshold() == 2
        assert [flag(p) for p in (three, five, major)] == [False, False, True]
        assert_flags_follow_definition()
    assert key_cases_follow_threshold() == 1
    assert [flag(p) for p in (three, five, major)] == [False, True, True]


def test_migrate_notices_a_changed_threshold(org: Org) -> None:
    """The setting changes with a restart; ``xinfang migrate`` runs before the web service starts."""
    four = register(org, channel=Channel.VISIT, people_count=4)
    with threshold(4):
        call_command("migrate", verbosity=0)
        assert flag(four)
        assert AppliedPractice.objects.get(name=THRESHOLD).value == "4"


def test_the_migration_fills_the_flag_set_based(org: Org) -> None:
    major, plain = register(org, major_urgent=True), register(org)
    repeat = register(org)
    PetitionLink.objects.create(source=repeat, target=plain, kind=LinkKind.REPEAT_OF)
    Petition.objects.update(is_key_case=False)
    AppliedPractice.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        migration.fill(apps, None)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "petitions_petition" in updates[0]
    assert [flag(p) for p in (major, plain, repeat)] == [True, False, True]
    assert AppliedPractice.objects.get(name=THRESHOLD).value == "5"


def test_the_doctor_finds_a_broken_flag_and_tally_rebuild_repairs_it(org: Org) -> None:
    major = register(org, major_urgent=True)
    plain = register(org)
    assert key_case_problems() == []
    Petition.objects.filter(pk=major.pk).update(is_key_case=False)
    Petition.objects.filter(pk=plain.pk).update(is_key_case=True)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("doctor", stdout=out)
    text = out.getvalue()
    assert "重点案件标记" in text and "2 件信访事项的重点案件标记与定义不一致" in text
    assert f"{major.number}（应为重点案件）" in text and f"{plain.number}（应为非重点案件）" in text
    call_command("tally", "rebuild", stdout=StringIO())
    assert counters_check() == [] and (flag(major), flag(plain)) == (True, False)


def test_the_key_case_filter_reads_the_flag_and_returns_what_the_definition_says(org: Org) -> None:
    plain = register(org)
    major = register(org, major_urgent=True)
    collective = register(org, channel=Channel.VISIT, people_count=12, representatives=[person()])
    repeat = register(org)
    petition_links_confirm(petition=repeat, actor=org.registrar, picks=[f"{plain.pk}:same_petitioner:1"])
    duplicate = register(org)
    petition_links_confirm(petition=duplicate, actor=org.registrar, picks=[f"{plain.pk}:similar_text:0.9"])
    visible = petitions_visible_to(org.registrar)
    filtered = petitions_filter(visible, key=True)
    by_definition = visible.filter(key_case_definition())
    assert set(filtered) == set(by_definition) == {major, collective, repeat}
    where = str(filtered.query).split(" WHERE ", 1)[1]
    assert "is_key_case" in where and "petitionlink" not in where and "people_count" not in where
    pages.boundary_forget()
    with CaptureQueriesContext(connection) as queries:
        page = pages.list_page(filtered, order="received", size=2)
    # The boundary probe, the window (the table is smaller than the probe; walked in order, its
    # planner settings set and reset on PostgreSQL) and the page rows.
    switches = 2 if connection.vendor == "postgresql" else 0
    assert len(queries.captured_queries) == 3 + switches and page.plan == "window"
    newest = sorted([major, collective, repeat], key=lambda p: (p.received_at, p.pk), reverse=True)
    assert page.object_list == newest[:2] and page.count == 3 and page.has_next


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_on_postgresql_the_few_probe_scans_the_partial_index(org: Org) -> None:
    for _ in range(3):
        register(org, major_urgent=True)
    for _ in range(3):
        register(org)
    filtered = petitions_filter(Petition.objects.all(), key=True)
    with pages._bitmap_only():
        plan = filtered.order_by().values_list("pk", "received_at").explain()
    assert "petition_key_" in plan, plan
