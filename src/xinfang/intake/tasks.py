"""Intake work after an act, run by the worker (ADR 0014 §9), not inside the request that took the act."""

from __future__ import annotations

from django_tasks import task


@task()
def petition_event_analyse(petition_id: int, kind: str) -> None:
    """Index a new petition for duplicate search and keep the risk score current after each act."""
    from xinfang.petitions.models import Petition

    from .duplicates import signature_index
    from .risk import risk_assess

    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        return
    if kind == "register":
        signature_index(petition=petition)
    risk_assess(petition=petition)
