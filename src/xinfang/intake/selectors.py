"""Reads of smart intake, always through the one visibility selector."""

from __future__ import annotations

from django.db.models import QuerySet

from xinfang.orgs.models import User
from xinfang.petitions.selectors import petitions_visible_to

from .models import RiskAlert, RiskAssessment


def risk_alerts_open(*, user: User) -> QuerySet[RiskAlert]:
    """Unacknowledged alerts on petitions the user may see, newest first."""
    return (
        RiskAlert.objects.filter(acknowledged_at__isnull=True, petition__in=petitions_visible_to(user))
        .select_related("petition")
        .order_by("-raised_at")
    )


def risk_of(*, user: User, petition_id: int) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(
        petition_id=petition_id, petition__in=petitions_visible_to(user)
    ).first()
