"""``{% supervision_panel petition user %}`` for the petition page; ``{% unread_notifications %}`` for the navbar."""

from __future__ import annotations

from typing import Any

from django import template

from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES
from xinfang.petitions.models import Petition

from ..constants import ACTION_LABELS
from ..permissions import is_supervisor
from ..selectors import (
    orders_for_petition,
    ownership_current,
    reminders_for_petition,
    review_summary,
    unread_count,
)
from ..services.reviews import REVIEWABLE

register = template.Library()


@register.inclusion_tag("supervision/_panel.html")
def supervision_panel(petition: Petition, user: User) -> dict[str, Any]:
    """Orders on the petition, the 包案 leader, reminders and 评查, with the supervisor's buttons."""
    supervisor = is_supervisor(user)
    return {
        "p": petition,
        "orders": list(orders_for_petition(user, petition)[:10]),
        "owner": ownership_current(petition),
        "reminders": list(reminders_for_petition(petition)[:5]),
        "reviews": review_summary(petition),
        "supervisor": supervisor,
        "can_remind": supervisor and petition.status in OPEN_STATES,
        "can_review": supervisor and petition.status in REVIEWABLE,
    }


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> int:
    user = context.get("user")
    return unread_count(user) if user is not None and user.is_authenticated else 0


@register.filter
def supervision_action(action: str) -> str:
    return ACTION_LABELS.get(action, action)
