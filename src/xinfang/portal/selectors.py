"""Reads for the public portal: a petitioner's own matter (by query code + phone), public lists."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from xinfang.documents.kinds import KINDS, DocKind
from xinfang.orgs.models import User
from xinfang.petitions.constants import ClosedReason, PetitionType, SuggestionOutcome
from xinfang.petitions.identity import normalise_email
from xinfang.petitions.lifecycle import OPEN_STATES, Act, Status
from xinfang.petitions.models import Attachment, Petition
from xinfang.petitions.selectors import petitions_visible_to
from xinfang.petitions.wording import public_kinds, public_sentence
from xinfang.statute.dtable import D7, D9, ClockRule, ClockState

from .models import SuggestionPublication

# Internal forwarding slips are not addressed to the petitioner.
# Internal papers (to the receiving organ, back to the assigning department) are not the petitioner's.
PETITIONER_DOCUMENTS = tuple(
    kind for kind in KINDS if kind.code not in ("dispatch_sheet", "completion_report")
)
# Duty clocks owed to the petitioner, in the words they are told (the article is the clock's).
PETITIONER_CLOCKS = {
    "D1": "信访部门登记并转送、交办",
    "D2": "书面告知受理情况",
    "D3": "书面告知是否受理",
    "D5": "办结并出具信访处理意见书",
    "D6": "延长后的办理期限届满",
    "D8": "提出复查意见并书面答复",
    "D10": "提出复核意见",
}
# A closing that answers the petitioner and can be rated; closes after an answer were rated then.
ANSWERING_CLOSES = {ClosedReason.SUGGESTION, ClosedReason.MEDIATED, ClosedReason.RECHECKED}
_NO_PHONE = b"\x00\x00\x00\x00"
_NO_EMAIL = b"\x00@"


def petition_for_query(*, query_code: str, contact: str) -> Petition | None:
    """The matter for a 查询码 when ``contact`` matches what was given on that petition: the last four
    digits of its phone, or its email (Art. 19(1); ADR 0014 §5). None otherwise, the same answer.

    Only this petition's own details count: another petition with the same ID number, however
    recent, never changes what unlocks this one.
    """
    petition = (
        Petition.objects.select_related("category", "current_unit").filter(query_code=query_code).first()
    )
    typed = contact.strip()
    # Compare even when the code is unknown, so every failure takes the same path.
    if "@" in typed:
        email = normalise_email(petition.petitioner_email or "") if petition else ""
        matches = hmac.compare_digest(email.encode() or _NO_EMAIL, normalise_email(typed).encode())
    else:
        phone = (petition.petitioner_phone or "") if petition else ""
        matches = hmac.compare_digest(phone[-4:].encode() if len(phone) >= 4 else _NO_PHONE, typed.encode())
    return petition if petition is not None and matches else None


def petition_by_proved_code(code: str) -> Petition | None:
    return Petition.objects.select_related("category", "current_unit").filter(query_code=code).first()


def is_confidential(petition: Petition) -> bool:
    return petition.type == PetitionType.ACCUSATION


@dataclass(frozen=True)
class Step:
    day: date
    label: str


def public_timeline(petition: Petition) -> list[Step]:
    """The acts addressed to the petitioner, in the one public wording (petitions.wording)."""
    confidential = is_confidential(petition)
    rows = petition.events.filter(kind__in=public_kinds(confidential=confidential)).order_by("seq")
    steps: list[Step] = []
    for event in rows:
        label = public_sentence(event.kind, event.payload, confidential=confidential)
        if label is None:  # a variant that is not told (e.g. 分类处理 to route 6)
            continue
        step = Step(timezone.localdate(event.occurred_at), label)
        if not steps or steps[-1] != step:  # 答复 and 办结 read the same for an accusation
            steps.append(step)
    return steps


@dataclass(frozen=True)
class Due:
    label: str
    due_on: date
    article: str
    overdue: bool


def petitioner_clocks(petition: Petition) -> list[Due]:
    """The running duties owed to the petitioner and their statutory last day (Art. 22–23, 34–36)."""
    if is_confidential(petition):
        return []  # accusations follow the discipline organs' own notice rules (Art. 23(4))
    today = timezone.localdate()
    clocks = petition.deadlines.filter(
        code__in=PETITIONER_CLOCKS, stopped_on__isnull=True, due_on__isnull=False
    ).order_by("due_on")
    return [
        Due(PETITIONER_CLOCKS[c.code], c.due_on, c.article, today > c.due_on)
        for c in clocks
        if c.due_on is not None
    ]


def documents_for_petitioner(petition: Petition) -> list[DocKind]:
    if is_confidential(petition):
        return []  # accusations are answered through the competent organ's own channel (Art. 30)
    done = list(petition.events.values_list("kind", "payload"))
    return [kind for kind in PETITIONER_DOCUMENTS if any(kind.issued_by(k, payload) for k, payload in done)]


def own_materials(petition: Petition) -> QuerySet[Attachment]:
    """Materials the petitioner sent online; staff's working papers are not theirs to download."""
    if is_confidential(petition):
        return Attachment.objects.none()
    return petition.attachments.filter(uploaded_by__username=settings.XINFANG_ONLINE_ACCOUNT).order_by("pk")


