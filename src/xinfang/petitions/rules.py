"""Rule checks run on a registration draft, each decision citing the article it rests on.

They advise; the registrar confirms. Only a breach that makes the record
itself unlawful (too many representatives, Art. 20(3)) blocks registration.
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.constants import AdminLevel, UnitKind
from xinfang.orgs.models import Unit

from .constants import (
    MAX_REPRESENTATIVES,
    Channel,
    ClosedReason,
    DeclineGround,
    DivertTarget,
    Escalation,
    PetitionType,
    RefuseGround,
)
from .drafts import PetitionDraft
from .identity import id_number_hashes, phone_hashes
from .lifecycle import Status
from .models import Petition
from .practice import collective_threshold
from .selectors import confidentiality_exclusion

BLOCK = "block"
ADVISE = "advise"

# Words that suggest a matter belongs to the courts or procuratorate (Art. 22(2), 28(2)).
LITIGATION_WORDS = re.compile(r"法院|判决|裁定|诉讼|起诉|上诉|再审|执行局|强制执行|检察院|抗诉|仲裁裁决|立案")

_IN_PROGRESS = (
    Status.DISPATCHED,
    Status.SIGNED,
    Status.ACCEPTED,
    Status.HANDLING,
    Status.MEDIATING,
    Status.UNDER_REVIEW,
    Status.UNDER_RECHECK,
)


@dataclass(frozen=True)
class RuleDecision:
    code: str
    severity: str
    article: str
    message: str
    suggested_act: str = ""
    ground: str = ""
    related: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "article": self.article,
            "message": self.message,
            "suggested_act": self.suggested_act,
            "ground": self.ground,
            "related": self.related,
        }


def same_petitioner_condition(draft: PetitionDraft) -> Q:
    """Earlier petitions of this person, by the details each recorded (no join, ADR 0014 §5),
    without any accusation against the registrar's unit or the registrar: a hint must never
    reveal an accusation to the accused (Art. 30, 46(5)). One condition, given to one ``filter``
    call with the query's own (each call copies the whole condition tree: the hot path of every
    registration)."""
    person = draft.petitioner
    alike = []
    if person.id_number:
        alike.append(Q(petitioner_id_number_hash__in=id_number_hashes(person.id_number)))
    if person.phone:
        alike.append(Q(petitioner_phone_hash__in=phone_hashes(person.phone), petitioner_name=person.name))
    if not alike:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, alike) & ~confidentiality_exclusion(draft.registered_by)


def check_representatives(draft: PetitionDraft) -> list[RuleDecision]:
    # "多人" is practice (regulation.md: unconfirmed): XINFANG_RULES["collective_threshold"].
    if draft.people_count < collective_threshold() or draft.channel != Channel.VISIT:
        return []
    count = len(draft.representatives)
    if count > MAX_REPRESENTATIVES:
        return [
            RuleDecision(
                "representatives_over_limit",
                BLOCK,
                "第二十条第三款",
                f"集体访推选代表{count}人，超过5人的上限，请引导来访群众重新推选不超过5名代表",
            )
        ]
    if count == 0:
        return [
            RuleDecision(
                "representatives_missing",
                ADVISE,
                "第二十条第三款",
                f"{draft.people_count}人集体来访，应推选代表（不超过5人）",
            )
        ]
    return []


def check_litigation(draft: PetitionDraft) -> list[RuleDecision]:
    text = f"{draft.title} {draft.content} {draft.request}"
    if not (draft.litigation_related or draft.category.litigation_related or LITIGATION_WORDS.search(text)):
        return []
    if draft.channel == Channel.VISIT:
        message = "涉及诉讼权利救济，应释法明理，引导信访人向有关政法部门反映（诉访分离）"
    else:
        message = "涉法涉诉事项，应转送同级政法部门依法处理（诉访分离）"
    return [
        RuleDecision(
            "litigation_related",
            ADVISE,
            "第二十条第二款、第二十二条第二款、第二十八条第二款",
            message,
            suggested_act="divert",
            ground=DivertTarget.POLITICAL_LEGAL,
        )
    ]


def check_accusation(draft: PetitionDraft) -> list[RuleDecision]:
    if draft.type != PetitionType.ACCUSATION:
        return []
    return [
        RuleDecision(
            "accusation_to_discipline",
            ADVISE,
            "第二十二条第二款、第三十条",
            "检举控告类事项按管理权限转送纪检监察机关；不得透露或转给被检举控告的单位和人员",
            suggested_act="divert",
            ground=DivertTarget.DISCIPLINE,
        )
    ]


def check_cadre(draft: PetitionDraft) -> list[RuleDecision]:
    """Art. 30: the petition department notifies the organisation (personnel) department of
    petitions reflecting on cadres, following cadre-management authority."""
    if draft.type != PetitionType.ACCUSATION or not is_petition_department(draft.registered_unit):
        return []
    if not (draft.accused_person or draft.accused_description):
        return []
    return [
        RuleDecision(
            "cadre_notice",
            ADVISE,
            "第三十条",
            "反映干部问题的，应按照干部管理权限向组织（人事）部门通报信访情况（通报组织人事部门）",
            suggested_act="notify_cadre",
        )
    ]


def competent_unit(draft: PetitionDraft) -> Unit:
    """The organ that would handle the matter: chosen by staff, else the location's street or above."""
    if draft.competent_unit is not None:
        return draft.competent_unit
    unit = draft.location_unit
    while unit.level > AdminLevel.STREET and unit.parent is not None:
        unit = unit.parent
    return unit


