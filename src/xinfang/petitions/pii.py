"""Personal data as each role may see it."""

from __future__ import annotations

from typing import Any

from xinfang.common.masking import mask_id_number, mask_phone
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User

from .models import Petitioner


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
