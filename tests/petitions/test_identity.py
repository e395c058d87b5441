"""Petitioner identity is never overwritten (ADR 0014 §5, issue #11.4).

Details are recorded per petition as given; a person record links petitions by verified identity
(same ID number and same name); a public submission changes no stored detail and leaves the
original 查询码 lookup working; an ID number under another name is a conflict staff decide with
``resolve_identity``, an act in the log.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests import factories
from tests.factories import Org, client_for, person, petition_in, register, valid_id
from xinfang.common import crypto
from xinfang.common.exceptions import PermissionDenied, ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.constants import IdentityResolution, IdentityState
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition, Petitioner, Representative
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to
from xinfang.portal.selectors import petition_for_query

pytestmark = pytest.mark.django_db

ID = valid_id(4242)


def stored(petition: Petition) -> tuple[object, ...]:
    petition.refresh_from_db()
    return (
        petition.petitioner_name,
        petition.petitioner_id_number,
        petition.petitioner_phone,
        petition.petitioner_email,
        petition.petitioner_address,
        petition.petitioner_id,
        petition.identity_state,
    )


def portal_form(org: Org, **overrides: str) -> dict[str, object]:
    """The portal form as 张秀兰 fills it in (her ID number is the one these tests share)."""
    given = {"name": "张秀兰", "id_number": ID, "phone": "13911112222", "address": "乙街道某小区9栋"}
    return factories.portal_form(org, **{**given, **overrides})


def test_the_snapshot_is_what_was_given_and_the_person_holds_no_contact(org: Org) -> None:
    petition = register(
        org, petitioner=person(name="张秀兰", id_number=ID, phone="13800001111", email="Zhang@Example.cn")
    )
    assert petition.identity_state == IdentityState.LINKED
    assert (petition.petitioner_name, petition.petitioner_phone) == ("张秀兰", "13800001111")
    assert petition.petitioner_email == "zhang@example.cn"  # normalised as given
    person_record = Petitioner.objects.get()
    assert (person_record.name, person_record.id_number) == ("张秀兰", ID)
    assert not hasattr(person_record, "phone")  # contact details live on each petition


@pytest.mark.parametrize("name", ["张秀兰", "冒用者"])
def test_a_public_submission_with_an_existing_id_changes_no_stored_detail(
    org: Org, client: Client, name: str
) -> None:
    """Issue #11 "Done when": whatever name comes with the ID number, nothing stored changes."""
    cache.clear()
    original = register(
        org,
        petitioner=person(name="张秀兰", id_number=ID, phone="13800001111", address="甲街道甲社区1号"),
    )
    before = stored(original)
    person_before = Petitioner.objects.values().get()
    response = client.post("/portal/submit/", portal_form(org, name=name), follow=True)
    assert response.status_code == 200 and "查询码" in response.content.decode()
    assert stored(original) == before
    assert Petitioner.objects.values().get() == person_before  # no second record, no edit
    # The original 查询码 still opens with the phone given on that petition, not the new one.
    assert petition_for_query(query_code=original.query_code, contact="1111") == original
    assert petition_for_query(query_code=original.query_code, contact="2222") is None
    opened = client.post("/portal/query/", {"query_code": original.query_code, "phone_last4": "1111"})
    assert opened.status_code == 302
    new = Petition.objects.exclude(pk=original.pk).get()
    assert (new.petitioner_phone, new.petitioner_address) == ("13911112222", "乙街道某小区9栋")
    if name == "张秀兰":  # same ID number and same name: the same person, linked
        assert (new.identity_state, new.petitioner_id) == (IdentityState.LINKED, original.petitioner_id)
    else:  # another name: a conflict for staff, not linked to anyone
        assert (new.identity_state, new.petitioner_id) == (IdentityState.CONFLICT, None)


def test_without_an_id_number_a_petition_links_by_name_and_phone_only(org: Org) -> None:
    first = register(org, petitioner=person(name="刘强", id_number=ID, phone="13700007777"))
    same = register(org, petitioner=person(name="刘强", id_number="", phone="137 0000 7777"))
    other = register(org, petitioner=person(name="刘刚", id_number="", phone="13700007777"))
    assert same.petitioner_id == first.petitioner_id and same.identity_state == IdentityState.LINKED
    assert other.petitioner_id is None and other.identity_state == IdentityState.UNLINKED
    assert Petitioner.objects.count() == 1  # a person record only from an ID number


def test_representatives_keep_their_own_details(org: Org) -> None:
    reps = [person(name=f"代表{i}", phone=f"1360000000{i}") for i in range(5)]
    petition = register(org, channel="visit", people_count=30, representatives=reps)
    rows = list(Representative.objects.filter(petition=petition))
    assert [(r.seq, r.name, r.phone) for r in rows] == [
        (i + 1, f"代表{i}", f"1360000000{i}") for i in range(5)
    ]
    assert all(r.person_id is not None for r in rows)  # each linked by their own ID number


def _conflict(org: Org) -> tuple[Petition, Petition]:
    original = register(org, petitioner=person(name="张秀兰", id_number=ID, phone="13800001111"))
    other = register(org, petitioner=person(name="张秀岚", id_number=ID, phone="13922223333"))
    assert other.identity_state == IdentityState.CONFLICT and other.petitioner_id is None
    return original, other


