"""Checks that an act falls inside the statutory window that allows it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from xinfang.common.exceptions import RuleViolation
from xinfang.statute.dtable import ClockRule

from ..models import Petition


def ensure_within(petition: Petition, rule: ClockRule, *, message: str, on: date | None = None) -> None:
    """Raise unless the latest ``rule`` clock is unfinished and ``on`` (default today) is not past due."""
    clock = petition.deadlines.filter(code=rule.code).order_by("-instance").first()
    day = on or timezone.localdate()
    if clock is None or clock.stopped_on is not None or clock.due_on is None or day > clock.due_on:
        due = f"（截止{clock.due_on:%Y年%m月%d日}）" if clock and clock.due_on else ""
        raise RuleViolation(message + due, article=rule.article)
