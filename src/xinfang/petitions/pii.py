"""Personal data as each role may see it: the petitioner as given on the petition (ADR 0014 §5)."""

from __future__ import annotations

from typing import Any

from xinfang.common.masking import mask_email, mask_id_number, mask_phone
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User

from .models import Petition, Representative


def pii_unmasked_for(user: User) -> bool:
    return user.may(Perm.VIEW_PII)


def _shown(value: str, mask: Any, unmasked: bool) -> str:
    return value if unmasked or not value else str(mask(value))


def petitioner_display(petition: Petition, *, unmasked: bool) -> dict[str, Any]:
    """The petitioner recorded on ``petition`` (never another petition's details)."""
    return {
        "id": petition.petitioner_id,
        "kind": petition.petitioner_kind,
        "name": petition.petitioner_name,
        "id_number": _shown(petition.petitioner_id_number or "", mask_id_number, unmasked),
        "phone": _shown(petition.petitioner_phone or "", mask_phone, unmasked),
        "email": _shown(petition.petitioner_email or "", mask_email, unmasked),
        "address": petition.petitioner_address,
        "identity_state": petition.identity_state,
        "identity_label": petition.get_identity_state_display(),
        "masked": not unmasked,
    }


def representative_display(rep: Representative, *, unmasked: bool) -> dict[str, Any]:
    return {
        "id": rep.person_id,
        "name": rep.name,
        "id_number": _shown(rep.id_number or "", mask_id_number, unmasked),
        "phone": _shown(rep.phone or "", mask_phone, unmasked),
        "address": rep.address,
        "masked": not unmasked,
    }


def petitioner_read(user: User, petition: Petition, *, purpose: str, ip: str | None) -> dict[str, Any]:
    """The petitioner as ``user`` may see them, recording the read (every page and API detail uses this)."""
    from xinfang.audit.services import access_record

    unmasked = pii_unmasked_for(user)
    access_record(
        user=user, pairs=[(petition.petitioner_id, petition.pk)], purpose=purpose, unmasked=unmasked, ip=ip
    )
    return petitioner_display(petition, unmasked=unmasked)
