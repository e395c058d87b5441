"""更正 (ADR 0014 §6): a mistyped received date, channel or petitioner detail is corrected by an act
appended to the chain (who, why, old and new value); the clocks are re-derived from the corrected
facts; ``xinfang audit verify`` still passes; editing an event row stays detectable tampering."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.factories import Org, petition_in, register
from xinfang.audit.verify import chain_verify
from xinfang.common.exceptions import PermissionDenied, ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition, PetitionEvent

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def on(day: str) -> time_machine.travel:
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ), tick=False)


def registered_on(org: Org, day: str, **overrides: object) -> Petition:
    with on(day):
        return register(org, received_at=timezone.now(), **overrides)


def correct(org: Org, petition: Petition, field: str, new: str, reason: str = "登记时录入错误") -> Petition:
    return services.petition_correct(
        petition=petition, actor=org.registrar, field=field, new=new, reason=reason
    )


def test_art22_corrected_received_date_rederives_d1(org: Org) -> None:
    petition = registered_on(org, "2025-06-16")  # the letter was in fact received on 06-02
    assert petition.deadlines.get(code="D1").due_on == date(2025, 7, 1)
    with on("2025-06-17"):
        petition = correct(org, petition, "received_on", "2025-06-02", reason="信封邮戳为6月2日")
    d1 = petition.deadlines.get(code="D1")
    assert (d1.start_on, d1.due_on) == (date(2025, 6, 2), date(2025, 6, 17))
    assert timezone.localdate(petition.received_at) == date(2025, 6, 2)
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "correct" and event.actor == org.registrar
    assert {k: event.payload[k] for k in ("field", "old", "new", "reason")} == {
        "field": "received_on",
        "old": "2025-06-16",
        "new": "2025-06-02",
        "reason": "信封邮戳为6月2日",
    }
    # The registration event is untouched: the chain verifies.
    assert petition.events.get(kind="register").payload["received_on"] == "2025-06-16"
    assert list(chain_verify()) == []
    call_command("audit", "verify")


def test_art22_corrected_received_date_survives_a_later_refresh(org: Org) -> None:
    petition = registered_on(org, "2025-06-16")
    with on("2025-06-17"):
        petition = correct(org, petition, "received_on", "2025-06-02")
        petition = services.petition_dispatch(
            petition=petition, actor=org.registrar, to_unit=org.housing, mode="transfer"
        )
    # 06-17 is the corrected D1's last day: met, not overdue.
    assert petition.deadlines.get(code="D1").state == "met"


def test_art23_corrected_received_date_moves_d2_of_a_direct_petition(org: Org) -> None:
    petition = registered_on(
        org, "2025-06-16", registered_unit=org.housing, registered_by=org.housing_handler
    )
    with on("2025-06-17"):
        petition = services.petition_correct(
            petition=petition, actor=org.housing_handler, field="received_on", new="2025-06-10", reason="补正"
        )
    assert petition.deadlines.get(code="D2").start_on == date(2025, 6, 10)


def test_art17_channel_is_corrected_and_recorded(org: Org) -> None:
    petition = register(org)  # a letter (来信)
    petition = correct(org, petition, "channel", "visit", reason="实为来访")
    assert petition.channel == "visit"
    event = petition.events.order_by("-seq").first()
    assert event is not None and (event.payload["old"], event.payload["new"]) == ("letter", "visit")
    assert event.payload["field_label"] == "信访形式"


def test_correction_refuses_bad_values_and_names_the_field(org: Org) -> None:
    petition = register(org)
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1).isoformat()
    cases = [
        ("received_on", tomorrow, "登记错误", "new"),
        ("received_on", "2025-13-01", "登记错误", "new"),
        ("channel", "pigeon", "登记错误", "new"),
        ("channel", "letter", "登记错误", "new"),  # nothing to correct
        ("channel", "visit", "  ", "reason"),
        ("title", "新标题", "登记错误", "field"),  # not a correctable fact
    ]
    for field, new, reason, bad in cases:
        with pytest.raises(ValidationFailed) as refused:
            correct(org, petition, field, new, reason=reason)
        assert bad in refused.value.fields, (field, new)
    petition.refresh_from_db()
    assert petition.event_count == 1


def test_correction_is_for_the_registering_or_holding_unit(org: Org) -> None:
    petition = register(org)
    with pytest.raises(PermissionDenied):
        services.petition_correct(
            petition=petition, actor=org.labour_handler, field="channel", new="visit", reason="x"
        )


def test_correction_allowed_after_closing_and_the_clocks_follow(org: Org) -> None:
    petition = petition_in(org, Status.NOT_ACCEPTED)
    petition = correct(org, petition, "channel", "phone")
    assert petition.status == Status.NOT_ACCEPTED and petition.channel == "phone"


def test_editing_an_event_row_instead_of_correcting_is_detected(org: Org) -> None:
    petition = registered_on(org, "2025-06-16")
    event = petition.events.get(kind="register")
    PetitionEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "received_on": "2025-06-02"})
    assert [p.problem for p in chain_verify()] == ["content altered (hash mismatch)"]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_holiday_override_edited_in_the_admin_reclocks_open_petitions_at_once(
    org: Org,
    admin_client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """民法典 Art. 203 by analogy: a last day declared a rest day rolls over — at once, not at night."""
    from xinfang.statute.models import HolidayOverride

    petition = registered_on(org, "2025-06-16")
    untouched = registered_on(org, "2025-05-02")  # its D1 (due 05-19) does not span 07-01
    before = untouched.deadlines.get(code="D1").due_on
    assert petition.deadlines.get(code="D1").due_on == date(2025, 7, 1)
    with on("2025-06-17"):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/admin/statute/holidayoverride/add/", {"day": "2025-07-01", "note": "本地停工"}
            )
        assert response.status_code == 302, response.content.decode()[:500]
        petition.refresh_from_db()
        assert petition.deadlines.get(code="D1").due_on == date(2025, 7, 2)
        assert petition.next_due_on == date(2025, 7, 2)
        assert untouched.deadlines.get(code="D1").due_on == before
        with django_capture_on_commit_callbacks(execute=True):
            HolidayOverride.objects.get(day=date(2025, 7, 1)).delete()
    assert petition.deadlines.get(code="D1").due_on == date(2025, 7, 1)


def test_the_staff_timeline_shows_the_correction(org: Org) -> None:
    from django.test import Client

    from tests.factories import login_verified

    petition = correct(org, register(org), "channel", "visit", reason="实为来访")
    page = login_verified(Client(), org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    assert "更正信访形式：来信 → 来访" in page and "实为来访" in page
