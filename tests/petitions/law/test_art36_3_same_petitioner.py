"""Art. 36(3): 不再受理 rests on a 复核-concluded matter of the *same* petitioner (or collective).

Linking another person's concluded case is refused; so is a matter of another 问题分类 (not the
same facts and reasons). The same person is recognised by record or ID number; a collective by a
shared petitioner or representative.
"""

from __future__ import annotations

import pytest

from tests.factories import Org, person, petition_in, register
from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.petitions import selectors, services
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Status

pytestmark = pytest.mark.django_db


def refuse(org: Org, petition, earlier):  # type: ignore[no-untyped-def]
    return services.petition_refuse_repeat(
        petition=petition,
        actor=org.registrar,
        ground="after_recheck",
        reason="同一事实和理由",
        earlier=earlier,
    )


def test_the_same_petitioner_after_recheck_is_no_longer_accepted(org: Org) -> None:
    someone = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=someone)
    petition = refuse(org, register(org, petitioner=someone), earlier)
    assert petition.status == Status.NO_LONGER_ACCEPTED
    assert petition.events.last().payload["earlier"] == earlier.pk


def test_another_persons_concluded_case_is_refused(org: Org) -> None:
    earlier = petition_in(org, Status.CLOSED)  # someone else's matter, concluded by 复核
    petition = register(org)
    with pytest.raises(RuleViolation) as caught:
        refuse(org, petition, earlier)
    assert caught.value.article == "第三十六条第三款" and "不是同一信访人" in caught.value.message
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED and not petition.links_out.exists()


def test_a_different_matter_of_the_same_person_is_refused(org: Org) -> None:
    someone = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=someone)
    petition = register(org, petitioner=someone, category=org.categories["labour"])
    with pytest.raises(RuleViolation) as caught:
        refuse(org, petition, earlier)
    assert "问题分类不同" in caught.value.message


def test_the_same_collective_through_a_shared_representative(org: Org) -> None:
    representative = person()
    collective = {"channel": Channel.VISIT, "people_count": 8}
    earlier = petition_in(org, Status.CLOSED, representatives=[representative, person()], **collective)
    petition = register(org, representatives=[representative], **collective)
    assert refuse(org, petition, earlier).status == Status.NO_LONGER_ACCEPTED


def test_a_matter_not_concluded_by_recheck_is_refused_as_before(org: Org) -> None:
    someone = person()
    earlier = petition_in(org, Status.REVIEWED, petitioner=someone)
    with pytest.raises(ValidationFailed):
        refuse(org, register(org, petitioner=someone), earlier)


def test_api_refuses_linking_another_persons_case(org: Org) -> None:
    from tests.factories import client_for

    earlier = petition_in(org, Status.CLOSED)
    petition = register(org)
    response = client_for(org.registrar).post(
        f"/api/petitions/{petition.pk}/acts/refuse_repeat/",
        {"ground": "after_recheck", "reason": "同一事实和理由", "earlier": earlier.pk},
        format="json",
    )
    assert response.status_code == 422 and response.json()["article"] == "第三十六条第三款"


def test_the_earlier_matter_is_named_by_its_number_and_found_only_if_visible(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    """Staff name the concluded matter by its 编号 or 查询码 (not a database id, usability findings),
    and one they may not see is "not found" — never named back (ADR 0006)."""
    someone = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=someone)
    petition = register(org, petitioner=someone)
    page = client_as(org.registrar).get(f"/petitions/{petition.pk}/").content.decode()
    assert "原信访事项（编号或查询码）" in page and "（id）" not in page
    # Someone who cannot see the earlier matter gets "not found", whether named by 编号 or by id.
    from xinfang.api.acts import RefuseIn

    street = org.street_a_handler
    assert not selectors.petitions_visible_to(street).filter(pk=earlier.pk).exists()
    for named in (earlier.number, earlier.query_code, str(earlier.pk), "XF209900000001", "abc"):
        data = {"ground": "after_recheck", "reason": "同一事实和理由", "earlier": named}
        checked = RefuseIn(data=data, context={"user": street})
        assert not checked.is_valid()
        assert checked.errors["earlier"] == ["未找到该编号或查询码的信访事项，或您无权查看"]
    assert RefuseIn(data=data | {"earlier": earlier.query_code}, context={"user": org.registrar}).is_valid()
    # A form's empty box is "none given" (the other ground needs no earlier matter).
    blank = RefuseIn(data=data | {"ground": "litigation_concluded", "earlier": ""}, context={"user": street})
    assert blank.is_valid(), blank.errors
    assert blank.validated_data["earlier"] is None
    done = client_as(org.registrar).post(
        f"/petitions/{petition.pk}/act/refuse_repeat/",
        {
            "ground": "after_recheck",
            "reason": "同一事实和理由",
            "earlier": earlier.number.lower(),
            "confirmed": "1",
        },
    )
    assert done.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.NO_LONGER_ACCEPTED
    assert petition.events.last().payload["earlier"] == earlier.pk
