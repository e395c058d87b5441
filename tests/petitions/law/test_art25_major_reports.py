"""Art. 25: a major or urgent matter is reported "及时" to the Party committee and government and
to the joint-conference office; a petition department also reports to the petition department one
level up and to 国家信访局. D13 is met only when every required report is recorded, each with its
time and addressee."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import Org, register
from xinfang.common.exceptions import ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.models import Deadline, Petition

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def report(org: Org, petition: Petition, recipient: str, name: str, *, actor=None, at=None) -> Petition:  # type: ignore[no-untyped-def]
    return services.petition_report_major(
        petition=petition,
        actor=actor or org.registrar,
        recipient=recipient,
        reported_to=name,
        reported_at=at or timezone.now(),
        summary="数十名业主聚集，情况紧急",
    )


def d13(petition: Petition) -> Deadline:
    return petition.deadlines.get(code="D13")


def test_art25_petition_department_needs_all_four_reports(org: Org) -> None:
    petition = register(org, major_urgent=True)  # registered by the district petition bureau
    petition = report(org, petition, "party_government", "区委、区政府")
    petition = report(org, petition, "joint_office", "区信访工作联席会议办公室")
    clock = d13(petition)
    assert clock.stopped_on is None and clock.state == "running"
    assert "上一级信访部门" in clock.note and "国家信访局" in clock.note
    petition = report(org, petition, "upper_petition_dept", "市信访局")
    assert d13(petition).stopped_on is None and "国家信访局" in d13(petition).note
    earlier = timezone.now() - timedelta(hours=3)
    petition = report(org, petition, "national_bureau", "国家信访局", at=earlier)
    clock = d13(petition)
    assert (clock.state, clock.stopped_on) == ("met", timezone.localdate())


def test_art25_other_organs_report_to_party_government_and_the_joint_office(org: Org) -> None:
    petition = register(
        org, major_urgent=True, registered_unit=org.housing, registered_by=org.housing_handler
    )
    petition = report(org, petition, "party_government", "区委、区政府", actor=org.housing_handler)
    assert d13(petition).stopped_on is None
    petition = report(org, petition, "joint_office", "区信访工作联席会议办公室", actor=org.housing_handler)
    assert d13(petition).state == "met"


def test_art25_each_report_records_time_and_addressee(org: Org) -> None:
    petition = register(org, major_urgent=True)
    at = datetime(2025, 6, 2, 9, 30, tzinfo=TZ)
    petition = report(org, petition, "party_government", "区委、区政府", at=at)
    payload = petition.events.order_by("-seq").first().payload  # type: ignore[union-attr]
    assert payload["recipient"] == "party_government" and payload["recipient_label"] == "本级党委和政府"
    assert payload["reported_to"] == "区委、区政府"
    assert datetime.fromisoformat(payload["reported_at"]) == at


def test_art25_refuses_a_report_without_addressee_or_in_the_future(org: Org) -> None:
    petition = register(org, major_urgent=True)
    cases = [
        ({"recipient": "nobody", "reported_to": "x"}, "recipient"),
        ({"recipient": "party_government", "reported_to": " "}, "reported_to"),
        (
            {
                "recipient": "party_government",
                "reported_to": "区委",
                "reported_at": timezone.now() + timedelta(days=1),
            },
            "reported_at",
        ),
    ]
    for fields, bad in cases:
        with pytest.raises(ValidationFailed) as refused:
            services.petition_report_major(
                petition=petition,
                actor=org.registrar,
                summary="紧急",
                **{"reported_at": timezone.now(), **fields},  # type: ignore[arg-type]
            )
        assert bad in refused.value.fields


def test_art25_a_report_opens_d13_when_the_matter_was_not_flagged_at_registration(org: Org) -> None:
    petition = register(org, registered_unit=org.housing, registered_by=org.housing_handler)
    petition = report(org, petition, "party_government", "区委、区政府", actor=org.housing_handler)
    assert petition.major_urgent and d13(petition).stopped_on is None


def test_art25_the_api_and_its_schema_require_the_addressee(org: Org) -> None:
    """``recipient`` is required at the edge too: the OpenAPI schema says so and a report without it
    is refused with the field named (400) before any service runs."""
    from tests.factories import client_for

    api = client_for(org.registrar)
    components = api.get("/api/schema/?format=json").json()["components"]["schemas"]
    report_in = components["ReportInRequest"]
    assert {"recipient", "reported_to", "summary"} <= set(report_in["required"])
    recipient = report_in["properties"]["recipient"]
    ref = recipient["$ref"] if "$ref" in recipient else recipient["allOf"][0]["$ref"]
    assert set(components[ref.rsplit("/", 1)[1]]["enum"]) >= {
        "party_government",
        "joint_office",
        "upper_petition_dept",
        "national_bureau",
    }
    petition = register(org, major_urgent=True)
    refused = api.post(
        f"/api/petitions/{petition.pk}/acts/report_major/",
        {"reported_to": "区委、区政府", "summary": "紧急"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "recipient" in refused.json()["fields"]
    petition.refresh_from_db()
    assert petition.event_count == 1
