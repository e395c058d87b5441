"""The smart-intake analysis of a petition as typed, before it is saved (read only).

One entry point for the registration panel and the JSON API: routing suggestions, repeat
and near-duplicate candidates the user may see, and the risk score with its reasons.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from xinfang.orgs.models import Unit, User
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.selectors import petitions_visible_to

from .duplicates import Candidate, candidates_for, petitioners_of
from .risk import Facts, Reason, score
from .routing import Suggestion, suggestions_for


@dataclass(frozen=True)
class Typed:
    """What the registrar has typed so far (every field optional except some text)."""

    title: str
    content: str
    request: str = ""
    location_unit: Unit | None = None
    category: Category | None = None
    id_number: str = ""
    phone: str = ""
    people_count: int = 1
    escalation: str = ""
    major_urgent: bool = False


@dataclass
class Analysis:
    suggestions: dict[str, list[Suggestion]]
    candidates: list[Candidate]
    risk_score: int
    risk_level: str
    risk_reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "suggestions": {k: [asdict(s) for s in v] for k, v in self.suggestions.items()},
            "candidates": [asdict(c) for c in self.candidates],
            "risk": {
                "score": self.risk_score,
                "level": self.risk_level,
                "reasons": [asdict(r) for r in self.risk_reasons],
            },
        }


def earlier_petitions_of(*, people: list[int]) -> int:
    """How many petitions the same person brought before (all units: a count reveals no matter)."""
    return Petition.objects.filter(petitioner_id__in=people).count() if people else 0


def analysis_for(*, user: User, typed: Typed) -> Analysis:
    people = petitioners_of(id_number=typed.id_number, phone=typed.phone)
    total, level, reasons = score(
        Facts(
            text=f"{typed.title} {typed.content} {typed.request}",
            people_count=typed.people_count,
            escalation=typed.escalation,
            earlier_petitions=earlier_petitions_of(people=people),
            overdue=False,  # a petition not yet registered has no clock
            major_urgent=typed.major_urgent,
        )
    )
    return Analysis(
        suggestions=suggestions_for(
            title=typed.title,
            content=typed.content,
            location_unit=typed.location_unit,
            category=typed.category,
        ),
        candidates=candidates_for(
            title=typed.title,
            content=typed.content,
            id_number=typed.id_number,
            phone=typed.phone,
            visible=petitions_visible_to(user),
            people=people,
        ),
        risk_score=total,
        risk_level=level,
        risk_reasons=reasons,
    )
