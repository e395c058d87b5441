"""``{% intake_summary petition user %}``: risk level and similar petitions on the detail page."""

from __future__ import annotations

from typing import Any

from django import template

from xinfang.orgs.models import User
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to

from ..duplicates import similar_to_petition
from ..selectors import risk_of

register = template.Library()


@register.inclusion_tag("intake/_summary.html")
def intake_summary(petition: Petition, user: User) -> dict[str, Any]:
    return {"risk": risk_of(user=user, petition_id=petition.pk), "similar": _similar(petition, user)}


def _similar(petition: Petition, user: User, limit: int = 5) -> list[tuple[Petition, float]]:
    scored = similar_to_petition(petition.pk, limit=limit * 2)
    visible = {p.pk: p for p in petitions_visible_to(user).filter(pk__in=[pk for pk, _ in scored])}
    return [(visible[pk], value) for pk, value in scored if pk in visible][:limit]
