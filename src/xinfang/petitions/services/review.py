"""复查 (Art. 35) and 复核 (Art. 36): requests inside the 30-day windows, decisions within 30 days."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.models import Unit, User
from xinfang.statute.dtable import D7, D9

from ..constants import ClosedReason, ReviewOutcome
from ..lifecycle import Act, Status
from ..models import Petition
from .core import apply_act, legal_act
from .handling import _served
from .intake import _require
from .windows import ensure_within


def _ensure_higher(unit: Unit, than: Unit, field: str, what: str) -> None:
    # "上一级机关": a unit above the one that decided, in the tree or by administrative level.
    if not (than.path.startswith(unit.path) and unit.pk != than.pk) and unit.level >= than.level:
        raise ValidationFailed(fields={field: f"{what}应为{than.name}的上一级机关、单位"})


def _request(
    petition: Petition,
    *,
    actor: User,
    act: Act,
    target: Status,
    unit: Unit,
    received_on: date | None,
    reason: str,
    expected_version: int | None,
) -> Petition:
    received = received_on or timezone.localdate()
    if received > timezone.localdate():
        raise ValidationFailed(fields={"received_on": "收到请求的日期不能晚于今天"})
    reason = _require(reason, "reason", "请填写请求事项和理由")
    window = D7 if act == Act.REQUEST_REVIEW else D9
    ensure_within(
        petition, window, on=received, message=f"已超过自收到书面答复之日起30日的{window.name}，不予受理"
    )
    _ensure_higher(
        unit, petition.current_unit, "unit", "复查机关" if act == Act.REQUEST_REVIEW else "复核机关"
    )
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
            "from_unit": petition.current_unit_id,
            "reason": reason,
        },
    )


def _decision_payload(outcome: str, opinion: str, served_on: date | None) -> dict[str, object]:
    if outcome not in ReviewOutcome.values:
        raise ValidationFailed(fields={"outcome": "请选择维持、变更或撤销原处理意见"})
    opinion = _require(opinion, "opinion", "请填写意见内容")
    return {"outcome": outcome, "opinion": opinion, "served_on": _served(served_on).isoformat()}


@legal_act(Act.REQUEST_REVIEW)
def petition_request_review(
    *,
    petition: Petition,
    actor: User,
    unit: Unit,
    reason: str,
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
    served_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    return apply_act(
        petition,
        actor=actor,
        act=Act.DECIDE_REVIEW,
        target=Status.REVIEWED,
        expected_version=expected_version,
        payload=_decision_payload(outcome, opinion, served_on),
    )


@legal_act(Act.REQUEST_RECHECK)
def petition_request_recheck(
    *,
    petition: Petition,
    actor: User,
    unit: Unit,
    reason: str,
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
    publish: bool = False,
    served_on: date | None = None,
    expected_version: int | None = None,
) -> Petition:
    """复核意见 ends the petition chain; the same facts and reasons are then 不再受理 (Art. 36(3))."""
    payload = {**_decision_payload(outcome, opinion, served_on), "publish": publish}
    return apply_act(
        petition,
        actor=actor,
        act=Act.DECIDE_RECHECK,
        target=Status.CLOSED,
        expected_version=expected_version,
        changes={"closed_reason": ClosedReason.RECHECKED, "closed_at": timezone.now()},
        payload=payload,
    )
