from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


class IntakeConfig(AppConfig):
    name = "xinfang.intake"
    label = "intake"
    verbose_name = "智能受理"

    def ready(self) -> None:
        from xinfang.petitions.signals import petition_event_committed

        petition_event_committed.connect(_on_event, dispatch_uid="intake-index-and-risk")
        post_save.connect(_on_term_saved, sender="intake.DomainTerm", dispatch_uid="intake-domain-term")


def _on_term_saved(*, instance: Any, **_: Any) -> None:
    """A term an admin adds is used by this process at once; models keep the terms they were trained with."""
    from .text import dictionary_load

    dictionary_load([instance.word])


def _on_event(*, petition_id: int, kind: str, **_: Any) -> None:
    """After each committed act: duplicate index and risk score (already in the worker's dispatch task)."""
    from .tasks import petition_analyse

    petition_analyse(petition_id=petition_id, kind=kind)
