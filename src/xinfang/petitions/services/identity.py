"""核实信访人身份: staff decide an identity conflict (ADR 0014 §5, issue #11.4).

A petition whose ID number is already on file under another name is registered unlinked with
``identity_state = "conflict"``. Staff of the registering or the holding unit decide, and the
decision is an act in the log: the same person with new contact details (link; the details
given on this petition stay as given), a registration error (the name on this petition is
corrected to the person record's name, old and new kept as SM4 tokens in the payload, then
linked), or a different person (stays unlinked). Nothing stored on another petition changes.
"""

from __future__ import annotations

from xinfang.common import crypto
from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.models import User

from ..constants import IdentityResolution, IdentityState
from ..identity import id_number_hashes
from ..lifecycle import Act
from ..models import Petition, Petitioner
from .core import apply_act, legal_act


@legal_act(Act.RESOLVE_IDENTITY)
def petition_resolve_identity(
    *,
    petition: Petition,
    actor: User,
    outcome: str,
    reason: str,
    expected_version: int | None = None,
) -> Petition:
    """Decide a conflict between the name given and the person record of the same ID number."""
    errors = {}
    if outcome not in IdentityResolution.values:
        errors["outcome"] = "请选择核实结果：同一人更换联系方式、登记错误更正或不是同一人"
    if not reason.strip():
        errors["reason"] = "请写明核实依据（如核对身份证件、电话回访）"
    if errors:
        raise ValidationFailed(fields=errors)
    person = (
        Petitioner.objects.filter(id_number_hash__in=id_number_hashes(petition.petitioner_id_number or ""))
        .order_by("pk")
        .first()
    )
    if person is None:
        raise RuleViolation(
            "未找到证件号码相同的信访人档案，无需核实（第十九条第一款）", article="第十九条第一款"
        )
    payload: dict[str, object] = {"outcome": outcome, "reason": reason.strip(), "person": person.pk}
    changes: dict[str, object]
    if outcome == IdentityResolution.DIFFERENT_PERSON:
        changes = {"identity_state": IdentityState.DISTINCT}
        payload.pop("person")
    elif outcome == IdentityResolution.SAME_PERSON:
        changes = {"identity_state": IdentityState.LINKED, "petitioner": person}
    else:  # a registration error: the name on this petition was recorded wrongly
        changes = {
            "identity_state": IdentityState.LINKED,
            "petitioner": person,
            "petitioner_name": person.name,
        }
        payload |= {
            "field": "petitioner_name",
            "old": crypto.encrypt(petition.petitioner_name),
            "new": crypto.encrypt(person.name),
        }
    return apply_act(
        petition,
        actor=actor,
        act=Act.RESOLVE_IDENTITY,
        expected_version=expected_version,
        changes=changes,
        payload=payload,
    )