def check_level_skipping(draft: PetitionDraft) -> list[RuleDecision]:
    """Art. 20(1): a visit goes to the competent organ's level or one above.

    Compared by level, and also from the 越级/进京 flag the registrar marks when the visitor went
    past those levels (e.g. a 进京访 handed back): the flag alone is enough to raise it.
    """
    if draft.channel != Channel.VISIT:
        return []
    competent = competent_unit(draft)
    skipped = draft.type == PetitionType.APPEAL and draft.registered_unit.level < competent.level - 1
    if skipped:
        return [
            RuleDecision(
                "level_skipping",
                ADVISE,
                "第二十条第一款",
                f"越级走访：有权处理的是{competent.name}，应到其本级或上一级机关提出；"
                "上级机关不予受理并引导其逐级走访，同时通报下级机关",
                suggested_act="decline",
                ground=DeclineGround.LEVEL_SKIPPING,
            )
        ]
    if draft.escalation in (Escalation.BYPASS, Escalation.BEIJING):
        where = "进京走访" if draft.escalation == Escalation.BEIJING else "越级走访"
        return [
            RuleDecision(
                "escalated_visit",
                ADVISE,
                "第二十条第一款",
                f"登记为{where}：信访人应到有权处理的{competent.name}本级或上一级机关提出；"
                "请引导其依法逐级走访，由有权处理的机关受理，并通报其上级机关",
            )
        ]
    return []


# How many of the petitioner's earlier same-category matters the three checks below read: one
# bounded query for all three (a person with more than this is rare; the newest are the ones that
# matter for 第十九条 and 第三十六条).
EARLIER_LIMIT = 200


@dataclass(frozen=True)
class Earlier:
    """One earlier petition of the same petitioner in the same category, as the checks need it."""

    pk: int
    status: str
    closed_reason: str
    next_due_on: date | None
    unit_level: int | None
    type: str

    def below(self, level: int) -> bool:
        """Held by an organ of a lower level than ``level`` (a larger level number)."""
        return self.unit_level is not None and self.unit_level > level


def earlier_same_category(draft: PetitionDraft) -> list[Earlier]:
    """The petitioner's earlier matters of this category, newest first, in one query."""
    rows = (
        Petition.objects.filter(same_petitioner_condition(draft), category=draft.category)
        .order_by("-received_at", "-id")
        .values_list("pk", "status", "closed_reason", "next_due_on", "current_unit__level", "type")[
            :EARLIER_LIMIT
        ]
    )
    return [Earlier(*row) for row in rows]


