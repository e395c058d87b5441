"""Open311 statuses that keep their meaning: our states mapped onto mySociety's extended statuses.

GeoReport v2 knows only ``open`` and ``closed``; a client then shows every closed petition as
"fixed", though 不予受理, 不再受理 and 导入法定途径 say the opposite. mySociety's extension
(used by FixMyStreet and open311-adapter) adds statuses that keep the meaning. In FixMyStreet
``duplicate``, ``not_councils_responsibility``, ``no_further_action`` and ``internal_referral``
are *closed* states, so they are used only for our final states; open matters stay open ones.
The table is documented in docs/integration.md ("Statuses").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from xinfang.petitions.constants import DeclineGround, DivertTarget, ReplyOutcome, SuggestionOutcome
from xinfang.petitions.lifecycle import TERMINAL, Act, Status

from .conf import open311_settings

# mySociety's status_extended (lower case in feeds; upper case when a client POSTs an update).
EXTENDED = (
    "open",
    "closed",
    "fixed",
    "in_progress",
    "action_scheduled",
    "investigating",
    "duplicate",
    "not_councils_responsibility",
    "no_further_action",
    "internal_referral",
    "reopen",
    "for_triage",
)

# Open states: what the matter is waiting for.
OPEN_STATUS: dict[str, str] = {
    Status.REGISTERED: "open",  # registered, to be passed on within 15 days (Art. 22)
    Status.DISPATCHED: "open",  # passed to the competent organ, not yet signed for
    Status.RETURN_REQUESTED: "for_triage",  # the organ objected; the dispatcher decides where it goes
    Status.SIGNED: "investigating",  # the organ examines whether to accept (Art. 23)
    Status.ACCEPTED: "in_progress",
    Status.HANDLING: "in_progress",
    Status.MEDIATING: "in_progress",
    Status.ANSWERED: "in_progress",  # opinion issued; 复查 may still be requested (Art. 35)
    Status.UNDER_REVIEW: "in_progress",
    Status.REVIEWED: "in_progress",  # review opinion issued; 复核 may still be requested (Art. 36)
    Status.UNDER_RECHECK: "in_progress",
}
# 不予受理 by ground: a duplicate, or a matter for another procedure or level.
DECLINED_STATUS: dict[str, str] = {
    DeclineGround.DUPLICATE_UPWARD: "duplicate",
    DeclineGround.COURT_MATTER: "not_councils_responsibility",
    DeclineGround.LEVEL_SKIPPING: "not_councils_responsibility",
    DeclineGround.OTHER: "closed",
}
# 分流: passed to another organ of the same government, or out of the petition system.
DIVERTED_STATUS: dict[str, str] = {
    DivertTarget.POLITICAL_LEGAL: "internal_referral",  # 转同级政法部门 (Art. 22(2), 28(2))
    DivertTarget.DISCIPLINE: "internal_referral",  # 转纪检监察机关 (Art. 30)
    DivertTarget.STATUTORY_ROUTE: "not_councils_responsibility",  # 导入诉讼、仲裁、复议… (Art. 31(1)–(5))
}
# A closing is "fixed" only when the petitioner got what they asked for.
FIXING_OUTCOMES = frozenset(
    {ReplyOutcome.SUPPORT, SuggestionOutcome.ADOPTED, SuggestionOutcome.PARTLY_ADOPTED, "mediated"}
)


@dataclass(frozen=True)
class Facts:
    """What the public acts so far say about how the matter ended (folded over the event log)."""

    decline_ground: str = ""
    divert_target: str = ""
    outcome: str = ""


def facts_after(facts: Facts, kind: str, payload: Mapping[str, Any]) -> Facts:
    if kind == Act.DECLINE:
        return replace(facts, decline_ground=str(payload.get("ground", "")))
    if kind == Act.DIVERT:
        return replace(facts, divert_target=str(payload.get("target", "")))
    if kind == Act.CLASSIFY and str(payload.get("route")) != "6":
        return replace(facts, divert_target=DivertTarget.STATUTORY_ROUTE)
    if kind in (Act.REPLY, Act.CONCLUDE_SUGGESTION):
        return replace(facts, outcome=str(payload.get("outcome", "")))
    if kind == Act.CONCLUDE_MEDIATION and payload.get("agreed"):
        return replace(facts, outcome="mediated")
    if kind in (Act.DECIDE_REVIEW, Act.DECIDE_RECHECK) and payload.get("outcome") != "uphold":
        return replace(facts, outcome="")  # a changed or revoked opinion: no longer the first answer
    return facts


def facts_from(events: Iterable[tuple[str, Mapping[str, Any]]]) -> Facts:
    facts = Facts()
    for kind, payload in events:
        facts = facts_after(facts, kind, payload)
    return facts


def extended_status(status: str, facts: Facts) -> str:
    if status in OPEN_STATUS:
        return OPEN_STATUS[status]
    if status == Status.NOT_ACCEPTED:
        return DECLINED_STATUS.get(facts.decline_ground, "closed")
    if status == Status.NO_LONGER_ACCEPTED:
        return "no_further_action"
    if status == Status.DIVERTED:
        return DIVERTED_STATUS.get(facts.divert_target, "not_councils_responsibility")
    return "fixed" if facts.outcome in FIXING_OUTCOMES else "closed"


def basic_status(status: str) -> str:
    return "closed" if status in TERMINAL else "open"


def extended_enabled() -> bool:
    """XINFANG_OPEN311["extended_statuses"]: "false" answers the spec's bare open/closed."""
    return open311_settings()["extended_statuses"].strip().lower() not in ("false", "0", "no", "off")


def public_status(status: str, facts: Facts) -> str:
    return extended_status(status, facts) if extended_enabled() else basic_status(status)
