"""Rule checks run on a registration draft, each decision citing the article it rests on.

They advise; the registrar confirms. Only a breach that makes the record
itself unlawful (too many representatives, Art. 20(3)) blocks registration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from xinfang.orgs.constants import AdminLevel, UnitKind
from xinfang.orgs.models import Unit

from .constants import (
    COLLECTIVE_THRESHOLD,
    MAX_REPRESENTATIVES,
    Channel,
    ClosedReason,
    DeclineGround,
    DivertTarget,
    PetitionType,
    RefuseGround,
)
from .drafts import PetitionDraft
from .identity import id_number_hash, phone_hash
from .lifecycle import Status
from .models import Petition

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


def same_petitioner(draft: PetitionDraft) -> QuerySet[Petition]:
    person = draft.petitioner
    condition = Q(pk__in=[])
    if person.id_number:
        condition |= Q(petitioner__id_number_hash=id_number_hash(person.id_number))
    if person.phone:
        condition |= Q(petitioner__phone_hash=phone_hash(person.phone), petitioner__name=person.name)
    return Petition.objects.filter(condition)


def check_representatives(draft: PetitionDraft) -> list[RuleDecision]:
    if draft.people_count < COLLECTIVE_THRESHOLD or draft.channel != Channel.VISIT:
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


def competent_unit(draft: PetitionDraft) -> Unit:
    """The organ that would handle the matter: chosen by staff, else the location's street or above."""
    if draft.competent_unit is not None:
        return draft.competent_unit
    unit = draft.location_unit
    while unit.level > AdminLevel.STREET and unit.parent is not None:
        unit = unit.parent
    return unit


def check_level_skipping(draft: PetitionDraft) -> list[RuleDecision]:
    if draft.channel != Channel.VISIT or draft.type != PetitionType.APPEAL:
        return []
    competent = competent_unit(draft)
    if draft.registered_unit.level >= competent.level - 1:
        return []
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


def check_duplicate_upward(draft: PetitionDraft) -> list[RuleDecision]:
    received = timezone.localdate(draft.received_at) if draft.received_at else timezone.localdate()
    earlier = same_petitioner(draft).filter(
        Q(next_due_on__isnull=True) | Q(next_due_on__gte=received),  # "在规定期限内": not yet overdue
        category=draft.category,
        status__in=_IN_PROGRESS,
        current_unit__level__gt=draft.registered_unit.level,
    )
    ids = list(earlier.values_list("pk", flat=True)[:5])
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


def check_after_recheck(draft: PetitionDraft) -> list[RuleDecision]:
    ids = list(
        same_petitioner(draft)
        .filter(category=draft.category, status=Status.CLOSED, closed_reason=ClosedReason.RECHECKED)
        .values_list("pk", flat=True)[:5]
    )
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


def check_in_progress_same_level(draft: PetitionDraft) -> list[RuleDecision]:
    ids = list(
        same_petitioner(draft)
        .filter(category=draft.category, status__in=(*_IN_PROGRESS, Status.REGISTERED, Status.ANSWERED))
        .exclude(current_unit__level__gt=draft.registered_unit.level)
        .values_list("pk", flat=True)[:5]
    )
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
    check_level_skipping,
    check_duplicate_upward,
    check_after_recheck,
    check_in_progress_same_level,
)


def check_draft(draft: PetitionDraft) -> list[RuleDecision]:
    """All decisions for a cleaned draft, most serious first."""
    decisions = [decision for check in CHECKS for decision in check(draft)]
    return sorted(decisions, key=lambda d: d.severity != BLOCK)


def is_petition_department(unit: Unit) -> bool:
    return unit.kind == UnitKind.PETITION_BUREAU