@dataclass(frozen=True)
class SuggestionReply:
    outcome: str
    reply: str


def suggestion_reply(petition: Petition) -> SuggestionReply | None:
    """采纳情况 and the reply a suggester is owed (Art. 29)."""
    if petition.type != PetitionType.SUGGESTION:
        return None
    event = petition.events.filter(kind=Act.CONCLUDE_SUGGESTION).order_by("-seq").first()
    if event is None:
        return None
    outcome = dict(SuggestionOutcome.choices).get(event.payload.get("outcome", ""), "")
    return SuggestionReply(outcome, str(event.payload.get("reply", "")))


def may_evaluate(petition: Petition) -> bool:
    """Once per answer: the opinion, the review opinion, or a closing that answered (Art. 21(2))."""
    if is_confidential(petition):
        return False
    answered = petition.status in (Status.ANSWERED, Status.REVIEWED) or (
        petition.status == Status.CLOSED and petition.closed_reason in ANSWERING_CLOSES
    )
    return answered and not petition.events.filter(kind=Act.EVALUATE, payload__stage=petition.status).exists()


@dataclass(frozen=True)
class ReviewWindow:
    """The 复查 (Art. 35) or 复核 (Art. 36(1)) request the matter's state allows, and whether it is open."""

    act: str  # "review" | "recheck"
    name: str  # 复查 | 复核
    article: str
    due_on: date | None
    is_open: bool
    # The opinion's 送达 is not recorded yet: the 30 days have not started (ADR 0014 §3).
    unserved: bool = False


WINDOWS: dict[str, tuple[ClockRule, str, str]] = {
    Status.ANSWERED: (D7, "review", "复查"),
    Status.REVIEWED: (D9, "recheck", "复核"),
}


def review_window(petition: Petition) -> ReviewWindow | None:
    """Only 申诉求决 matters answered by an opinion enter the 复查 / 复核 chain (Art. 31(6), 34–36)."""
    if petition.type != PetitionType.APPEAL or petition.status not in WINDOWS:
        return None
    rule, act, name = WINDOWS[petition.status]
    clock = petition.deadlines.filter(code=rule.code).order_by("-instance").first()
    due = clock.due_on if clock else None
    # Same test as petitions.services.windows.ensure_within, so the page and the act agree.
    unserved = clock is not None and clock.state == ClockState.UNSERVED
    is_open = unserved or (
        clock is not None and clock.stopped_on is None and due is not None and timezone.localdate() <= due
    )
    return ReviewWindow(act, name, rule.article, due, is_open, unserved)


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
        .filter(
            type=PetitionType.SUGGESTION,
            suggestion_outcome__in=[SuggestionOutcome.ADOPTED, SuggestionOutcome.PARTLY_ADOPTED],
        )
        .select_related("category", "current_unit")
        .order_by("-closed_at", "-pk")
    )


def publications_public() -> QuerySet[SuggestionPublication]:
    return (
        SuggestionPublication.objects.filter(published=True)
        .select_related("petition")
        .order_by("-published_at", "-pk")
    )
