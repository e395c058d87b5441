"""Art. 30, 46(5): the registration checks never reveal an accusation to the accused unit.

Neither the hint shown to the accused unit's registrar (today "同一信访人有同类事项正在办理"
with the accusation's id) nor the rule checks stored in the register event — which every unit
the new matter later reaches can read — may name or betray the accusation."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import ALL_PERMS, Org, client_for, draft, person, register, staff
from xinfang.orgs.models import User
from xinfang.petitions import services
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def accuser() -> PersonDraft:
    return person()


@pytest.fixture
def accusation(org: Org, accuser: PersonDraft) -> Petition:
    petition = register(
        org,
        petitioner=accuser,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        title="举报甲街道干部违规收费",
        content="举报甲街道城建科干部违规收取费用。",
    )
    return services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=org.discipline, mode="transfer"
    )


@pytest.fixture
def accused_registrar(org: Org) -> User:
    return staff(org.street_a, perms=ALL_PERMS)


def new_matter(org: Org, accuser: PersonDraft, registrar: User, unit=None):  # type: ignore[no-untyped-def]
    """The accuser comes back about something else of the same category, at ``unit``."""
    return draft(
        org,
        petitioner=accuser,
        category=org.categories["accusation"],
        accused_description="某物业公司",
        title="举报物业公司乱收费",
        content="举报小区物业公司违规收取停车费。",
        registered_unit=unit or registrar.unit,
        registered_by=registrar,
    )


def form(org: Org, accuser: PersonDraft) -> dict[str, str]:
    return {
        "channel": "visit",
        "category": "accusation",
        "title": "举报物业公司乱收费",
        "content": "举报小区物业公司违规收取停车费。",
        "accused_description": "某物业公司",
        "location_unit": str(org.community_a.pk),
        "petitioner_name": accuser.name,
        "petitioner_id_number": accuser.id_number,
    }


def test_accused_units_registrar_gets_no_hint(
    org: Org, accuser: PersonDraft, accusation: Petition, accused_registrar: User, client: Client
) -> None:
    decisions = services.petition_check(draft=new_matter(org, accuser, accused_registrar))
    assert all(accusation.pk not in d.related for d in decisions)
    assert "repeat_candidate" not in [d.code for d in decisions]
    client.force_login(accused_registrar)
    page = client.post("/register/check/", form(org, accuser)).content.decode()
    assert "同类事项正在办理" not in page and f"#{accusation.pk}" not in page
    answer = client_for(accused_registrar).post(
        "/api/petitions/check/",
        {**form(org, accuser), "petitioner": {"name": accuser.name, "id_number": accuser.id_number}},
        format="json",
    )
    if answer.status_code == 200:  # the API check answers the same decisions
        assert str(accusation.pk) not in answer.content.decode().replace(" ", "").split("related")[-1]


def test_accused_units_register_event_names_no_accusation(
    org: Org, accuser: PersonDraft, accusation: Petition, accused_registrar: User
) -> None:
    petition, _ = services.petition_register(draft=new_matter(org, accuser, accused_registrar))
    checks = petition.events.get(seq=1).payload["rule_checks"]
    assert all(accusation.pk not in c["related"] for c in checks)
    assert "repeat_candidate" not in [c["code"] for c in checks]
    events = client_for(accused_registrar).get(f"/api/petitions/{petition.pk}/events/").content.decode()
    assert "同类事项正在办理" not in events


def test_bureau_sees_the_hint_but_the_stored_event_that_reaches_the_accused_does_not(
    org: Org, accuser: PersonDraft, accusation: Petition, accused_registrar: User
) -> None:
    decisions = services.petition_check(draft=new_matter(org, accuser, org.registrar))
    assert any(accusation.pk in d.related for d in decisions)  # the bureau may see it (not accused)
    petition, _ = services.petition_register(draft=new_matter(org, accuser, org.registrar))
    checks = petition.events.get(seq=1).payload["rule_checks"]
    assert all(accusation.pk not in c["related"] for c in checks)
    assert "repeat_candidate" not in [c["code"] for c in checks]
    # The new matter goes to the accused street (it is about a property company there).
    services.petition_dispatch(petition=petition, actor=org.registrar, to_unit=org.street_a, mode="transfer")
    events = client_for(accused_registrar).get(f"/api/petitions/{petition.pk}/events/")
    assert events.status_code == 200
    body = events.content.decode()
    assert "同类事项正在办理" not in body and f'"related":[{accusation.pk}' not in body.replace(" ", "")


def test_hint_about_an_ordinary_matter_is_still_given_and_stored(
    org: Org, accuser: PersonDraft, accusation: Petition, accused_registrar: User
) -> None:
    mine = {"petitioner": accuser, "registered_unit": org.street_a, "registered_by": accused_registrar}
    earlier = register(org, **mine)  # an ordinary housing matter at the street
    petition, decisions = services.petition_register(draft=draft(org, **mine))
    assert any(earlier.pk in d.related for d in decisions if d.code == "repeat_candidate")
    checks = petition.events.get(seq=1).payload["rule_checks"]
    assert [c["related"] for c in checks if c["code"] == "repeat_candidate"] == [[earlier.pk]]
