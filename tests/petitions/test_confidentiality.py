"""检举控告 (Art. 30, 46(5)): the accused unit and its staff never see the matter."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import Org, register, staff
from xinfang.common.exceptions import RuleViolation
from xinfang.orgs.constants import DataScope
from xinfang.petitions import services
from xinfang.petitions.selectors import petitions_visible_to


@pytest.fixture
def accusation(org: Org):  # type: ignore[no-untyped-def]
    return register(
        org,
        category=org.categories["accusation"],
        accused_unit=org.street_a,
        accused_person=org.street_a_handler,
        title="举报街道干部违规收费",
        content="举报甲街道城建科干部违规收取费用。",
    )


def test_accused_unit_staff_never_see_it_even_with_all_scope(org: Org, accusation) -> None:  # type: ignore[no-untyped-def]
    chief = staff(org.street_a, scope=DataScope.ALL)
    community_staff = staff(org.community_a, scope=DataScope.ALL)
    for user in (chief, community_staff, org.street_a_handler):
        assert not petitions_visible_to(user).filter(pk=accusation.pk).exists()
    assert petitions_visible_to(org.leader).filter(pk=accusation.pk).exists()
    assert petitions_visible_to(staff(org.street_b, scope=DataScope.ALL)).filter(pk=accusation.pk).exists()


def test_accused_person_never_sees_it(org: Org, accusation) -> None:  # type: ignore[no-untyped-def]
    accused = org.street_a_handler
    accused.roles.first().data_scope = DataScope.ALL  # type: ignore[union-attr]
    accused.roles.first().save()  # type: ignore[union-attr]
    assert not petitions_visible_to(accused).filter(pk=accusation.pk).exists()


def test_cannot_be_sent_to_the_accused_unit(org: Org, accusation) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as caught:
        services.petition_dispatch(
            petition=accusation, actor=org.registrar, to_unit=org.street_a, mode="transfer"
        )
    assert "第三十条" in caught.value.article
    with pytest.raises(RuleViolation):
        services.petition_dispatch(
            petition=accusation, actor=org.registrar, to_unit=org.community_a, mode="transfer"
        )


def test_api_hides_petition_petitioner_and_attachments(org: Org, accusation) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(staff(org.street_a, scope=DataScope.ALL))
    assert client.get(f"/api/petitions/{accusation.pk}/").status_code == 404
    assert client.get(f"/api/petitions/{accusation.pk}/events/").status_code == 404
    listed = client.get("/api/petitions/", {"id_number": accusation.petitioner_id_number}).json()
    assert listed["results"] == []


def test_diverted_to_discipline(org: Org, accusation) -> None:  # type: ignore[no-untyped-def]
    diverted = services.petition_divert(
        petition=accusation, actor=org.registrar, target="discipline", to_unit=org.discipline
    )
    assert petitions_visible_to(org.discipline_handler).filter(pk=diverted.pk).exists()
