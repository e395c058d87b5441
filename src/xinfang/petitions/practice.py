"""What is practice, not law (#10.11): choices the regulation leaves to the bureau.

Each is read lazily from ``settings.XINFANG_RULES`` (environment variables at deployment);
docs/practice-settings.md lists them with their defaults. Nothing here is hard-coded as law.
"""

from __future__ import annotations

from django.conf import settings

from .constants import COLLECTIVE_THRESHOLD, ReviewOutcome


def collective_threshold() -> int:
    """How many people make a visit "多人" (Art. 20(3) 多人采用走访形式): the representative advice.

    regulation.md marks the number unconfirmed; the default 5 follows common practice.
    """
    value = settings.XINFANG_RULES.get("collective_threshold", COLLECTIVE_THRESHOLD)
    return max(2, int(value))


def review_outcomes(*, recheck: bool = False) -> list[str]:
    """The outcomes a 复查 (or 复核) decision may take, in the order the forms offer them.

    The regulation names none (Art. 35, 36); practice uses 维持 / 变更 / 撤销并责令重新办理.
    Unknown codes in the setting are ignored; the list is never empty.
    """
    key = "recheck_outcomes" if recheck else "review_outcomes"
    configured = settings.XINFANG_RULES.get(key) or ReviewOutcome.values
    outcomes = [code for code in configured if code in ReviewOutcome.values]
    return outcomes or list(ReviewOutcome.values)


def review_outcome_choices(*, recheck: bool = False) -> list[tuple[str, str]]:
    return [(code, str(ReviewOutcome(code).label)) for code in review_outcomes(recheck=recheck)]
