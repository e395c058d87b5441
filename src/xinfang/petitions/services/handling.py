"""Acts while handling: 调解, 听证, 延期, 答复 (信访处理意见书), 建议办结, 评价, 办结, 重大报告."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.models import User
from xinfang.statute.dtable import ART25_RECIPIENTS, D7, D9, DA, ClockState

from ..availability import close_window_lapsed
from ..constants import (
    MAX_EXTENSION_DAYS,
    ClosedReason,
    DutyManner,
    PetitionType,
    ReplyOutcome,
    SuggestionOutcome,
)
from ..lifecycle import Act, Status
from ..models import EvaluationOption, Petition, PetitionEvent
from ..rules import is_petition_department
from .core import apply_act, legal_act
from .intake import _require
from .serving import on_the_spot


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
    *,
    petition: Petition,
    actor: User,
    place: str,
    participants: str,
    held_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """听证 (Art. 31(6), 36(2)); at 复核 its time does not count toward the 30 days, from the day
    it was held (``held_on``, recorded later if need be; today when not given)."""
    if petition.hearing_open:
        raise ValidationFailed(fields={"hearing": "听证已在进行中"})
    errors: dict[str, str] = {}
    held_on = held_on or timezone.localdate()
    stage_began = _stage_began(petition)
    if held_on > timezone.localdate():
        errors["held_on"] = "听证日期不能晚于今天（听证举行后再登记）"
    elif held_on < stage_began:
        errors["held_on"] = f"听证日期不能早于本阶段开始之日（{stage_began:%Y年%m月%d日}）"
    if not place.strip():
        errors["place"] = "请填写听证地点"
    if not participants.strip():
        errors["participants"] = "请填写参加人员（听证员、信访人及有关单位人员）"
    if errors:
        raise ValidationFailed(fields=errors)
    return apply_act(
        petition,
        actor=actor,
        act=Act.START_HEARING,
        expected_version=expected_version,
        changes={"hearing_open": True},
        payload={
            "held_on": held_on.isoformat(),
            "place": place.strip(),
            "participants": participants.strip(),
        },
    )


def _stage_began(petition: Petition) -> date:
    """The day the petition entered its current state (the last act that moved it there)."""
    entered = (
        petition.events.filter(to_status=petition.status)
        .exclude(from_status=petition.status)
        .order_by("-seq")
        .values_list("occurred_at", flat=True)
        .first()
    )
    return timezone.localdate(entered) if entered else timezone.localdate(petition.received_at)


def _hearing_held_on(petition: Petition) -> date:
    """The day the open hearing was held (its start act's ``held_on``, else that act's day)."""
    start = petition.events.filter(kind=Act.START_HEARING).order_by("-seq").first()
    if start is None:
        return timezone.localdate()
    held = start.payload.get("held_on")
    return date.fromisoformat(held) if held else timezone.localdate(start.occurred_at)


@legal_act(Act.END_HEARING)
def petition_end_hearing(
    *,
    petition: Petition,
    actor: User,
    summary: str,
    ended_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """The hearing's record (听证情况); its time stops counting at 复核 until ``ended_on``."""
    if not petition.hearing_open:
        raise ValidationFailed(fields={"hearing": "没有进行中的听证"})
    summary = _require(summary, "summary", "请填写听证情况（听证记录）")
    ended_on = ended_on or timezone.localdate()
    held_on = _hearing_held_on(petition)
    if ended_on > timezone.localdate():
        raise ValidationFailed(fields={"ended_on": "听证结束日期不能晚于今天"})
    if ended_on < held_on:
        raise ValidationFailed(fields={"ended_on": f"听证结束日期不能早于听证日期（{held_on:%Y年%m月%d日}）"})
    return apply_act(
        petition,
        actor=actor,
        act=Act.END_HEARING,
        expected_version=expected_version,
        changes={"hearing_open": False},
        payload={"summary": summary, "ended_on": ended_on.isoformat()},
    )


