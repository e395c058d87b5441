"""Acts between registration and handling: 转送/交办, 签收, 退回, 受理 / 不予受理 / 不再受理, 分流."""

from __future__ import annotations

from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User
from xinfang.statute.dtable import D2

from ..constants import (
    DeclineGround,
    DivertTarget,
    LinkKind,
    PetitionType,
    RefuseGround,
    ReturnReason,
    Route,
)
from ..keycase import key_case_mark_repeat
from ..lifecycle import Act, Status
from ..models import Petition, PetitionLink
from .core import apply_act, legal_act

DISPATCH_MODES = {"transfer": "转送", "assign": "交办"}

DECLINE_ARTICLES = {
    DeclineGround.COURT_MATTER: "第二十二条第二款、第二十八条第二款、第三十一条第一项",
    DeclineGround.LEVEL_SKIPPING: "第二十条第一款",
    DeclineGround.DUPLICATE_UPWARD: "第十九条第三款",
    DeclineGround.OTHER: "第二十三条",
}
REFUSE_ARTICLES = {
    RefuseGround.AFTER_RECHECK: "第三十六条第三款",
    RefuseGround.LITIGATION_CONCLUDED: "第三十一条第一项、第三十七条",
}
DIVERT_UNIT_KINDS = {
    DivertTarget.POLITICAL_LEGAL: UnitKind.POLITICAL_LEGAL,
    DivertTarget.DISCIPLINE: UnitKind.DISCIPLINE,
}


def _require(value: str, field: str, message: str) -> str:
    if not value or not value.strip():
        raise ValidationFailed(fields={field: message})
    return value.strip()


def _ensure_not_accused(petition: Petition, unit: Unit) -> None:
    if petition.type == PetitionType.ACCUSATION and petition.accused_unit_id in unit.ancestor_ids:
        raise RuleViolation("检举控告材料不得转给被检举控告的单位", article="第三十条、第四十六条第五项")


