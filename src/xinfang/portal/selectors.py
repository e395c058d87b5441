"""Reads for the public portal: a petitioner's own matter (by query code + phone), public lists."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from xinfang.documents.kinds import KINDS, DocKind
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import OPEN_STATES, Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to
from xinfang.statute.dtable import D7, D9

from .models import SuggestionPublication

# What the petitioner sees of the log: the acts addressed to them, not internal handling.
PUBLIC_ACTS = {
    Act.REGISTER: "已登记",
    Act.DISPATCH: "已转送、交办有权处理机关",
    Act.ACCEPT: "已受理",
    Act.DECLINE: "不予受理",
    Act.REFUSE_REPEAT: "不再受理",
    Act.DIVERT: "已告知依法通过其他法定途径处理",
    Act.EXTEND: "办理期限已延长",
    Act.REPLY: "已出具信访处理意见书",
    Act.CONCLUDE_SUGGESTION: "建议已办结并答复",
    Act.CONCLUDE_MEDIATION: "调解已结束",
    Act.EVALUATE: "已评价",
    Act.REQUEST_REVIEW: "已请求复查",
    Act.DECIDE_REVIEW: "已出具复查意见书",
    Act.REQUEST_RECHECK: "已请求复核",
    Act.DECIDE_RECHECK: "已出具复核意见书",
    Act.CLOSE: "已办结",
}
# Internal forwarding slips are not addressed to the petitioner.
PETITIONER_DOCUMENTS = tuple(kind for kind in KINDS if kind.code != "dispatch_sheet")


def petition_for_query(*, query_code: str, phone_last4: str) -> Petition | None:
    """The matter for a 查询码 when the phone's last four digits match; None otherwise (same answer)."""
    code = query_code.strip().upper()
    petition = (
        Petition.objects.select_related("petitioner", "category", "current_unit")
        .filter(query_code=code)
        .first()
    )
    if petition is None:
        return None
    phone = petition.petitioner.phone or ""
    if len(phone) < 4 or not hmac.compare_digest(phone[-4:], phone_last4.strip()):
        return None
    return petition


@dataclass(frozen=True)
class Step:
    day: date
    label: str


def public_timeline(petition: Petition) -> list[Step]:
    from django.utils import timezone

    rows = petition.events.filter(kind__in=[a.value for a in PUBLIC_ACTS]).order_by("seq")
    return [Step(timezone.localdate(e.occurred_at), PUBLIC_ACTS[Act(e.kind)]) for e in rows]


def documents_for_petitioner(petition: Petition) -> list[DocKind]:
    if petition.type == PetitionType.ACCUSATION:
        return []  # accusations are answered through the discipline organs' own channel (Art. 30)
    done = set(petition.events.values_list("kind", flat=True))
    return [kind for kind in PETITIONER_DOCUMENTS if kind.act.value in done]


def may_evaluate(petition: Petition) -> bool:
    if petition.status not in (Status.ANSWERED, Status.REVIEWED):
        return False
    return not petition.events.filter(kind=Act.EVALUATE, payload__stage=petition.status).exists()


def review_window(petition: Petition) -> tuple[str, str, date | None] | None:
    """(act, name, last day) of the 复查 / 复核 request the petitioner may make now, if any."""
    if petition.type != PetitionType.APPEAL:
        return None
    rule, act = {Status.ANSWERED: (D7, "review"), Status.REVIEWED: (D9, "recheck")}.get(
        Status(petition.status), (None, "")
    )
    if rule is None:
        return None
    clock = petition.deadlines.filter(code=rule.code).order_by("-instance").first()
    return act, rule.name, clock.due_on if clock else None


def reviewing_unit_for(petition: Petition) -> Unit | None:
    """The 上一级机关: the nearest government above the unit that decided (Art. 35, 36)."""
    ancestors = [int(pk) for pk in petition.current_unit.path.strip("/").split("/")[:-1] if pk]
    governments = Unit.objects.filter(pk__in=ancestors, kind=UnitKind.GOVERNMENT, is_active=True)
    above = sorted(governments, key=lambda unit: len(unit.path), reverse=True)
    return above[0] if above else None


def suggestions_outstanding(*, user: User) -> QuerySet[Petition]:
    """Open 建议意见类 matters the user may see, oldest first: the list forwarded to leaders."""
    return (
        petitions_visible_to(user)
        .filter(type=PetitionType.SUGGESTION, status__in=OPEN_STATES)
        .select_related("category", "current_unit")
        .order_by("received_at")
    )


def suggestions_adopted(*, user: User) -> QuerySet[Petition]:
    return (
        petitions_visible_to(user)
        .filter(type=PetitionType.SUGGESTION, suggestion_outcome__in=["adopted", "partly_adopted"])
        .select_related("category", "current_unit")
        .order_by("-closed_at", "-pk")
    )


def publications_public() -> QuerySet[SuggestionPublication]:
    return SuggestionPublication.objects.filter(published=True).order_by("-published_at")
