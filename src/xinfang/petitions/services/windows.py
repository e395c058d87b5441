"""Checks that an act falls inside the statutory window that allows it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from xinfang.common.exceptions import RuleViolation
from xinfang.statute.dtable import ClockRule, ClockState

from ..models import Petition


def ensure_within(petition: Petition, rule: ClockRule, *, message: str, on: date | None = None) -> None:
    """Raise unless the latest ``rule`` clock is unfinished and ``on`` (default today) is not past due.

    A window whose document is not yet served (未送达) has not started: nothing is late yet.
    """
    clock = petition.deadlines.filter(code=rule.code).order_by("-instance").first()
    if clock is not None and clock.state == ClockState.UNSERVED:
        return
    day = on or timezone.localdate()
    if clock is None or clock.stopped_on is not None or clock.due_on is None or day > clock.due_on:
        due = f"（截止{clock.due_on:%Y年%m月%d日}）" if clock and clock.due_on else ""
        raise RuleViolation(message + due, article=rule.article)