@legal_act(Act.DISPATCH)
def petition_dispatch(
    *,
    petition: Petition,
    actor: User,
    to_unit: Unit,
    mode: str,
    due_days: int | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """转送 or 交办 to the competent organ (Art. 22(1)); 交办 sets a feedback deadline (Art. 22(1)(3))."""
    if mode not in DISPATCH_MODES:
        raise ValidationFailed(fields={"mode": "请选择转送或交办"})
    if mode == "assign" and not due_days:
        raise ValidationFailed(fields={"due_days": "交办须指定办理期限（第二十二条第一款第三项）"})
    if to_unit.pk == petition.current_unit_id:
        raise ValidationFailed(fields={"to_unit": "不能转送交办给本单位"})
    _ensure_not_accused(petition, to_unit)
    # A petition received directly (D2 running) is answered by telling the petitioner where it
    # went: the dispatch issues a 转送告知书 naming the receiving organ (Art. 23(1), (2)). A petition
    # department's 转送 (D1) is internal; the receiving organ then owes the notice (D3).
    notice = (
        "transfer_notice" if petition.deadlines.filter(code=D2.code, stopped_on__isnull=True).exists() else ""
    )
    return apply_act(
        petition,
        actor=actor,
        act=Act.DISPATCH,
        target=Status.DISPATCHED,
        expected_version=expected_version,
        changes={
            "current_unit": to_unit,
            "current_unit_path": to_unit.path,
            "dispatcher_unit_id": petition.current_unit_id,
            "handler": None,
        },
        payload={
            "mode": mode,
            "to_unit": to_unit.pk,
            "to_unit_name": to_unit.name,
            "due_days": due_days,
            "note": note,
            "petitioner_notice": notice,
        },
    )


def _handling_here(petition: Petition) -> dict[str, object]:
    """The unit holding the matter becomes its 承办单位 (ADR 0014 §1)."""
    unit = petition.current_unit
    return {"handling_unit": unit, "handling_unit_path": unit.path}


@legal_act(Act.SIGN)
def petition_sign(*, petition: Petition, actor: User, expected_version: int | None = None) -> Petition:
    """签收: the receiving unit acknowledges the dispatched matter, names its handler and becomes 承办单位."""
    return apply_act(
        petition,
        actor=actor,
        act=Act.SIGN,
        target=Status.SIGNED,
        expected_version=expected_version,
        changes={"handler": actor, **_handling_here(petition)},
    )


@legal_act(Act.REQUEST_RETURN)
def petition_request_return(
    *,
    petition: Petition,
    actor: User,
    reason_code: str,
    reason: str,
    expected_version: int | None = None,
) -> Petition:
    """退回: objection that the matter is outside the unit's competence, in 5 working days (Art. 23(3))."""
    if reason_code not in ReturnReason.values:
        raise ValidationFailed(fields={"reason_code": "请选择退回理由（属地、职能、权属）"})
    reason = _require(reason, "reason", "须详细说明退回理由（第二十三条第三款）")
    # The 5 working days (D4) are availability.act_refusal's, checked before every act.
    return apply_act(
        petition,
        actor=actor,
        act=Act.REQUEST_RETURN,
        target=Status.RETURN_REQUESTED,
        expected_version=expected_version,
        payload={"reason_code": reason_code, "reason": reason},
    )


@legal_act(Act.APPROVE_RETURN)
def petition_approve_return(
    *,
    petition: Petition,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """The dispatching department agrees; materials go back to it for re-dispatch."""
    unit = petition.dispatcher_unit
    assert unit is not None
    return apply_act(
        petition,
        actor=actor,
        act=Act.APPROVE_RETURN,
        target=Status.REGISTERED,
        expected_version=expected_version,
        # The returning unit was never competent: it is no longer the 承办单位.
        changes={
            "current_unit": unit,
            "current_unit_path": unit.path,
            "handler": None,
            "handling_unit": None,
            "handling_unit_path": "",
        },
        payload={"note": note, "returned_from": petition.current_unit_id},
    )


@legal_act(Act.REJECT_RETURN)
def petition_reject_return(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    expected_version: int | None = None,
) -> Petition:
    reason = _require(reason, "reason", "请说明不同意退回的理由")
    return apply_act(
        petition,
        actor=actor,
        act=Act.REJECT_RETURN,
        target=Status.SIGNED,
        expected_version=expected_version,
        payload={"reason": reason},
    )


@legal_act(Act.ACCEPT)
def petition_accept(
    *,
    petition: Petition,
    actor: User,
    notice: str = "",
    expected_version: int | None = None,
) -> Petition:
    """受理 with written notice (Art. 23). Suggestions and accusations go straight to handling."""
    # Only 申诉求决 goes through Art. 31 classification; suggestions (Art. 29) and accusations
    # accepted by a competent organ (Art. 30) are handled directly.
    target = Status.ACCEPTED if petition.type == PetitionType.APPEAL else Status.HANDLING
    return apply_act(
        petition,
        actor=actor,
        act=Act.ACCEPT,
        target=target,
        expected_version=expected_version,
        changes={"handler": petition.handler or actor, **_handling_here(petition)},
        payload={"notice": notice},
    )


@legal_act(Act.DECLINE)
def petition_decline(
    *,
    petition: Petition,
    actor: User,
    ground: str,
    reason: str,
    expected_version: int | None = None,
) -> Petition:
    """不予受理 on one of the three grounds, with a written notice."""
    if ground not in DeclineGround.values:
        raise ValidationFailed(fields={"ground": "请选择不予受理的依据"})
    reason = _require(reason, "reason", "请填写不予受理的理由")
    article = DECLINE_ARTICLES[DeclineGround(ground)]
    return apply_act(
        petition,
        actor=actor,
        act=Act.DECLINE,
        target=Status.NOT_ACCEPTED,
        expected_version=expected_version,
        payload={"ground": ground, "reason": reason, "article": article},
    )


def _people(petition: Petition) -> set[tuple[str, object]]:
    """Who brought the matter: the petitioner and the representatives, by person record and ID number."""
    keys: set[tuple[str, object]] = set()
    if petition.petitioner_id:
        keys.add(("person", petition.petitioner_id))
    if petition.petitioner_id_number_hash:
        keys.add(("id", petition.petitioner_id_number_hash))
    for rep in petition.representatives.all():
        if rep.person_id:
            keys.add(("person", rep.person_id))
        if rep.id_number_hash:
            keys.add(("id", rep.id_number_hash))
    return keys


def ensure_same_matter(petition: Petition, earlier: Petition) -> None:
    """Art. 36(3) bars only *the same* petitioner's (or collective's) matter on the same facts.

    The earlier, 复核-concluded matter must have been brought by the same person (same record or
    same ID number) or by the same collective (a shared petitioner or representative), and be of
    the same 问题分类; the registrar confirms the facts and reasons are the same (``reason``).
    Linking another person's case would deprive this petitioner of a first hearing.
    """
    article = REFUSE_ARTICLES[RefuseGround.AFTER_RECHECK]
    if earlier.pk == petition.pk:
        raise ValidationFailed(fields={"earlier": "不能关联本事项自身"})
    if not _people(petition) & _people(earlier):
        raise RuleViolation(
            f"关联的{earlier.number}不是同一信访人（或同一集体）提出的事项，不能据此不再受理", article=article
        )
    if earlier.category_id != petition.category_id:
        raise RuleViolation(
            f"关联的{earlier.number}与本事项问题分类不同，不是同一事实和理由，不能据此不再受理",
            article=article,
        )


@legal_act(Act.REFUSE_REPEAT)
def petition_refuse_repeat(
    *,
    petition: Petition,
    actor: User,
    ground: str,
    reason: str,
    earlier: Petition | None = None,
    expected_version: int | None = None,
) -> Petition:
    """不再受理 (Art. 36(3)): after 复核 on the same facts and reasons, or a concluded litigation matter."""
    if ground not in RefuseGround.values:
        raise ValidationFailed(fields={"ground": "请选择不再受理的依据"})
    if ground == RefuseGround.AFTER_RECHECK:
        if earlier is None or earlier.closed_reason != "rechecked":
            raise ValidationFailed(fields={"earlier": "须关联已经复核终结的原信访事项（第三十六条第三款）"})
        ensure_same_matter(petition, earlier)
    reason = _require(reason, "reason", "请填写不再受理的理由")
    if earlier is not None:
        PetitionLink.objects.get_or_create(
            source=petition, target=earlier, kind=LinkKind.REPEAT_OF, defaults={"created_by": actor}
        )
        key_case_mark_repeat(petition)
    return apply_act(
        petition,
        actor=actor,
        act=Act.REFUSE_REPEAT,
        target=Status.NO_LONGER_ACCEPTED,
        expected_version=expected_version,
        payload={
            "ground": ground,
            "reason": reason,
            "article": REFUSE_ARTICLES[RefuseGround(ground)],
            "earlier": earlier.pk if earlier else None,
        },
    )


@legal_act(Act.DIVERT)
def petition_divert(
    *,
    petition: Petition,
    actor: User,
    target: str,
    to_unit: Unit,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Leave the ordinary chain: 涉法涉诉 to 政法 (Art. 22(2), 28(2)); 检举控告 to 纪检监察 (Art. 30)."""
    kind = DIVERT_UNIT_KINDS.get(DivertTarget(target)) if target in DIVERT_UNIT_KINDS else None
    if kind is None:
        raise ValidationFailed(fields={"target": "请选择转政法部门或纪检监察机关"})
    if to_unit.kind != kind:
        raise ValidationFailed(fields={"to_unit": f"接收单位须为{UnitKind(kind).label}"})
    _ensure_not_accused(petition, to_unit)
    return apply_act(
        petition,
        actor=actor,
        act=Act.DIVERT,
        target=Status.DIVERTED,
        expected_version=expected_version,
        changes={"divert_target": target, "current_unit": to_unit, "current_unit_path": to_unit.path},
        payload={"target": target, "to_unit": to_unit.pk, "to_unit_name": to_unit.name, "note": note},
    )


@legal_act(Act.CLASSIFY)
def petition_classify(
    *,
    petition: Petition,
    actor: User,
    route: int,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Art. 31: routes 1–4 go to their statutory procedure (已导入法定途径); route 5 (依法履行职责
    或者答复) and route 6 (信访处理意见书) stay with the organ, which handles them here."""
    if route not in Route.values:
        raise ValidationFailed(fields={"route": "请选择第三十一条规定的处理途径（1–6）"})
    diverted = route not in (Route.DUTY, Route.OPINION)
    changes: dict[str, object] = {"route": route}
    if diverted:
        changes["divert_target"] = DivertTarget.STATUTORY_ROUTE
    return apply_act(
        petition,
        actor=actor,
        act=Act.CLASSIFY,
        target=Status.DIVERTED if diverted else Status.HANDLING,
        expected_version=expected_version,
        changes=changes,
        payload={"route": route, "route_label": Route(route).label, "note": note},
    )
