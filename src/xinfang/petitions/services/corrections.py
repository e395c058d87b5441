"""更正: a lawful correction of a registered fact, appended to the chain (ADR 0014 §6).

A mistyped received date, channel or petitioner detail is never fixed by editing a row: the
``correct`` act records who corrected what, from which value to which, and why; the petition's
column is written in the same ``apply_act``, and ``compute_clocks`` applies the correction to
the facts it replays, so D1/D2 run from the corrected receipt. Event rows stay untouched, so
``xinfang audit verify`` keeps passing and an edited row stays detectable tampering.
Registration must record the matter truthfully (Art. 19(1) "如实记录"; Art. 21(2)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from xinfang.common.crypto import encrypt
from xinfang.common.exceptions import ValidationFailed
from xinfang.common.idcard import normalise_id_number, normalise_phone
from xinfang.common.masking import mask_email, mask_id_number, mask_phone
from xinfang.orgs.models import User

from ..constants import Channel
from ..drafts import PersonDraft
from ..lifecycle import Act
from ..models import Petition
from .core import apply_act, legal_act
from .intake import _require
from .registration import identity_link

Changes = dict[str, Any]


@dataclass(frozen=True)
class Correctable:
    label: str
    # (petition, new text) -> (old value as text, new value as text, column changes); raises on bad input.
    read: Callable[[Petition, str], tuple[str, str, Changes]]
    # Personal numbers are stored in the payload as SM4 tokens and shown masked (ADR 0014 §6).
    mask: Callable[[str], str] | None = None
    # How a stored code reads to people (a channel code as its Chinese name).
    shown: Callable[[str], str] | None = None


def _received_on(petition: Petition, new: str) -> tuple[str, str, Changes]:
    try:
        day = date.fromisoformat(new.strip())
    except ValueError:
        raise ValidationFailed(fields={"new": "请按“年-月-日”填写收到日期，如2025-06-02"}) from None
    registered = petition.events.order_by("seq").values_list("occurred_at", flat=True).first()
    latest = timezone.localdate(registered) if registered else timezone.localdate()
    if day > latest:
        raise ValidationFailed(fields={"new": "收到日期不能晚于登记日期"})
    at = timezone.localtime(petition.received_at)
    moved = timezone.make_aware(datetime.combine(day, at.time().replace(tzinfo=None)))
    return at.date().isoformat(), day.isoformat(), {"received_at": moved}


def _channel(petition: Petition, new: str) -> tuple[str, str, Changes]:
    if new not in Channel.values:
        raise ValidationFailed(fields={"new": "请选择网上、来信、来访、电话或传真（第十七条）"})
    return petition.channel, new, {"channel": new}


# The snapshot columns a registration validates, by the name ``PersonDraft.cleaned`` reports them.
_DRAFT_FIELDS = {
    "petitioner_name": "name",
    "petitioner_id_number": "id_number",
    "petitioner_phone": "phone",
    "petitioner_email": "email",
    "petitioner_address": "address",
}


def _as_draft(petition: Petition, **corrected: str) -> PersonDraft:
    """The petitioner as this petition records them, with the corrected detail(s)."""
    values = {
        draft: corrected.get(column, str(getattr(petition, column) or ""))
        for column, draft in _DRAFT_FIELDS.items()
    }
    return PersonDraft(kind=petition.petitioner_kind, **values)


def _snapshot(column: str, *, hashed: bool = False) -> Callable[[Petition, str], tuple[str, str, Changes]]:
    """A petitioner detail recorded on this petition as given (ADR 0014 §5)."""

    def read(petition: Petition, new: str) -> tuple[str, str, Changes]:
        value = new.strip()
        if column == "petitioner_name" and not value:
            raise ValidationFailed(fields={"new": "信访人姓名（名称）不能为空"})
        # The same checks as registration (GB 11643 check digit, phone and email form), for
        # the corrected detail only: a correction must not record what registration refuses.
        _, errors = _as_draft(petition, **{column: value}).cleaned("")
        if error := errors.get(_DRAFT_FIELDS[column]):
            raise ValidationFailed(fields={"new": error})
        if hashed:
            # The same normalisation and keyed hash as registration, so staff search finds the
            # corrected value and ``xinfang keys rotate`` re-hashes it alike (petitions.identity).
            from ..identity import email_hash, id_number_hash, normalise_email, phone_hash

            normalise, digest = {
                "petitioner_id_number": (normalise_id_number, id_number_hash),
                "petitioner_phone": (normalise_phone, phone_hash),
                "petitioner_email": (normalise_email, email_hash),
            }[column]
            value = normalise(value) if value else ""
            changes: Changes = {column: value, f"{column}_hash": digest(value)}
        else:
            changes = {column: value}
        return str(getattr(petition, column) or ""), value, changes

    return read


CORRECTABLE: dict[str, Correctable] = {
    "received_on": Correctable("收到日期", _received_on),
    "channel": Correctable(
        "信访形式", _channel, shown=lambda v: str(Channel(v).label) if v in Channel.values else v
    ),
}
# Petitioner details are corrected where this petition records them (the per-petition snapshot).
_SNAPSHOT = (
    ("petitioner_name", "信访人姓名（名称）", False, None),
    ("petitioner_id_number", "信访人证件号码", True, mask_id_number),
    ("petitioner_phone", "信访人联系电话", True, mask_phone),
    ("petitioner_email", "信访人电子邮箱", True, mask_email),
    ("petitioner_address", "信访人住址", False, None),
)
CORRECTABLE.update(
    {
        column: Correctable(label, _snapshot(column, hashed=hashed), mask)
        for column, label, hashed, mask in _SNAPSHOT
        if column in {f.name for f in Petition._meta.get_fields()}
    }
)


def _relink(petition: Petition, field: str, changes: Changes) -> tuple[Changes, dict[str, Any]]:
    """Re-decide the person link after a correction of who the petitioner is (ADR 0014 §5).

    A corrected name or ID number (or, without an ID number, phone) goes through the same
    ``identity_link`` as registration: same ID and name → that person; same ID, another name →
    a conflict for staff (``resolve_identity``), unlinked meanwhile; a new ID → a new person
    record. No person record is ever changed. Other details leave the link as it is.
    """
    has_id = bool(changes.get("petitioner_id_number", petition.petitioner_id_number))
    if field not in ("petitioner_name", "petitioner_id_number") and not (
        field == "petitioner_phone" and not has_id
    ):
        return {}, {}
    identity = identity_link(
        person=_as_draft(petition, **{c: v for c, v in changes.items() if c in _DRAFT_FIELDS})
    )
    person = identity.person
    return (
        {"petitioner": person, "identity_state": identity.state},
        {
            "identity_state": identity.state,
            "person": person.pk if person is not None else None,
            "person_before": petition.petitioner_id,
        },
    )


def _for_payload(spec: Correctable, value: str) -> dict[str, str]:
    if spec.mask is None or not value:
        return {"value": value, "shown": spec.shown(value) if spec.shown and value else value}
    return {"value": encrypt(value), "shown": spec.mask(value)}


@legal_act(Act.CORRECT)
def petition_correct(
    *,
    petition: Petition,
    actor: User,
    field: str,
    new: str,
    reason: str,
    expected_version: int | None = None,
) -> Petition:
    """更正 one registered fact: who, why, old and new value, appended to the chain."""
    spec = CORRECTABLE.get(field)
    if spec is None:
        labels = "、".join(s.label for s in CORRECTABLE.values())
        raise ValidationFailed(fields={"field": f"可更正的事项为：{labels}"})
    reason = _require(reason, "reason", "请说明更正理由")
    old, value, changes = spec.read(petition, new)
    if old == value:
        raise ValidationFailed(fields={"new": "与原记录相同，无需更正"})
    before, after = _for_payload(spec, old), _for_payload(spec, value)
    link, linked = _relink(petition, field, changes)
    return apply_act(
        petition,
        actor=actor,
        act=Act.CORRECT,
        expected_version=expected_version,
        changes=changes | link,
        payload=linked
        | {
            "field": field,
            "field_label": spec.label,
            "old": before["value"],
            "new": after["value"],
            "old_shown": before["shown"],
            "new_shown": after["shown"],
            "reason": reason,
        },
    )
