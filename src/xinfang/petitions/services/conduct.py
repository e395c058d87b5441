"""Acts about the people and organs around a matter: 回避 (Art. 28(3)), 通报组织人事部门 (Art. 30),
牵头和会办单位 (Art. 24) and a co-handling unit's 会办意见."""

from __future__ import annotations

from django.db import transaction

from xinfang.common.exceptions import ValidationFailed
from xinfang.common.memo import request_memo_clear
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User

from ..lifecycle import Act
from ..models import JointUnit, Petition
from ..permissions import recused
from .core import apply_act, legal_act
from .intake import _ensure_not_accused, _require

JOINT_BASES = {
    "negotiated": "所涉及的机关、单位协商确定",
    "superior": "共同的上一级机关、单位决定",
    "joint_conference": "信访工作联席会议协调确定",
    "successor": "继续行使职权的机关、单位受理",
}


@legal_act(Act.RECUSE)
def petition_recuse(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    official: User | None = None,
    expected_version: int | None = None,
) -> Petition:
    """回避 (Art. 28(3)): an official with a direct interest in the matter or the petitioner is barred.

    The official declares it (``official`` omitted) or the unit holding the matter records it;
    the event names who and why, and from then on every act of that official on this matter
    is refused (``permissions.ensure_may``). A recused handler stops being the handler.
    """
    who = official or actor
    reason = _require(reason, "reason", "请说明与信访事项或信访人的利害关系（第二十八条第三款）")
    if not who.is_active:
        raise ValidationFailed(fields={"official": "请选择在岗的工作人员"})
    if recused(who, petition):
        raise ValidationFailed(fields={"official": f"{who.get_full_name() or who.username}已回避"})
    changes = {"handler": None} if petition.handler_id == who.pk else {}
    return apply_act(
        petition,
        actor=actor,
        act=Act.RECUSE,
        expected_version=expected_version,
        changes=changes,
        payload={
            "user": who.pk,
            "user_name": who.get_full_name() or who.username,
            "unit_name": who.unit.name if who.unit else "",
            "reason": reason,
            "self_declared": who.pk == actor.pk,
            "article": "第二十八条第三款",
        },
    )


@legal_act(Act.NOTIFY_CADRE)
def petition_notify_cadre(
    *,
    petition: Petition,
    actor: User,
    to_unit: Unit,
    cadre: str,
    summary: str,
    expected_version: int | None = None,
) -> Petition:
    """通报 (Art. 30): the petition department tells the organisation (personnel) department that
    manages the cadre about petitions reflecting on that cadre, following cadre-management
    authority. Never to the accused unit (Art. 30, 46(5))."""
    cadre = _require(cadre, "cadre", "请写明所反映的干部（姓名、职务）")
    summary = _require(summary, "summary", "请填写通报的信访情况")
    _ensure_not_accused(petition, to_unit)
    if to_unit.kind != UnitKind.PERSONNEL or not to_unit.is_active:
        raise ValidationFailed(
            fields={
                "to_unit": f"“{to_unit.name}”不是在用的组织（人事）部门：反映干部问题的信访情况"
                "应按干部管理权限通报组织（人事）部门（第三十条）"
            }
        )
    return apply_act(
        petition,
        actor=actor,
        act=Act.NOTIFY_CADRE,
        expected_version=expected_version,
        payload={
            "to_unit": to_unit.pk,
            "to_unit_name": to_unit.name,
            "cadre": cadre,
            "summary": summary,
            "article": "第三十条",
        },
    )


@legal_act(Act.SET_JOINT)
def petition_set_joint(
    *,
    petition: Petition,
    actor: User,
    lead_unit: Unit,
    co_units: list[Unit],
    basis: str,
    note: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Art. 24: a matter involving two or more organs gets a lead organ (牵头单位, it accepts and
    answers) and co-handling organs (会办单位, they see it and contribute), fixed by agreement, by
    the common superior, or by the joint conference; a successor takes over a merged organ."""
    if basis not in JOINT_BASES:
        raise ValidationFailed(
            fields={"basis": "请选择确定方式（协商、共同上级决定、联席会议协调、继续行使职权）"}
        )
    others = {unit.pk: unit for unit in co_units if unit.pk != lead_unit.pk}
    if not others:
        raise ValidationFailed(
            fields={"co_units": "涉及两个以上机关、单位的，请选择至少一个会办单位（第二十四条）"}
        )
    for unit in (lead_unit, *others.values()):
        if not unit.is_active:
            raise ValidationFailed(fields={"co_units": f"{unit.name}已停用"})
        _ensure_not_accused(petition, unit)
    request_memo_clear()  # the co-handlers' sight changes now (petitions_visible_to)
    with transaction.atomic():
        petition.co_units.exclude(unit_id__in=others).delete()
        known = set(petition.co_units.values_list("unit_id", flat=True))
        JointUnit.objects.bulk_create(
            JointUnit(petition=petition, unit=unit, unit_path=unit.path)
            for pk, unit in others.items()
            if pk not in known
        )
        return apply_act(
            petition,
            actor=actor,
            act=Act.SET_JOINT,
            expected_version=expected_version,
            changes={"lead_unit": lead_unit},
            payload={
                "lead_unit": lead_unit.pk,
                "lead_unit_name": lead_unit.name,
                "co_units": sorted(others),
                "co_unit_names": [others[pk].name for pk in sorted(others)],
                "basis": basis,
                "basis_label": JOINT_BASES[basis],
                "note": note,
                "article": "第二十四条",
            },
        )


@legal_act(Act.CONTRIBUTE)
def petition_contribute(
    *,
    petition: Petition,
    actor: User,
    opinion: str,
    expected_version: int | None = None,
) -> Petition:
    """会办意见 (Art. 24): a co-handling unit records its findings and opinion for the lead organ."""
    # Only a co-handling unit gets here (permissions.act_permitted).
    opinion = _require(opinion, "opinion", "请填写会办意见")
    assert actor.unit is not None
    return apply_act(
        petition,
        actor=actor,
        act=Act.CONTRIBUTE,
        expected_version=expected_version,
        payload={"opinion": opinion, "unit_name": actor.unit.name, "article": "第二十四条"},
    )
