"""更正 of a petitioner detail (Art. 19(1) 如实记录, Art. 21(2); ADR 0014 §5, §6; issue #10.9).

The detail is corrected on this petition's snapshot through the one ``correct`` act: ID and phone
numbers are SM4 tokens in the event and shown masked, as on the snapshot; a corrected name or ID
number re-decides the person link by the same rule as registration (same ID and name → that
person; same ID, another name → a conflict for staff); the chain still verifies; the 查询码 lookup
follows the phone recorded on that petition.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.factories import Org, person, register, staff, valid_id
from xinfang.audit.verify import chain_verify
from xinfang.common import crypto
from xinfang.common.exceptions import PermissionDenied, ValidationFailed
from xinfang.orgs.constants import Perm
from xinfang.petitions import services
from xinfang.petitions.constants import IdentityState
from xinfang.petitions.identity import id_number_hash, phone_hash
from xinfang.petitions.lifecycle import Act
from xinfang.petitions.models import Petition, Petitioner
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to
from xinfang.portal.selectors import petition_for_query

pytestmark = pytest.mark.django_db


def correct(org: Org, petition: Petition, field: str, new: str) -> Petition:
    return services.petition_correct(
        petition=petition,
        actor=org.registrar,
        field=field,
        new=new,
        reason="核对身份证件原件，登记时录入错误",
    )


def last_event(petition: Petition):  # type: ignore[no-untyped-def]
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == Act.CORRECT
    return event


def verified() -> None:
    assert list(chain_verify()) == []
    call_command("audit", "verify")


def test_art19_corrected_id_number_links_to_the_right_person(org: Org) -> None:
    right = valid_id(7001)
    earlier = register(org, petitioner=person(name="王建国", id_number=right))
    typo = register(org, petitioner=person(name="王建国", id_number=valid_id(7002)))
    assert typo.petitioner_id != earlier.petitioner_id  # the mistyped number made a person of its own
    wrong_person = typo.petitioner_id

    typo = correct(org, typo, "petitioner_id_number", right)

    assert typo.petitioner_id_number == right and typo.petitioner_id_number_hash == id_number_hash(right)
    assert typo.petitioner_id == earlier.petitioner_id and typo.identity_state == IdentityState.LINKED
    event = last_event(typo)
    assert event.payload["old"] != valid_id(7002) and crypto.decrypt(event.payload["old"]) == valid_id(7002)
    assert crypto.decrypt(event.payload["new"]) == right
    assert event.payload["new_shown"] == right[:6] + "********" + right[-4:]
    assert right not in str(event.payload) and valid_id(7002) not in str(event.payload)
    assert (event.payload["person_before"], event.payload["person"]) == (wrong_person, earlier.petitioner_id)
    assert event.payload["identity_state"] == IdentityState.LINKED
    # Staff find the matter by the corrected number; the person record of the typo is untouched.
    found = petitions_filter(petitions_visible_to(org.registrar), id_number=right)
    assert typo.pk in set(found.values_list("pk", flat=True))
    assert Petitioner.objects.get(pk=wrong_person).id_number == valid_id(7002)
    verified()


def test_art19_corrected_id_number_of_another_name_raises_the_conflict_for_staff(org: Org) -> None:
    theirs = valid_id(7011)
    register(org, petitioner=person(name="李桂芳", id_number=theirs))
    petition = register(org, petitioner=person(name="赵丽", id_number=valid_id(7012)))

    petition = correct(org, petition, "petitioner_id_number", theirs)

    assert petition.petitioner_id is None and petition.identity_state == IdentityState.CONFLICT
    assert Act.RESOLVE_IDENTITY in acts_available(org.registrar, petition)
    assert last_event(petition).payload["identity_state"] == IdentityState.CONFLICT
    verified()


def test_art19_corrected_name_is_rechecked_against_the_person_of_that_id(org: Org) -> None:
    number = valid_id(7021)
    first = register(org, petitioner=person(name="陈志强", id_number=number))
    petition = register(org, petitioner=person(name="陈志墙", id_number=number))  # a typo: conflict
    assert petition.identity_state == IdentityState.CONFLICT

    petition = correct(org, petition, "petitioner_name", "陈志强")

    assert petition.petitioner_name == "陈志强"
    assert petition.petitioner_id == first.petitioner_id and petition.identity_state == IdentityState.LINKED
    event = last_event(petition)
    # Names are recorded as on the snapshot (plain, indexed); the timeline shows old and new.
    assert (event.payload["old_shown"], event.payload["new_shown"]) == ("陈志墙", "陈志强")
    verified()


def test_art19_corrected_address_leaves_the_link_alone(org: Org) -> None:
    petition = register(org)
    linked_to = petition.petitioner_id
    petition = correct(org, petition, "petitioner_address", "甲街道甲社区2号")
    assert petition.petitioner_address == "甲街道甲社区2号" and petition.petitioner_id == linked_to
    assert "identity_state" not in last_event(petition).payload


def test_art19_corrected_phone_opens_the_query_code_with_the_new_digits_only(org: Org) -> None:
    petition = register(org, petitioner=person(phone="13800001111"))
    code = petition.query_code
    assert petition_for_query(query_code=code, contact="1111") == petition

    petition = correct(org, petition, "petitioner_phone", "139 0000 2222")

    assert petition.petitioner_phone == "13900002222" and petition.petitioner_phone_hash == phone_hash(
        "13900002222"
    )
    assert petition_for_query(query_code=code, contact="2222") == petition
    assert petition_for_query(query_code=code, contact="1111") is None
    event = last_event(petition)
    assert (event.payload["old_shown"], event.payload["new_shown"]) == ("138****1111", "139****2222")
    assert "13900002222" not in str(event.payload)
    # With an ID number recorded, the phone does not decide who the petitioner is.
    assert "identity_state" not in event.payload
    verified()


def test_art19_without_an_id_number_a_corrected_phone_links_by_name_and_phone(org: Org) -> None:
    known = register(org, petitioner=person(name="刘小红", phone="13700003333"))
    petition = register(org, petitioner=person(name="刘小红", id_number="", phone="13700009999"))
    assert petition.petitioner_id is None

    petition = correct(org, petition, "petitioner_phone", "13700003333")

    assert petition.petitioner_id == known.petitioner_id and petition.identity_state == IdentityState.LINKED


def test_art19_a_no_op_or_invalid_detail_is_refused_and_records_nothing(org: Org) -> None:
    petition = register(org, petitioner=person(name="周敏", phone="13800004444"))
    cases = [
        ("petitioner_phone", "138-0000-4444"),  # the same number, written otherwise: nothing to correct
        ("petitioner_name", " 周敏 "),
        ("petitioner_id_number", petition.petitioner_id_number.lower()),
        (
            "petitioner_id_number",
            valid_id(7031)[:-1] + ("0" if valid_id(7031)[-1] != "0" else "1"),
        ),  # check digit
        ("petitioner_phone", "12345"),
        ("petitioner_name", "   "),
    ]
    for field, new in cases:
        with pytest.raises(ValidationFailed) as refused:
            correct(org, petition, field, new)
        assert "new" in refused.value.fields, (field, new)
    petition.refresh_from_db()
    assert petition.event_count == 1


def test_art19_a_role_without_registration_may_not_correct_a_petitioner_detail(org: Org) -> None:
    petition = register(org)
    handler_without_register = staff(org.bureau, perms=[Perm.HANDLE, Perm.DISPATCH, Perm.VIEW_PII])
    with pytest.raises(PermissionDenied):
        services.petition_correct(
            petition=petition,
            actor=handler_without_register,
            field="petitioner_phone",
            new="13900005555",
            reason="电话回访核实",
        )
    assert Act.CORRECT not in acts_available(handler_without_register, petition)
    petition.refresh_from_db()
    assert petition.event_count == 1
