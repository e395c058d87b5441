"""Intake work after an act, run in the worker's dispatch of the event (ADR 0014 §9), not in the request."""

from __future__ import annotations


def petition_analyse(*, petition_id: int, kind: str) -> None:
    """Index a new petition for duplicate search and keep the risk score current after each act.

    Called by the worker's dispatch of each committed event (``petitions.tasks``)."""
    from xinfang.petitions.models import Petition

    from .duplicates import signature_index
    from .risk import risk_assess

    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        return
    if kind == "register":
        signature_index(petition=petition)
    risk_assess(petition=petition)
