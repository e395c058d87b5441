"""``{% intake_summary petition user %}``: risk level and similar petitions on the detail page."""

from __future__ import annotations

from typing import Any

from django import template

from xinfang.orgs.models import User
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to

from ..duplicates import CANDIDATE_CAP, as_array, near
from ..models import LshBucket, TextSignature
from ..selectors import risk_of

register = template.Library()


@register.inclusion_tag("intake/_summary.html")
def intake_summary(petition: Petition, user: User) -> dict[str, Any]:
    return {"risk": risk_of(user=user, petition_id=petition.pk), "similar": _similar(petition, user)}


def _similar(petition: Petition, user: User, limit: int = 5) -> list[tuple[Petition, float]]:
    mine = TextSignature.objects.filter(petition=petition).values_list("minhash", "title_minhash").first()
    if not mine:
        return []
    values, title = as_array(mine[0]), as_array(mine[1])
    buckets = LshBucket.objects.filter(petition=petition).values_list("band", "bucket")
    others = (
        LshBucket.objects.filter(band__in=[b for b, _ in buckets], bucket__in=[k for _, k in buckets])
        .exclude(petition=petition)
        .values_list("petition_id", flat=True)[:CANDIDATE_CAP]
    )
    scored = []
    rows = TextSignature.objects.filter(petition_id__in=set(others)).values_list(
        "petition_id", "minhash", "title_minhash"
    )
    for pk, blob, title_blob in rows:
        value = near(values, title, as_array(blob), as_array(title_blob))
        if value is not None:
            scored.append((pk, value))
    scored.sort(key=lambda item: -item[1])
    visible = {p.pk: p for p in petitions_visible_to(user).filter(pk__in=[pk for pk, _ in scored[:limit]])}
    return [(visible[pk], value) for pk, value in scored[:limit] if pk in visible]