def test_a_conflict_is_shown_to_staff_and_found_by_the_filter(org: Org) -> None:
    _original, other = _conflict(org)
    assert Act.RESOLVE_IDENTITY in acts_available(org.registrar, other)
    found = petitions_filter(petitions_visible_to(org.registrar), identity_state=IdentityState.CONFLICT)
    assert list(found) == [other]
    client = Client()
    client.force_login(org.registrar)
    page = client.get(f"/petitions/{other.pk}/").content.decode()
    assert "身份待核实" in page and "核实信访人身份" in page


def test_resolve_same_person_links_and_keeps_the_details_given(org: Org) -> None:
    original, other = _conflict(org)
    before = stored(original)
    resolved = services.petition_resolve_identity(
        petition=other, actor=org.registrar, outcome=IdentityResolution.SAME_PERSON, reason="电话回访核实"
    )
    assert (resolved.identity_state, resolved.petitioner_id) == (IdentityState.LINKED, original.petitioner_id)
    assert (resolved.petitioner_name, resolved.petitioner_phone) == ("张秀岚", "13922223333")
    assert stored(original) == before
    event = resolved.events.get(kind=Act.RESOLVE_IDENTITY)
    assert event.payload["outcome"] == "same_person" and event.payload["reason"] == "电话回访核实"
    assert Act.RESOLVE_IDENTITY not in acts_available(org.registrar, resolved)


def test_resolve_registration_error_corrects_the_name_with_the_old_value_kept_encrypted(org: Org) -> None:
    original, other = _conflict(org)
    resolved = services.petition_resolve_identity(
        petition=other,
        actor=org.registrar,
        outcome=IdentityResolution.REGISTRATION_ERROR,
        reason="核对身份证件",
    )
    assert (resolved.petitioner_name, resolved.petitioner_id) == ("张秀兰", original.petitioner_id)
    payload = resolved.events.get(kind=Act.RESOLVE_IDENTITY).payload
    assert "张秀岚" not in str(payload)  # personal data in the log only as SM4 tokens
    assert (crypto.decrypt(payload["old"]), crypto.decrypt(payload["new"])) == ("张秀岚", "张秀兰")


def test_resolve_different_person_stays_unlinked(org: Org) -> None:
    original, other = _conflict(org)
    resolved = services.petition_resolve_identity(
        petition=other, actor=org.registrar, outcome=IdentityResolution.DIFFERENT_PERSON, reason="证件不符"
    )
    assert (resolved.identity_state, resolved.petitioner_id) == (IdentityState.DISTINCT, None)
    assert Petitioner.objects.count() == 1 and stored(original)[-1] == IdentityState.LINKED


@pytest.mark.parametrize("state", [IdentityState.LINKED, IdentityState.UNLINKED, IdentityState.DISTINCT])
def test_resolve_is_refused_without_a_conflict(org: Org, state: str) -> None:
    petition = register(org)
    Petition.objects.filter(pk=petition.pk).update(identity_state=state)
    petition.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.petition_resolve_identity(
            petition=petition, actor=org.registrar, outcome=IdentityResolution.SAME_PERSON, reason="核实"
        )
    assert not petition.events.filter(kind=Act.RESOLVE_IDENTITY).exists()


def test_resolve_works_in_a_terminal_state_and_needs_a_reason(org: Org) -> None:
    petition = petition_in(org, Status.NOT_ACCEPTED)
    register(org, petitioner=person(name="另一人", id_number=petition.petitioner_id_number))
    Petition.objects.filter(pk=petition.pk).update(identity_state=IdentityState.CONFLICT, petitioner=None)
    petition.refresh_from_db()
    with pytest.raises(ValidationFailed) as caught:
        services.petition_resolve_identity(
            petition=petition, actor=org.registrar, outcome="guess", reason=" "
        )
    assert set(caught.value.fields) == {"outcome", "reason"}
    done = services.petition_resolve_identity(
        petition=petition, actor=org.registrar, outcome=IdentityResolution.SAME_PERSON, reason="核实"
    )
    assert done.status == Status.NOT_ACCEPTED and done.identity_state == IdentityState.LINKED


def test_staff_search_by_id_phone_email_and_name(org: Org) -> None:
    register(
        org, petitioner=person(name="王建国", id_number=ID, phone="13600006666", email="wang@example.cn")
    )
    register(org, petitioner=person(name="王建军", phone="13600007777"))
    register(org, petitioner=person(name="李建国", phone="13600008888"))
    visible = petitions_visible_to(org.registrar)

    def names(**query: object) -> list[str]:
        return sorted(petitions_filter(visible, **query).values_list("petitioner_name", flat=True))  # type: ignore[arg-type]

    assert names(id_number=ID) == ["王建国"]
    assert names(phone="136-0000-7777") == ["王建军"]
    assert names(email="WANG@example.cn ") == ["王建国"]
    assert names(name="李建国") == ["李建国"]
    assert names(family_name="王", place=org.community_a.pk) == ["王建军", "王建国"]
    refused = client_for(org.registrar).get("/api/petitions/", {"family_name": "王"})
    assert refused.status_code == 400 and "family_name" in refused.json()["fields"]
