"""Art. 24: a matter involving two or more organs has a lead organ (牵头单位) fixed by agreement, by
the common superior or by the joint conference, and co-handling organs (会办单位) that see the
matter and contribute their opinion; the lead organ answers."""

from __future__ import annotations

import pytest

from tests.factories import Org, client_for, petition_in, register, staff
from xinfang.common.exceptions import InvalidTransition, PermissionDenied, RuleViolation, ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.lifecycle import TERMINAL, Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.selectors import petitions_visible_to


def joint(org: Org, petition: Petition | None = None) -> Petition:
    return services.petition_set_joint(
        petition=petition or register(org),
        actor=org.registrar,
        lead_unit=org.housing,
        co_units=[org.labour, org.housing],  # the lead is not its own co-handler
        basis="negotiated",
        note="住建牵头，人社会办欠薪部分",
    )


def test_lead_and_co_handling_units_are_recorded(org: Org) -> None:
    petition = joint(org)
    assert petition.lead_unit == org.housing
    assert list(petition.co_units.values_list("unit_id", flat=True)) == [org.labour.pk]
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "set_joint"
    assert event.payload["co_unit_names"] == ["区人社局"] and event.payload["article"] == "第二十四条"
    assert event.payload["basis_label"] == "所涉及的机关、单位协商确定"


def test_co_handling_unit_sees_and_contributes(org: Org) -> None:
    petition = joint(org)
    petition = services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=org.housing, mode="transfer"
    )
    assert petitions_visible_to(org.labour_handler).filter(pk=petition.pk).exists()
    assert not petitions_visible_to(org.street_b_handler).filter(pk=petition.pk).exists()
    available = acts_available(org.labour_handler, petition)
    assert Act.CONTRIBUTE in available and Act.SIGN not in available  # it contributes; the lead acts
    petition = services.petition_contribute(
        petition=petition, actor=org.labour_handler, opinion="经核查，该项目欠薪12万元，已责令清偿。"
    )
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "contribute" and event.payload["unit_name"] == "区人社局"
    # The lead organ carries the matter on; the co-handler still sees the answer.
    for step in (services.petition_sign, services.petition_accept):
        petition = step(petition=petition, actor=org.housing_handler)
    petition = services.petition_classify(petition=petition, actor=org.housing_handler, route=6)
    petition = services.petition_reply(
        petition=petition, actor=org.housing_handler, outcome="support", opinion="支持", legal_basis="法"
    )
    detail = client_for(org.labour_handler).get(f"/api/petitions/{petition.pk}/")
    assert detail.status_code == 200 and detail.json()["status"] == "answered"


def test_only_co_handlers_contribute(org: Org) -> None:
    petition = joint(org)
    with pytest.raises(PermissionDenied):
        services.petition_contribute(petition=petition, actor=org.registrar, opinion="意见")
    outsider = staff(org.street_b)
    assert not petitions_visible_to(outsider).filter(pk=petition.pk).exists()


def test_validation(org: Org) -> None:
    petition = register(org)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_set_joint(
            petition=petition,
            actor=org.registrar,
            lead_unit=org.housing,
            co_units=[org.housing],
            basis="negotiated",
        )
    assert "co_units" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        services.petition_set_joint(
            petition=petition, actor=org.registrar, lead_unit=org.housing, co_units=[org.labour], basis="x"
        )
    assert "basis" in caught.value.fields


def test_an_accused_unit_is_never_a_co_handler(org: Org) -> None:
    accusation = register(org, category=org.categories["accusation"], accused_unit=org.street_a)
    with pytest.raises(RuleViolation) as caught:
        services.petition_set_joint(
            petition=accusation,
            actor=org.registrar,
            lead_unit=org.discipline,
            co_units=[org.community_a],
            basis="superior",
        )
    assert "第三十条" in (caught.value.article or "")


def test_changing_the_co_handlers_removes_their_sight(org: Org) -> None:
    petition = joint(org)
    petition = services.petition_set_joint(
        petition=petition,
        actor=org.registrar,
        lead_unit=org.housing,
        co_units=[org.street_a],
        basis="superior",
    )
    assert not petitions_visible_to(org.labour_handler).filter(pk=petition.pk).exists()
    assert petitions_visible_to(org.street_a_handler).filter(pk=petition.pk).exists()


