"""Data scopes: departments and streets see only their own; one selector decides everywhere."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import Org, petition_in, staff
from xinfang.common.exceptions import NotFound
from xinfang.orgs.constants import DataScope
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.selectors import petition_get_for, petitions_visible_to


@pytest.fixture
def two_each(org: Org) -> dict[str, object]:
    housing = petition_in(org, Status.DISPATCHED)
    labour = petition_in(org, Status.REGISTERED)
    labour = services.petition_dispatch(
        petition=labour, actor=org.registrar, to_unit=org.labour, mode="transfer"
    )
    street_a = services.petition_dispatch(
        petition=petition_in(org, Status.REGISTERED),
        actor=org.registrar,
        to_unit=org.street_a,
        mode="transfer",
    )
    street_b = services.petition_dispatch(
        petition=petition_in(org, Status.REGISTERED),
        actor=org.registrar,
        to_unit=org.street_b,
        mode="transfer",
    )
    return {"housing": housing, "labour": labour, "street_a": street_a, "street_b": street_b}


def ids(user) -> set[int]:  # type: ignore[no-untyped-def]
    return set(petitions_visible_to(user).values_list("pk", flat=True))


def test_departments_are_isolated(org: Org, two_each: dict) -> None:
    assert ids(org.housing_handler) == {two_each["housing"].pk}
    assert ids(org.labour_handler) == {two_each["labour"].pk}


def test_streets_are_isolated(org: Org, two_each: dict) -> None:
    assert ids(org.street_a_handler) == {two_each["street_a"].pk}
    assert ids(org.street_b_handler) == {two_each["street_b"].pk}


def test_unit_and_below_sees_communities(org: Org, two_each: dict) -> None:
    community_petition = services.petition_dispatch(
        petition=petition_in(org, Status.REGISTERED),
        actor=org.registrar,
        to_unit=org.community_a,
        mode="transfer",
    )
    head = staff(org.street_a, scope=DataScope.UNIT_AND_BELOW)
    assert ids(head) == {two_each["street_a"].pk, community_petition.pk}
    assert ids(org.street_a_handler) == {two_each["street_a"].pk}


def test_bureau_sees_what_it_registered_and_all_scope_sees_all(org: Org, two_each: dict) -> None:
    every = {p.pk for p in two_each.values()}
    assert ids(org.registrar) == every
    assert ids(org.leader) == every


def test_custom_and_self_scopes(org: Org, two_each: dict) -> None:
    custom = staff(org.bureau, scope=DataScope.CUSTOM)
    custom.roles.first().custom_units.add(org.street_b)
    assert ids(custom) == {two_each["street_b"].pk}
    own = staff(org.housing, scope=DataScope.SELF)
    assert ids(own) == set()
    signed = services.petition_sign(petition=two_each["housing"], actor=own)
    assert ids(own) == {signed.pk}


def test_not_found_and_not_allowed_answer_the_same(org: Org, two_each: dict) -> None:
    with pytest.raises(NotFound) as hidden:
        petition_get_for(org.labour_handler, two_each["housing"].pk)
    with pytest.raises(NotFound) as missing:
        petition_get_for(org.labour_handler, 999999)
    assert hidden.value.as_dict() == missing.value.as_dict()
    client = APIClient()
    client.force_authenticate(org.labour_handler)
    hidden_response = client.get(f"/api/petitions/{two_each['housing'].pk}/")
    missing_response = client.get("/api/petitions/999999/")
    assert hidden_response.status_code == missing_response.status_code == 404
    assert hidden_response.json() == missing_response.json()
    for suffix in ("deadlines/", "events/", "acts/sign/"):
        method = client.post if suffix.startswith("acts") else client.get
        assert method(f"/api/petitions/{two_each['housing'].pk}/{suffix}").status_code == 404


def test_api_list_uses_the_same_selector(org: Org, two_each: dict) -> None:
    client = APIClient()
    client.force_authenticate(org.street_a_handler)
    body = client.get("/api/petitions/").json()
    assert [row["id"] for row in body["results"]] == [two_each["street_a"].pk]
