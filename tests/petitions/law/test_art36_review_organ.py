"""Art. 36(1): 复核 goes to the organ one level above the one that issued the 复查意见 (ADR 0014 §2)."""

from __future__ import annotations

import pytest

from tests.factories import ALL_PERMS, Org, UnitFactory, client_for, staff
from tests.petitions.law.helpers import reviewed_by_district
from xinfang.common.exceptions import RuleViolation
from xinfang.orgs.constants import AdminLevel, UnitKind
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.portal.services import portal_review_request

pytestmark = pytest.mark.django_db


def test_recheck_goes_to_the_city_above_the_district_that_reviewed(org: Org) -> None:
    petition = services.petition_request_recheck(
        petition=reviewed_by_district(org), actor=org.rechecker, unit=org.city, reason="仍不服"
    )
    assert petition.status == Status.UNDER_RECHECK and petition.current_unit == org.city


@pytest.mark.parametrize("wrong", ["same_government", "street", "unrelated_city"])
def test_recheck_by_another_organ_is_refused_citing_article_36_1(org: Org, wrong: str) -> None:
    unit = {"same_government": org.government, "street": org.street_b}.get(wrong) or UnitFactory(
        name="乙市人民政府", kind=UnitKind.GOVERNMENT, level=AdminLevel.CITY
    )
    petition = reviewed_by_district(org)
    with pytest.raises(RuleViolation) as caught:
        services.petition_request_recheck(petition=petition, actor=org.rechecker, unit=unit, reason="仍不服")
    assert caught.value.article == "第三十六条第一款"
    api = client_for(staff(org.street_a, perms=ALL_PERMS))
    response = api.post(
        f"/api/petitions/{petition.pk}/acts/request_recheck/",
        {"unit": unit.pk, "reason": "仍不服"},
        format="json",
    )
    assert response.status_code == 422 and response.json()["article"] == "第三十六条第一款"
    with pytest.raises(RuleViolation):
        portal_review_request(petition=petition, reason="仍不服", unit_id=unit.pk)


def test_the_recheck_organ_follows_the_organ_that_actually_reviewed(org: Org) -> None:
    # The street's opinions are reviewed by 区住建局 by configuration; 复核 then goes above 区住建局.
    org.street_a.review_organs.set([org.housing])
    org.housing.review_organs.set([org.labour])
    from tests.petitions.law.helpers import answered_by_street

    petition = services.petition_request_review(
        petition=answered_by_street(org), actor=org.reviewer, reason="不服"
    )
    assert petition.current_unit == org.housing
    petition = services.petition_decide_review(
        petition=petition, actor=org.housing_handler, outcome="uphold", opinion="维持"
    )
    with pytest.raises(RuleViolation):
        services.petition_request_recheck(
            petition=petition, actor=org.rechecker, unit=org.city, reason="仍不服"
        )
    petition = services.petition_request_recheck(petition=petition, actor=org.rechecker, reason="仍不服")
    assert petition.current_unit == org.labour