def test_api_sets_joint_handling(org: Org) -> None:
    petition = register(org)
    response = client_for(org.registrar).post(
        f"/api/petitions/{petition.pk}/acts/set_joint/",
        {"lead_unit": org.housing.pk, "co_units": [org.labour.pk], "basis": "joint_conference"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert petitions_visible_to(org.labour_handler).filter(pk=petition.pk).exists()


@pytest.mark.parametrize("status", sorted(TERMINAL), ids=lambda s: s)
def test_refused_once_finished(org: Org, status: Status) -> None:
    petition = petition_in(org, status)
    with pytest.raises(InvalidTransition) as caught:
        joint(org, petition)
    assert caught.value.article == "第二十四条"
    with pytest.raises(InvalidTransition):
        services.petition_contribute(petition=petition, actor=org.labour_handler, opinion="意见")


def test_co_handling_unit_has_the_matter_on_its_todo_while_its_opinion_is_owed(org: Org) -> None:
    """Art. 24: a 会办单位 owes its opinion; the matter waits on its desk (and in its counts) until it
    contributes — across roles: the lead's handler as before, the co-unit's handler and signer."""
    from xinfang.orgs.constants import Perm
    from xinfang.petitions.permissions import desk_acts
    from xinfang.petitions.selectors import todo_for
    from xinfang.petitions.tally import todo_counts

    petition = services.petition_dispatch(
        petition=joint(org), actor=org.registrar, to_unit=org.housing, mode="transfer"
    )
    other = joint(org, register(org, title="另一件共同办理事项"))  # still at the bureau: owed too
    signer = staff(org.labour, perms=[Perm.SIGN])  # holds no 会办 act
    outsider = staff(org.street_b)

    def owed_to(user: object) -> set[int]:
        return set(todo_for(user).values_list("pk", flat=True))  # type: ignore[arg-type]

    assert {petition.pk, other.pk} <= owed_to(org.labour_handler)
    assert desk_acts(acts_available(org.labour_handler, petition)) == [Act.CONTRIBUTE]
    assert todo_counts(org.labour_handler, cap=100).contributions == 2
    assert petition.pk in owed_to(org.housing_handler)  # the lead holds it: 签收 waits as before
    assert todo_counts(org.housing_handler, cap=100).contributions == 0
    assert petition.pk not in owed_to(signer) and todo_counts(signer, cap=100).contributions == 0
    assert petition.pk not in owed_to(outsider)

    services.petition_contribute(petition=petition, actor=org.labour_handler, opinion="欠薪部分已核实。")
    assert petition.pk not in owed_to(org.labour_handler) and other.pk in owed_to(org.labour_handler)
    assert todo_counts(org.labour_handler, cap=100).contributions == 1

    # A matter that has ended owes nothing more.
    services.petition_decline(petition=other, actor=org.registrar, ground="other", reason="不属于信访事项")
    assert other.pk not in owed_to(org.labour_handler)
    assert todo_counts(org.labour_handler, cap=100).contributions == 0


def test_home_page_shows_the_owed_opinion(org: Org) -> None:
    from django.test import Client

    from tests.factories import login_verified

    petition = joint(org)
    page = login_verified(Client(), org.labour_handler).get("/").content.decode()
    assert f'data-petition="{petition.pk}"' in page and "待提出会办意见" in page


def test_the_scope_names_co_handled_matters_by_id_not_by_sub_select(org: Org) -> None:
    """An ``OR id IN (SELECT … FROM jointunit)`` beside the indexed scope paths made PostgreSQL
    filter every row (1.9 s for one street at 10,000 petitions): the ids are read first."""
    before = str(petitions_visible_to(org.labour_handler).query)
    assert "jointunit" not in before.lower()
    petition = joint(org)
    sql = str(petitions_visible_to(org.labour_handler).query)
    assert "jointunit" not in sql.lower() and str(petition.pk) in sql
    assert petitions_visible_to(org.labour_handler).filter(pk=petition.pk).exists()