def check_duplicate_upward(draft: PetitionDraft, earlier: list[Earlier]) -> list[RuleDecision]:
    received = timezone.localdate(draft.received_at) if draft.received_at else timezone.localdate()
    level = draft.registered_unit.level
    ids = [
        e.pk
        for e in earlier
        # "在规定期限内": not yet overdue, and handled by a lower organ.
        if e.status in _IN_PROGRESS
        and (e.next_due_on is None or e.next_due_on >= received)
        and e.below(level)
    ][:5]
    if not ids:
        return []
    return [
        RuleDecision(
            "duplicate_upward",
            ADVISE,
            "第十九条第三款",
            "同一信访事项已由下级机关受理或正在办理且未超期，上级机关不予受理",
            suggested_act="decline",
            ground=DeclineGround.DUPLICATE_UPWARD,
            related=ids,
        )
    ]


def check_after_recheck(draft: PetitionDraft, earlier: list[Earlier]) -> list[RuleDecision]:
    ids = [e.pk for e in earlier if e.status == Status.CLOSED and e.closed_reason == ClosedReason.RECHECKED][
        :5
    ]
    if not ids:
        return []
    return [
        RuleDecision(
            "after_recheck",
            ADVISE,
            "第三十六条第三款",
            "同一信访人同类事项已经复核终结；如仍以同一事实和理由提出，不再受理（请核对是否有新的事实和理由）",
            suggested_act="refuse_repeat",
            ground=RefuseGround.AFTER_RECHECK,
            related=ids,
        )
    ]


_OPEN_HERE = frozenset((*_IN_PROGRESS, Status.REGISTERED, Status.ANSWERED))


def check_in_progress_same_level(draft: PetitionDraft, earlier: list[Earlier]) -> list[RuleDecision]:
    level = draft.registered_unit.level
    ids = [e.pk for e in earlier if e.status in _OPEN_HERE and not e.below(level)][:5]
    if not ids:
        return []
    return [
        RuleDecision(
            "repeat_candidate",
            ADVISE,
            "第十九条第三款",
            "同一信访人有同类事项正在办理，可能为重复信访，请核对后关联",
            related=ids,
        )
    ]


CHECKS = (
    check_representatives,
    check_litigation,
    check_accusation,
    check_cadre,
    check_level_skipping,
)
# The checks on the petitioner's earlier matters share one read (``earlier_same_category``).
EARLIER_CHECKS = (check_duplicate_upward, check_after_recheck, check_in_progress_same_level)


def check_draft(draft: PetitionDraft, *, earlier: list[Earlier] | None = None) -> list[RuleDecision]:
    """All decisions for a cleaned draft, most serious first (``earlier``: already read by the caller)."""
    decisions = [decision for check in CHECKS for decision in check(draft)]
    if earlier is None:
        earlier = earlier_same_category(draft)
    decisions += [decision for check in EARLIER_CHECKS for decision in check(draft, earlier)]
    return sorted(decisions, key=lambda d: d.severity != BLOCK)


def is_petition_department(unit: Unit) -> bool:
    return unit.kind == UnitKind.PETITION_BUREAU


def stored_decisions(
    decisions: list[RuleDecision], *, earlier: list[Earlier] | None = None
) -> list[dict[str, object]]:
    """The decisions as the register event keeps them: without any accusation.

    The event is read by every unit the matter later reaches, including one an accusation of the
    same person is about, so neither an accusation's id nor a hint that rests only on
    accusations is stored (Art. 30, 46(5)); the registrar saw them on the page. The types of the
    related matters come from ``earlier`` (the rows the checks read) where it holds them; the
    database is asked only about the others.
    """
    related = {pk for d in decisions for pk in d.related}
    known = {e.pk: e.type for e in earlier or ()}
    hidden = {pk for pk in related if known.get(pk) == PetitionType.ACCUSATION}
    unknown = related - known.keys()
    if unknown:
        hidden |= set(
            Petition.objects.filter(pk__in=unknown, type=PetitionType.ACCUSATION).values_list("pk", flat=True)
        )
    stored = []
    for decision in decisions:
        kept = [pk for pk in decision.related if pk not in hidden]
        if decision.related and not kept:
            continue
        stored.append({**decision.as_dict(), "related": kept})
    return stored
