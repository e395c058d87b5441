"""Acts while handling: 调解, 听证, 延期, 答复 (信访处理意见书), 建议办结, 评价, 办结, 重大报告."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.models import User
from xinfang.statute.dtable import D5, D6, D7, D9

from ..constants import MAX_EXTENSION_DAYS, ClosedReason, ReplyOutcome, SuggestionOutcome
from ..lifecycle import Act, Status
from ..models import EvaluationOption, Petition
from .core import apply_act, legal_act
from .intake import _require
from .windows import ensure_within


def _served(served_on: date | None) -> date:
    today = timezone.localdate()
    served = served_on or today
    if served > today:
        raise ValidationFailed(fields={"served_on": "送达日期不能晚于今天"})
    return served


@legal_act(Act.START_MEDIATION)
def petition_start_mediation(
    *,
    petition: Petition,
    actor: User,
    petitioner_consents: bool,
    other_party_consents: bool,
    other_party: str,
    expected_version: int | None = None,
) -> Petition:
    """调解 needs both parties' consent (Art. 33)."""
    if not (petitioner_consents and other_party_consents):
        raise ValidationFailed(fields={"consent": "调解须经争议双方当事人同意（第三十三条）"})
    other_party = _require(other_party, "other_party", "请填写争议另一方当事人")
    return apply_act(
        petition,
        actor=actor,
        act=Act.START_MEDIATION,
        target=Status.MEDIATING,
        expected_version=expected_version,
        payload={"other_party": other_party},
    )


