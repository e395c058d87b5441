"""Art. 28(3): an official with a direct interest in the matter or the petitioner withdraws (回避).

The act records who and why; from then on every act of that official on the matter is refused,
and the matter no longer names them as its handler."""

from __future__ import annotations

import pytest

from tests.factories import ALL_PERMS, Org, client_for, petition_in, staff
from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.lifecycle import OPEN_STATES, TERMINAL, Act, Status
from xinfang.petitions.permissions import acts_available


def test_head_records_the_handlers_recusal_with_the_reason(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    assert petition.handler == org.housing_handler
    head = staff(org.housing, perms=ALL_PERMS)
    petition = services.petition_recuse(
        petition=petition, actor=head, official=org.housing_handler, reason="承办人系信访人的近亲属"
    )
    assert petition.handler is None and petition.status == Status.SIGNED
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == "recuse"
    assert event.payload["user"] == org.housing_handler.pk
    assert event.payload["reason"] == "承办人系信访人的近亲属"
    assert event.payload["article"] == "第二十八条第三款" and event.payload["self_declared"] is False
    # Barred from every act on this matter, with the article.
    assert acts_available(org.housing_handler, petition) == []
    with pytest.raises(PermissionDenied) as caught:
        services.petition_accept(petition=petition, actor=org.housing_handler)
    assert caught.value.article == "第二十八条第三款"
    # Colleagues carry on.
    petition = services.petition_accept(petition=petition, actor=head)
    assert petition.status == Status.ACCEPTED and petition.handler == head


def test_official_declares_own_recusal_and_is_barred(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    petition = services.petition_recuse(
        petition=petition, actor=org.housing_handler, reason="与被反映人有利害关系"
    )
    assert petition.events.order_by("-seq").first().payload["self_declared"] is True  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        services.petition_reply(
            petition=petition, actor=org.housing_handler, outcome="support", opinion="支持", legal_basis="法"
        )
    response = client_for(org.housing_handler).post(
        f"/api/petitions/{petition.pk}/acts/note/", {"note": "约谈"}, format="json"
    )
    assert response.status_code == 403 and response.json()["article"] == "第二十八条第三款"


def test_reason_is_required_and_recusal_is_recorded_once(org: Org) -> None:
    petition = petition_in(org, Status.HANDLING)
    head = staff(org.housing, perms=ALL_PERMS)
    with pytest.raises(ValidationFailed) as caught:
        services.petition_recuse(petition=petition, actor=head, official=org.housing_handler, reason=" ")
    assert "reason" in caught.value.fields
    services.petition_recuse(petition=petition, actor=head, official=org.housing_handler, reason="近亲属")
    with pytest.raises(ValidationFailed):
        services.petition_recuse(petition=petition, actor=head, official=org.housing_handler, reason="近亲属")


def test_web_form_names_the_units_staff(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.HANDLING)
    head = staff(org.housing, perms=ALL_PERMS)
    client.force_login(head)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert 'name="official"' in page and "回避" in page
    client.post(
        f"/petitions/{petition.pk}/act/recuse/",
        {"official": org.housing_handler.pk, "reason": "系信访人配偶", "version": petition.version},
    )
    petition.refresh_from_db()
    assert petition.events.filter(kind="recuse", payload__user=org.housing_handler.pk).exists()


@pytest.mark.parametrize("status", sorted(TERMINAL), ids=lambda s: s)
def test_refused_once_the_matter_is_finished(org: Org, status: Status) -> None:
    petition = petition_in(org, status)
    with pytest.raises(InvalidTransition) as caught:
        services.petition_recuse(petition=petition, actor=org.leader, reason="近亲属")
    assert caught.value.article == "第二十八条第三款"


def test_allowed_in_every_open_state() -> None:
    from xinfang.petitions.lifecycle import TRANSITIONS

    assert TRANSITIONS[Act.RECUSE].sources == OPEN_STATES
