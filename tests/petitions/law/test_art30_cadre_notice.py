"""Art. 30: 党委和政府信访部门应当按照干部管理权限向组织（人事）部门通报反映干部问题的信访情况.

The registration check reminds the petition department; the act records to whom, about whom and
what; only a petition department gives it, only to a unit of the kind 组织（人事）部门, and never to the
accused unit."""

from __future__ import annotations

import pytest

from tests.factories import (
    ALL_PERMS,
    Org,
    client_for,
    draft,
    organisation_department,
    petition_in,
    register,
    staff,
)
from xinfang.common.exceptions import PermissionDenied, RuleViolation, ValidationFailed
from xinfang.orgs.models import Unit
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.permissions import acts_available


@pytest.fixture
def organisation_dept(org: Org) -> Unit:
    return organisation_department(org)


def accusation_about_a_cadre(org: Org):  # type: ignore[no-untyped-def]
    return register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        accused_description="甲街道城建科科长王某",
        title="举报街道干部违规收费",
        content="举报甲街道城建科科长王某违规收取费用。",
    )


def test_registration_reminds_the_petition_department(org: Org) -> None:
    decisions = services.petition_check(
        draft=draft(org, category=org.categories["accusation"], accused_description="城建科科长王某")
    )
    hint = [d for d in decisions if d.code == "cadre_notice"]
    assert hint and hint[0].article == "第三十条" and hint[0].suggested_act == "notify_cadre"
    # A department that is not a petition department is not told to notify.
    dept = staff(org.housing, perms=ALL_PERMS)
    decisions = services.petition_check(
        draft=draft(
            org,
            category=org.categories["accusation"],
            accused_description="科长王某",
            registered_unit=org.housing,
            registered_by=dept,
        )
    )
    assert "cadre_notice" not in [d.code for d in decisions]


def test_notice_is_recorded_with_addressee_cadre_and_summary(org: Org, organisation_dept: Unit) -> None:
    petition = accusation_about_a_cadre(org)
    assert Act.NOTIFY_CADRE in acts_available(org.registrar, petition)
    petition = services.petition_notify_cadre(
        petition=petition,
        actor=org.registrar,
        to_unit=organisation_dept,
        cadre="甲街道城建科科长王某",
        summary="信访人反映其违规收费，已转区纪委监委办理。",
    )
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "notify_cadre"
    assert event.payload["to_unit_name"] == "区委组织部" and event.payload["article"] == "第三十条"
    assert petition.status == Status.REGISTERED


def test_also_after_the_matter_is_finished(org: Org, organisation_dept: Unit) -> None:
    petition = petition_in(org, Status.CLOSED)
    services.petition_notify_cadre(
        petition=petition,
        actor=org.leader,
        to_unit=organisation_dept,
        cadre="某科长",
        summary="反映其作风问题",
    )
    assert petition.events.filter(kind="notify_cadre").count() == 1


def test_never_to_the_accused_unit(org: Org) -> None:
    petition = accusation_about_a_cadre(org)
    with pytest.raises(RuleViolation) as caught:
        services.petition_notify_cadre(
            petition=petition, actor=org.registrar, to_unit=org.street_a, cadre="王某", summary="通报"
        )
    assert "第三十条" in (caught.value.article or "")


def test_only_a_petition_department_notifies(org: Org, organisation_dept: Unit) -> None:
    petition = petition_in(org, Status.HANDLING)
    handler = staff(org.housing, perms=ALL_PERMS)
    assert Act.NOTIFY_CADRE not in acts_available(handler, petition)
    with pytest.raises(PermissionDenied):
        services.petition_notify_cadre(
            petition=petition, actor=handler, to_unit=organisation_dept, cadre="王某", summary="通报"
        )


def test_fields_are_required_and_the_api_takes_it(org: Org, organisation_dept: Unit) -> None:
    petition = accusation_about_a_cadre(org)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_notify_cadre(
            petition=petition, actor=org.registrar, to_unit=organisation_dept, cadre=" ", summary=""
        )
    assert "cadre" in caught.value.fields
    response = client_for(org.registrar).post(
        f"/api/petitions/{petition.pk}/acts/notify_cadre/",
        {"to_unit": organisation_dept.pk, "cadre": "科长王某", "summary": "反映其违规收费"},
        format="json",
    )
    assert response.status_code == 200, response.content


def test_only_to_an_organisation_department(org: Org, organisation_dept: Unit) -> None:
    """通报 goes to the 组织（人事）部门, not to any unit; an inactive one is refused too."""
    petition = accusation_about_a_cadre(org)
    for wrong in (org.housing, org.discipline, org.bureau):
        with pytest.raises(ValidationFailed) as caught:
            services.petition_notify_cadre(
                petition=petition, actor=org.registrar, to_unit=wrong, cadre="王某", summary="通报"
            )
        assert "第三十条" in caught.value.fields["to_unit"] and wrong.name in caught.value.fields["to_unit"]
    organisation_dept.is_active = False
    organisation_dept.save()
    with pytest.raises(ValidationFailed) as caught:
        services.petition_notify_cadre(
            petition=petition, actor=org.registrar, to_unit=organisation_dept, cadre="王某", summary="通报"
        )
    assert "to_unit" in caught.value.fields
    assert not petition.events.filter(kind="notify_cadre").exists()
    response = client_for(org.registrar).post(
        f"/api/petitions/{petition.pk}/acts/notify_cadre/",
        {"to_unit": org.housing.pk, "cadre": "科长王某", "summary": "反映其违规收费"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "to_unit" in response.json()["fields"]
