"""Matters handled by a street office (甲街道), the usual case for the review-organ rules."""

from __future__ import annotations

from tests.factories import Org, register
from xinfang.orgs.models import Unit, User
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition


def answered_by_street(org: Org, **overrides: object) -> Petition:
    """A 申诉求决 matter dispatched to 甲街道, accepted there and answered with a 处理意见书 (Art. 32)."""
    return answered_by(org, org.street_a, org.street_a_handler, **overrides)


def answered_by(org: Org, unit: Unit, handler: User, **overrides: object) -> Petition:
    """A 申诉求决 matter dispatched to ``unit``, accepted there and answered by ``handler``."""
    petition = register(org, category=org.categories["property_mgmt"], **overrides)
    petition = services.petition_dispatch(
        petition=petition, actor=org.registrar, to_unit=unit, mode="transfer"
    )
    petition = services.petition_sign(petition=petition, actor=handler)
    petition = services.petition_accept(petition=petition, actor=handler)
    petition = services.petition_classify(petition=petition, actor=handler, route=6)
    petition = services.petition_reply(
        petition=petition,
        actor=handler,
        outcome="not_support",
        opinion="经调查，不予支持。",
        legal_basis="《信访工作条例》第三十二条",
    )
    assert petition.status == Status.ANSWERED
    return petition


def under_review_by_district(org: Org, **overrides: object) -> Petition:
    petition = answered_by_street(org, **overrides)
    return services.petition_request_review(
        petition=petition, actor=org.reviewer, unit=org.government, reason="对处理意见不服"
    )


def reviewed_by_district(org: Org, **overrides: object) -> Petition:
    petition = under_review_by_district(org, **overrides)
    return services.petition_decide_review(
        petition=petition, actor=org.reviewer, outcome="uphold", opinion="经复查，维持原处理意见。"
    )
