"""复查 (Art. 35) and 复核 (Art. 36): requests inside the 30-day windows, decisions within 30 days."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.models import Unit, User
from xinfang.orgs.selectors import review_organs_for
from xinfang.statute.dtable import D7, D9

from ..constants import ClosedReason, ReviewOutcome
from ..lifecycle import Act, Status
from ..models import Petition
from ..practice import review_outcomes
from .core import apply_act, legal_act
from .intake import _require
from .serving import on_the_spot
from .windows import ensure_within

REVIEW_ARTICLES = {Act.REQUEST_REVIEW: "第三十五条", Act.REQUEST_RECHECK: "第三十六条第一款"}


def review_organ_choices(petition: Petition, *, tree: dict[int, Unit] | None = None) -> list[Unit]:
    """The organs that may decide the 复查 / 复核 the petition now admits (ADR 0014 §2).

    The opinion under review was issued by the unit holding the matter when it was issued
    (a 处理意见书 in ``ANSWERED``, a 复查意见 in ``REVIEWED``): both are acts taken at the
    current unit and nothing moves the matter between them, so that unit is the issuer.
    """
    if petition.status not in (Status.ANSWERED, Status.REVIEWED):
        return []
    unit = tree.get(petition.current_unit_id) if tree is not None else None  # ``orgs.selectors.unit_tree``
    return review_organs_for(unit or petition.current_unit, tree=tree)


def review_organ_check(petition: Petition, *, act: Act, unit: Unit | None) -> Unit:
    """The one check of the organ asked to review (staff entry, portal and API all call it).

    复查 goes to an organ in ``review_organs_for(issuer of the 处理意见书)`` (Art. 35), 复核 to
    one in ``review_organs_for(issuer of the 复查意见)`` (Art. 36(1)); any other is refused.
    Without a choice, the only qualifying organ is taken (the petitioner need not know it).
    """
    article = REVIEW_ARTICLES[act]
    what = "复查机关" if act == Act.REQUEST_REVIEW else "复核机关"
    issuer = petition.current_unit
    organs = review_organ_choices(petition)
    if not organs:
        raise RuleViolation(
            f"未配置{issuer.name}的上一级机关，无法确定{what}，请由系统管理员在单位设置中指定",
            article=article,
        )
    names = "、".join(organ.name for organ in organs)
    if unit is None:
        if len(organs) == 1:
            return organs[0]
        raise ValidationFailed(fields={"unit": f"请选择{what}：{names}"})
    if unit.pk not in {organ.pk for organ in organs}:
        raise RuleViolation(
            f"{unit.name}不是{issuer.name}的上一级机关，{what}应为{names}（{article}）", article=article
        )
    return unit


def _request(
    petition: Petition,
    *,
    actor: User,
    act: Act,
    target: Status,
    unit: Unit | None,
    received_on: date | None,
    reason: str,
    expected_version: int | None,
) -> Petition:
    received = received_on or timezone.localdate()
    if received > timezone.localdate():
        raise ValidationFailed(fields={"received_on": "收到请求的日期不能晚于今天"})
    reason = _require(reason, "reason", "请填写请求事项和理由")
    window = D7 if act == Act.REQUEST_REVIEW else D9
    answered = petition.events.filter(kind=Act.REPLY if act == Act.REQUEST_REVIEW else Act.DECIDE_REVIEW)
    issued = answered.order_by("-seq").values_list("occurred_at", flat=True).first()
    if issued is not None and received < timezone.localdate(issued):
        raise ValidationFailed(fields={"received_on": "收到请求的日期不能早于意见书出具日期"})
    ensure_within(
        petition, window, on=received, message=f"已超过自收到书面答复之日起30日的{window.name}，不予受理"
    )
    issuer = petition.current_unit
    unit = review_organ_check(petition, act=act, unit=unit)
    # handling_unit stays: the 承办单位 keeps read access and gets the matter back on 撤销 (ADR 0014 §1).
    return apply_act(
        petition,
        actor=actor,
        act=act,
        target=target,
        expected_version=expected_version,
        changes={"current_unit": unit, "current_unit_path": unit.path, "handler": None},
        payload={
            "received_on": received.isoformat(),
            "unit": unit.pk,
            "unit_name": unit.name,
            "from_unit": issuer.pk,
            "from_unit_name": issuer.name,
            "reason": reason,
        },
    )


def _decision_payload(outcome: str, opinion: str, *, recheck: bool = False) -> dict[str, object]:
    allowed = review_outcomes(recheck=recheck)
    if outcome not in allowed:
        labels = "、".join(str(ReviewOutcome(code).label) for code in allowed)
        raise ValidationFailed(fields={"outcome": f"请选择：{labels}"})
    opinion = _require(opinion, "opinion", "请填写意见内容")
    return {"outcome": outcome, "opinion": opinion}


def _revoke(petition: Petition, *, reason: str, article: str) -> tuple[dict[str, object], dict[str, object]]:
    """撤销，责令重新办理: the matter goes back to its 承办单位, which handles it again (ADR 0014 §1).

    Returns the petition changes and the payload additions. The new D5 (60 days, Art. 34 by
    analogy) runs from the decision; the decision records why and where the matter went.
    """
    unit = petition.handling_unit
    if unit is None:
        raise RuleViolation("该事项没有承办单位记录，无法责令重新办理", article=article)
    reason = _require(reason, "reason", "请写明撤销原处理意见、责令重新办理的理由")
    changes: dict[str, object] = {
        "current_unit": unit,
        "current_unit_path": unit.path,
        "handler": None,
        "reply_outcome": "",
    }
    payload: dict[str, object] = {
        "reason": reason,
        "returned_to": unit.pk,
        "returned_to_name": unit.name,
        "new_clock": "D5",
    }
    return changes, payload


@legal_act(Act.REQUEST_REVIEW)
def petition_request_review(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    unit: Unit | None = None,
    received_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    return _request(
        petition,
        actor=actor,
        act=Act.REQUEST_REVIEW,
        target=Status.UNDER_REVIEW,
        unit=unit,
        received_on=received_on,
        reason=reason,
        expected_version=expected_version,
    )


@legal_act(Act.DECIDE_REVIEW)
def petition_decide_review(
    *,
    petition: Petition,
    actor: User,
    outcome: str,
    opinion: str,
    reason: str = "",
    served_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """复查意见 (Art. 35): 维持 / 变更 end at REVIEWED; 撤销 returns the matter to the 承办单位."""
    payload = _decision_payload(outcome, opinion)
    changes: dict[str, object] = {}
    target = Status.REVIEWED
    if outcome == ReviewOutcome.REVOKE:
        changes, extra = _revoke(petition, reason=reason, article="第三十五条")
        payload |= extra
        target = Status.HANDLING
    # The 复核 window (D9) runs from the opinion's 送达 (``served_on``: handed over on the spot).
    petition = apply_act(
        petition,
        actor=actor,
        act=Act.DECIDE_REVIEW,
        target=target,
        expected_version=expected_version,
        changes=changes,
        payload=payload,
    )
    return on_the_spot(petition, actor=actor, document="review_opinion", served_on=served_on)


@legal_act(Act.REQUEST_RECHECK)
def petition_request_recheck(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    unit: Unit | None = None,
    received_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    return _request(
        petition,
        actor=actor,
        act=Act.REQUEST_RECHECK,
        target=Status.UNDER_RECHECK,
        unit=unit,
        received_on=received_on,
        reason=reason,
        expected_version=expected_version,
    )


@legal_act(Act.DECIDE_RECHECK)
def petition_decide_recheck(
    *,
    petition: Petition,
    actor: User,
    outcome: str,
    opinion: str,
    reason: str = "",
    publish: bool = False,
    served_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """复核意见 ends the petition chain; the same facts and reasons are then 不再受理 (Art. 36(3)).

    Only an opinion reached after a hearing may be published (Art. 36(2)). 撤销，责令重新办理
    returns the matter to the 承办单位 instead of ending the chain.
    """
    if publish and not hearing_held_in_recheck(petition):
        raise RuleViolation(
            "经过听证的复核意见才可以依法向社会公示；本次复核未举行听证", article="第三十六条第二款"
        )
    payload = {**_decision_payload(outcome, opinion, recheck=True), "publish": publish}
    if outcome == ReviewOutcome.REVOKE:
        changes, extra = _revoke(petition, reason=reason, article="第三十六条")
        payload |= extra
        target = Status.HANDLING
    else:
        changes = {"closed_reason": ClosedReason.RECHECKED, "closed_at": timezone.now()}
        target = Status.CLOSED
    petition = apply_act(
        petition,
        actor=actor,
        act=Act.DECIDE_RECHECK,
        target=target,
        expected_version=expected_version,
        changes=changes,
        payload=payload,
    )
    return on_the_spot(petition, actor=actor, document="recheck_opinion", served_on=served_on)


def hearing_held_in_recheck(petition: Petition) -> bool:
    """Whether a hearing ended after the last 复核 request (Art. 36(2))."""
    kinds = list(
        petition.events.filter(kind__in=(Act.REQUEST_RECHECK, Act.END_HEARING))
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    started = max((i for i, kind in enumerate(kinds) if kind == Act.REQUEST_RECHECK), default=None)
    return started is not None and Act.END_HEARING in kinds[started + 1 :]
