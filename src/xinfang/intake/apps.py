from typing import Any

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "xinfang.intake"
    label = "intake"
    verbose_name = "智能受理"

    def ready(self) -> None:
        from xinfang.petitions.signals import petition_event_committed

        petition_event_committed.connect(_on_event, dispatch_uid="intake-index-and-risk")


def _on_event(*, petition_id: int, kind: str, **_: Any) -> None:
    """Index new petitions for duplicate search and keep the risk score current after each act."""
    from xinfang.petitions.models import Petition

    from .duplicates import signature_index
    from .risk import risk_assess

    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        return
    if kind == "register":
        signature_index(petition=petition)
    risk_assess(petition=petition)