def _extension_checked(days: int, reason: str) -> str:
    """Art. 34: 1-30 days and a stated reason. Only once and only while the 60 days run is
    ``availability.extension_refusal``, checked before any extension act (``legal_act``)."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationFailed(fields={"days": "延长期限为1至30日（第三十四条）"})
    return _require(reason, "reason", "须说明延期理由并告知信访人（第三十四条）")


def pending_extension_request(petition: Petition) -> PetitionEvent | None:
    """The 申请延期 event awaiting a decision, if any (the latest request after the last decision)."""
    if not petition.pending_extension:
        return None
    return petition.events.filter(kind=Act.REQUEST_EXTENSION).order_by("-seq").first()


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
    """申请延期: the handler asks; the unit head decides with ``petition_extend`` or
    ``petition_refuse_extension`` (Art. 34). The request waits in the approvals queue."""
    reason = _extension_checked(days, reason)
    return apply_act(
        petition,
        actor=actor,
        act=Act.REQUEST_EXTENSION,
        expected_version=expected_version,
        changes={"pending_extension": True},
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
    """延期 (Art. 34): once, at most 30 days, approved by the unit head before the 60 days end.

    Decides a pending 申请延期 (its event is named in the payload) or extends directly."""
    reason = _extension_checked(days, reason)
    request = pending_extension_request(petition)
    payload: dict[str, object] = {"days": days, "reason": reason, "approved_by": actor.pk, "notified": True}
    if request is not None:
        payload |= {
            "request_seq": request.seq,
            "requested_by": request.actor_id,
            "requested_days": request.payload.get("days"),
        }
    return apply_act(
        petition,
        actor=actor,
        act=Act.EXTEND,
        expected_version=expected_version,
        changes={"pending_extension": False},
        payload=payload,
    )


@legal_act(Act.REFUSE_EXTENSION)
def petition_refuse_extension(
    *, petition: Petition, actor: User, reason: str, expected_version: int | None = None
) -> Petition:
    """不批准延期 (Art. 34): the unit head refuses a pending 申请延期, with the reason; the
    handling deadline stays as it was and the requester is told (supervision.listeners)."""
    reason = _require(reason, "reason", "请说明不批准延期的理由")
    request = pending_extension_request(petition)
    assert request is not None  # availability.extension_refusal: only while a request waits
    return apply_act(
        petition,
        actor=actor,
        act=Act.REFUSE_EXTENSION,
        expected_version=expected_version,
        changes={"pending_extension": False},
        payload={
            "reason": reason,
            "request_seq": request.seq,
            "requested_by": request.actor_id,
            "requested_days": request.payload.get("days"),
        },
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
    """出具信访处理意见书 (Art. 32): request, facts and reasons, opinion and its legal basis.

    The 复查 window (D7) waits for the 送达; ``served_on`` records an on-the-spot service as a
    second ``serve`` event in the same transaction (ADR 0014 §3).

    For a 检举控告 this is the 反馈 under the disciplinary organs' rules (Art. 30, 23(4)): it
    promises no 复查 and opens no Art. 35 window (``no_review`` in the event).
    """
    errors = {}
    if outcome not in ReplyOutcome.values:
        errors["outcome"] = "请选择处理意见：予以支持、解释说明或不予支持（第三十二条）"
    if not opinion.strip():
        errors["opinion"] = "请填写处理意见"
    if not legal_basis.strip():
        errors["legal_basis"] = "信访处理意见书应当载明法律法规依据（第三十二条）"
    if errors:
        raise ValidationFailed(fields=errors)
    accusation = petition.type == PetitionType.ACCUSATION
    petition = apply_act(
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
            **({"no_review": True, "article": "第三十条"} if accusation else {}),
        },
    )
    if accusation:
        return petition  # no window hangs on its service (Art. 30)
    return on_the_spot(petition, actor=actor, document="opinion", served_on=served_on)


@legal_act(Act.PERFORM_DUTY)
def petition_perform_duty(
    *,
    petition: Petition,
    actor: User,
    manner: str,
    content: str,
    legal_basis: str,
    expected_version: int | None = None,
) -> Petition:
    """Art. 31(5): the organ performs its duty (查处、保护人身权或者财产权) or answers, in writing.

    The matter stays with the organ after classification (it is not 已导入法定途径) and ends
    with this document. It is not a 信访处理意见书 (Art. 32), so no 复查 window opens (Art. 35
    covers opinions on route 6 only). Its service to the petitioner is recorded with ``serve``.
    """
    errors = {}
    if manner not in DutyManner.values:
        errors["manner"] = "请选择依法履行职责或依法答复（第三十一条第五项）"
    if not content.strip():
        errors["content"] = "请填写履行职责的情况或答复内容"
    if not legal_basis.strip():
        errors["legal_basis"] = "请填写履行职责或答复的法律法规依据"
    if errors:
        raise ValidationFailed(fields=errors)
    return apply_act(
        petition,
        actor=actor,
        act=Act.PERFORM_DUTY,
        target=Status.CLOSED,
        expected_version=expected_version,
        changes={"closed_reason": ClosedReason.DUTY, "closed_at": timezone.now()},
        payload={
            "manner": manner,
            "manner_label": DutyManner(manner).label,
            "content": content.strip(),
            "legal_basis": legal_basis.strip(),
            "article": "第三十一条第五项",
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
    # One rating per stage: availability.act_refusal, checked before every act.
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
    """办结归档 once the petitioner accepts, or the 复查 / 复核 request window has lapsed (Art. 35, 36).

    A 检举控告 is answered under the disciplinary organs' rules (Art. 30, 23(4)): no 复查 window
    applies, so its answered matter is closed at once.
    """
    if petition.type == PetitionType.ACCUSATION and petition.status == Status.ANSWERED:
        return apply_act(
            petition,
            actor=actor,
            act=Act.CLOSE,
            target=Status.CLOSED,
            expected_version=expected_version,
            changes={"closed_reason": ClosedReason.ANSWERED, "closed_at": timezone.now()},
            payload={"petitioner_accepts": petitioner_accepts, "window_lapsed": False, "article": "第三十条"},
        )
    window = D7 if petition.status == Status.ANSWERED else D9
    clock = petition.deadlines.filter(code=window.code).order_by("-instance").first()
    if clock is not None and clock.state == ClockState.UNSERVED and not petitioner_accepts:
        # An unserved window has not started, so it cannot have lapsed (ADR 0014 §3).
        raise RuleViolation(f"文书尚未送达，{window.name}尚未起算，暂不能办结", article=window.article)
    lapsed = close_window_lapsed(petition)
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
    recipient: str,
    reported_to: str,
    summary: str,
    reported_at: datetime | None = None,
    expected_version: int | None = None,
) -> Petition:
    """重大、紧急信访事项及时报告 (Art. 25): one report, to one addressee, at one time.

    D13 is met once every required addressee is told: the Party committee and government and the
    joint-conference office; a petition department also the petition department one level up and
    国家信访局. ``recipient`` says which of them this is; ``reported_to`` names it.
    """
    errors: dict[str, str] = {}
    if recipient not in ART25_RECIPIENTS:
        errors["recipient"] = (
            "请选择报告对象：本级党委和政府、联席会议办公室、上一级信访部门、国家信访局或相关主管部门"
        )
    if not reported_to or not reported_to.strip():
        errors["reported_to"] = "请填写报告对象的名称（如“区委、区政府”）"
    when = reported_at or timezone.now()
    if when > timezone.now():
        errors["reported_at"] = "报告时间不能晚于现在"
    if errors:
        raise ValidationFailed(fields=errors)
    summary = _require(summary, "summary", "请填写报告内容")
    return apply_act(
        petition,
        actor=actor,
        act=Act.REPORT_MAJOR,
        expected_version=expected_version,
        changes={"major_urgent": True},
        payload={
            "recipient": recipient,
            "recipient_label": ART25_RECIPIENTS[recipient],
            "reported_to": reported_to.strip(),
            "reported_at": timezone.localtime(when).isoformat(),
            "by_petition_dept": actor.unit is not None and is_petition_department(actor.unit),
            "summary": summary,
        },
    )


@legal_act(Act.REPORT_COMPLETION)
def petition_report_completion(
    *, petition: Petition, actor: User, summary: str, expected_version: int | None = None
) -> Petition:
    """办结报告 (Art. 22(1)(3)): the assigned organ reports the result of a 交办 to the department
    that assigned it, which stops the assignment's clock."""
    summary = _require(summary, "summary", "请填写办理结果")
    clock = petition.deadlines.filter(code=DA.code, stopped_on__isnull=True).order_by("-instance").first()
    if clock is None or clock.state == ClockState.CANCELLED:
        raise RuleViolation("该事项没有待反馈结果的交办，无需提交办结报告", article=DA.article)
    assigned = petition.events.filter(kind=Act.DISPATCH, payload__mode="assign").order_by("-seq").first()
    payload = assigned.payload if assigned is not None else {}
    dispatcher = assigned.actor_unit if assigned is not None else None
    return apply_act(
        petition,
        actor=actor,
        act=Act.REPORT_COMPLETION,
        expected_version=expected_version,
        payload={
            "summary": summary,
            "assignment_seq": assigned.seq if assigned is not None else None,
            "to_unit": dispatcher.pk if dispatcher else None,
            "to_unit_name": dispatcher.name if dispatcher else "",
            "due_days": payload.get("due_days"),
        },
    )
