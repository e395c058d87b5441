"""Transparent risk score: every point comes from a named rule or word the admins can edit.

Factors: threat / self-harm / extreme / escalation / vulnerable-group words in the text
(each kind counts once, at its heaviest word), collective size (Art. 20(3)), 越级 / 进京,
earlier petitions by the same person, overdue clocks and a 重大紧急 flag (Art. 25). The level
thresholds are rules too (``level_medium``, ``level_high``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from xinfang.petitions.constants import Escalation
from xinfang.petitions.models import Petition

from .models import Level, RiskAlert, RiskAssessment, RiskRule, RiskWord
from .text import normalise


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    points: int
    detail: str


@dataclass(frozen=True)
class Facts:
    text: str
    people_count: int
    escalation: str
    earlier_petitions: int
    overdue: bool
    major_urgent: bool


@dataclass(frozen=True)
class Rulebook:
    """The active words and rules, read once and used for one request or one batch."""

    words: list[tuple[str, str, int]]  # (word, kind, weight)
    rules: dict[str, RiskRule]


def rulebook() -> Rulebook:
    words = [
        (normalise(w), k, n)
        for w, k, n in RiskWord.objects.filter(is_active=True).values_list("word", "kind", "weight")
    ]
    return Rulebook(words, {rule.code: rule for rule in RiskRule.objects.filter(is_active=True)})


def score(
    facts: Facts, book: Rulebook | None = None, *, normalised: bool = False
) -> tuple[int, str, list[Reason]]:
    """The score, level and named reasons; ``normalised`` when the caller already normalised the text."""
    book = book or rulebook()
    rules = book.rules
    reasons: list[Reason] = []
    text = facts.text if normalised else normalise(facts.text)
    best: dict[str, tuple[int, str]] = {}
    for word, kind, weight in book.words:
        if word in text and weight > best.get(kind, (0, ""))[0]:
            best[kind] = (weight, word)
    for kind, (points, found) in best.items():
        reasons.append(Reason(f"words_{kind}", RiskWord.Kind(kind).label, points, f"出现“{found}”"))

    def rule(code: str, hit: bool, detail: str) -> None:
        found = rules.get(code)
        if found and hit:
            reasons.append(Reason(code, found.label, found.weight, detail))

    collective = rules.get("collective")
    rule(
        "collective",
        bool(collective and facts.people_count >= collective.threshold),
        f"{facts.people_count}人",
    )
    rule("escalation_bypass", facts.escalation == Escalation.BYPASS, "越级")
    rule("escalation_beijing", facts.escalation == Escalation.BEIJING, "进京")
    repeat = rules.get("repeat")
    rule(
        "repeat",
        bool(repeat and facts.earlier_petitions >= repeat.threshold),
        f"此前{facts.earlier_petitions}次",
    )
    rule("overdue", facts.overdue, "有法定期限已超期")
    rule("major_urgent", facts.major_urgent, "重大紧急")
    total = sum(r.points for r in reasons)
    high = rules["level_high"].threshold if "level_high" in rules else 60
    medium = rules["level_medium"].threshold if "level_medium" in rules else 30
    level = Level.HIGH if total >= high else Level.MEDIUM if total >= medium else Level.LOW
    return total, level, reasons


def facts_of(petition: Petition) -> Facts:
    earlier = (
        Petition.objects.filter(
            petitioner=petition.petitioner_id, received_at__lt=petition.received_at
        ).count()
        if petition.petitioner_id
        else 0
    )
    today = timezone.localdate()
    return Facts(
        text=f"{petition.title} {petition.content} {petition.request}",
        people_count=petition.people_count,
        escalation=petition.escalation,
        earlier_petitions=earlier,
        overdue=bool(petition.next_due_on and petition.next_due_on < today),
        major_urgent=petition.major_urgent,
    )


@transaction.atomic
def risk_assess(*, petition: Petition) -> RiskAssessment:
    """Score the petition, store it, and raise one open alert for the duty leader when high."""
    total, level, reasons = score(facts_of(petition))
    now = timezone.now()
    rows: list[dict[str, Any]] = [asdict(r) for r in reasons]
    assessment, _ = RiskAssessment.objects.update_or_create(
        petition=petition, defaults={"score": total, "level": level, "reasons": rows, "assessed_at": now}
    )
    if (
        level == Level.HIGH
        and not RiskAlert.objects.filter(petition=petition, acknowledged_at__isnull=True).exists()
    ):
        try:
            with transaction.atomic():
                RiskAlert.objects.create(
                    petition=petition, level=level, score=total, reasons=rows, raised_at=now
                )
        except IntegrityError:
            pass  # another process raised it a moment ago
    return assessment
