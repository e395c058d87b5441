"""Personal data as each role may see it."""

from __future__ import annotations

from typing import Any

from xinfang.common.masking import mask_id_number, mask_phone
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User

from .models import Petition, Petitioner


def pii_unmasked_for(user: User) -> bool:
    return user.may(Perm.VIEW_PII)


def petitioner_display(petitioner: Petitioner, *, unmasked: bool) -> dict[str, Any]:
    id_number, phone = petitioner.id_number or "", petitioner.phone or ""
    return {
        "id": petitioner.pk,
        "kind": petitioner.kind,
        "name": petitioner.name,
        "id_number": id_number if unmasked else mask_id_number(id_number) if id_number else "",
        "phone": phone if unmasked else mask_phone(phone) if phone else "",
        "address": petitioner.address,
        "masked": not unmasked,
    }


def petitioner_read(user: User, petition: Petition, *, purpose: str, ip: str | None) -> dict[str, Any]:
    """The petitioner as ``user`` may see them, recording the read (every page and API detail uses this)."""
    from xinfang.audit.services import access_record

    unmasked = pii_unmasked_for(user)
    access_record(
        user=user, pairs=[(petition.petitioner_id, petition.pk)], purpose=purpose, unmasked=unmasked, ip=ip
    )
    return petitioner_display(petition.petitioner, unmasked=unmasked)