@legal_act(Act.CONCLUDE_MEDIATION)
def petition_conclude_mediation(
    *,
    petition: Petition,
    actor: User,
    agreed: bool,
    agreement_kind: str = "",
    agreement: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Agreement closes the matter with a 调解协议书 / 和解协议书; otherwise handling resumes."""
    if agreed:
        if agreement_kind not in ("mediation", "settlement"):
            raise ValidationFailed(fields={"agreement_kind": "请选择调解协议书或和解协议书（第三十三条）"})
        agreement = _require(agreement, "agreement", "达成一致的，应当制作协议书（第三十三条）")
    changes = {"closed_reason": ClosedReason.MEDIATED, "closed_at": timezone.now()} if agreed else {}
    return apply_act(
        petition,
        actor=actor,
        act=Act.CONCLUDE_MEDIATION,
        target=Status.CLOSED if agreed else Status.HANDLING,
        expected_version=expected_version,
        changes=changes,
        payload={
            "agreed": agreed,
            "agreement_kind": agreement_kind,
            "agreement": agreement,
            "closes": agreed,
        },
    )


@legal_act(Act.START_HEARING)
def petition_start_hearing(
    *, petition: Petition, actor: User, expected_version: int | None = None
) -> Petition:
    """听证 (Art. 31(6), 36(2)); at 复核 its time does not count toward the 30 days."""
    if petition.hearing_open:
        raise ValidationFailed(fields={"hearing": "听证已在进行中"})
    return apply_act(
        petition,
        actor=actor,
        act=Act.START_HEARING,
        expected_version=expected_version,
        changes={"hearing_open": True},
    )


@legal_act(Act.END_HEARING)
def petition_end_hearing(
    *,
    petition: Petition,
    actor: User,
    summary: str,
    expected_version: int | None = None,
) -> Petition:
    if not petition.hearing_open:
        raise ValidationFailed(fields={"hearing": "没有进行中的听证"})
    summary = _require(summary, "summary", "请填写听证情况")
    return apply_act(
        petition,
        actor=actor,
        act=Act.END_HEARING,
        expected_version=expected_version,
        changes={"hearing_open": False},
        payload={"summary": summary},
    )


def _extension_checked(petition: Petition, days: int, reason: str) -> str:
    """Art. 34: 1-30 days, a stated reason, only once, and only while the 60 days run."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationFailed(fields={"days": "延长期限为1至30日（第三十四条）"})
    reason = _require(reason, "reason", "须说明延期理由并告知信访人（第三十四条）")
    if petition.deadlines.filter(code=D6.code).exists():
        raise RuleViolation("办理期限只能延长一次", article=D6.article)
    ensure_within(petition, D5, message="办理期限已届满，不能再延期")
    return reason


@legal_act(Act.NOTE)
def petition_note(
    *, petition: Petition, actor: User, note: str, expected_version: int | None = None
) -> Petition:
    """办理记录: investigation and handling progress (查明事实、分清责任, Art. 28(1))."""
    note = _require(note, "note", "请填写办理情况")
    return apply_act(
        petition, actor=actor, act=Act.NOTE, expected_version=expected_version, payload={"note": note}
    )


@legal_act(Act.REQUEST_EXTENSION)
def petition_request_extension(
    *, petition: Petition, actor: User, days: int, reason: str, expected_version: int | None = None
) -> Petition:
    """申请延期: the handler asks; the unit head decides with ``petition_extend`` (Art. 34)."""
    reason = _extension_checked(petition, days, reason)
    return apply_act(
        petition,
        actor=actor,
        act=Act.REQUEST_EXTENSION,
        expected_version=expected_version,
        payload={"days": days, "reason": reason},
    )


@legal_act(Act.EXTEND)
def petition_extend(
    *,
    petition: Petition,
    actor: User,
    days: int,
    reason: str,
    expected_version: int | None = None,
) -> Petition:
    """延期 (Art. 34): once, at most 30 days, approved by the unit head before the 60 days end."""
    reason = _extension_checked(petition, days, reason)
    return apply_act(
        petition,
        actor=actor,
        act=Act.EXTEND,
        expected_version=expected_version,
        payload={"days": days, "reason": reason, "approved_by": actor.pk, "notified": True},
    )


@legal_act(Act.REPLY)
def petition_reply(
    *,
    petition: Petition,
    actor: User,
    outcome: str,
    opinion: str,
    legal_basis: str,
    served_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """出具信访处理意见书 (Art. 32): request, facts and reasons, opinion and its legal basis."""
    errors = {}
    if outcome not in ReplyOutcome.values:
        errors["outcome"] = "请选择处理意见：予以支持、解释说明或不予支持（第三十二条）"
    if not opinion.strip():
        errors["opinion"] = "请填写处理意见"
    if not legal_basis.strip():
        errors["legal_basis"] = "信访处理意见书应当载明法律法规依据（第三十二条）"
    if errors:
        raise ValidationFailed(fields=errors)
    served = _served(served_on)
    return apply_act(
        petition,
        actor=actor,
        act=Act.REPLY,
        target=Status.ANSWERED,
        expected_version=expected_version,
        changes={"reply_outcome": outcome},
        payload={
            "outcome": outcome,
            "opinion": opinion.strip(),
            "legal_basis": legal_basis.strip(),
            "served_on": served.isoformat(),
        },
    )


@legal_act(Act.CONCLUDE_SUGGESTION)
def petition_conclude_suggestion(
    *,
    petition: Petition,
    actor: User,
    outcome: str,
    reply: str,
    expected_version: int | None = None,
) -> Petition:
    """建议意见 (Art. 29): adopted, partly adopted or not adopted, with a reply."""
    if outcome not in SuggestionOutcome.values:
        raise ValidationFailed(fields={"outcome": "请选择采纳、部分采纳或未采纳（第二十九条）"})
    reply = _require(reply, "reply", "请填写回复内容（第二十九条）")
    return apply_act(
        petition,
        actor=actor,
        act=Act.CONCLUDE_SUGGESTION,
        target=Status.CLOSED,
        expected_version=expected_version,
        changes={
            "suggestion_outcome": outcome,
            "closed_reason": ClosedReason.SUGGESTION,
            "closed_at": timezone.now(),
        },
        payload={"outcome": outcome, "reply": reply},
    )


@legal_act(Act.EVALUATE)
def petition_evaluate(
    *,
    petition: Petition,
    actor: User,
    option: str,
    comment: str = "",
    expected_version: int | None = None,
) -> Petition:
    """满意度评价 by (or recorded for) the petitioner (Art. 21(2)); one rating per stage."""
    choice = EvaluationOption.objects.filter(code=option, is_active=True).first()
    if choice is None:
        raise ValidationFailed(fields={"option": "请选择有效的评价选项"})
    if petition.events.filter(kind=Act.EVALUATE, payload__stage=petition.status).exists():
        raise ValidationFailed(fields={"option": "本阶段已评价"})
    return apply_act(
        petition,
        actor=actor,
        act=Act.EVALUATE,
        expected_version=expected_version,
        changes={"evaluation": choice.code},
        payload={
            "option": choice.code,
            "label": choice.label,
            "satisfied": choice.counts_as_satisfied,
            "stage": petition.status,
            "comment": comment,
        },
    )


@legal_act(Act.CLOSE)
def petition_close(
    *,
    petition: Petition,
    actor: User,
    petitioner_accepts: bool = False,
    expected_version: int | None = None,
) -> Petition:
    """办结归档 once the petitioner accepts, or the 复查 / 复核 request window has lapsed (Art. 35, 36)."""
    window = D7 if petition.status == Status.ANSWERED else D9
    clock = petition.deadlines.filter(code=window.code).order_by("-instance").first()
    lapsed = (
        clock is not None
        and clock.stopped_on is None
        and clock.due_on is not None
        and timezone.localdate() > clock.due_on
    )
    if not (petitioner_accepts or lapsed):
        raise RuleViolation(f"{window.name}尚未届满，信访人未表示认可，暂不能办结", article=window.article)
    reason = ClosedReason.ANSWERED if petition.status == Status.ANSWERED else ClosedReason.REVIEWED
    return apply_act(
        petition,
        actor=actor,
        act=Act.CLOSE,
        target=Status.CLOSED,
        expected_version=expected_version,
        changes={"closed_reason": reason, "closed_at": timezone.now()},
        payload={"petitioner_accepts": petitioner_accepts, "window_lapsed": lapsed},
    )


@legal_act(Act.REPORT_MAJOR)
def petition_report_major(
    *,
    petition: Petition,
    actor: User,
    reported_to: str,
    summary: str,
    expected_version: int | None = None,
) -> Petition:
    """重大、紧急信访事项及时报告 (Art. 25)."""
    reported_to = _require(reported_to, "reported_to", "请填写报告对象（本级党委政府、上一级信访部门等）")
    summary = _require(summary, "summary", "请填写报告内容")
    return apply_act(
        petition,
        actor=actor,
        act=Act.REPORT_MAJOR,
        expected_version=expected_version,
        changes={"major_urgent": True},
        payload={"reported_to": reported_to, "summary": summary},
    )
