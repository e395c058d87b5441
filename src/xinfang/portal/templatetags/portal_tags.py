"""Template helpers for public pages."""

from django import template

from xinfang.common.masking import mask_pii_in_text, mask_public_text

register = template.Library()


@register.filter
def mask_pii(value: object) -> str:
    """Staff write the public summaries; an ID or mobile number typed in by mistake is still masked."""
    return mask_pii_in_text(str(value or ""))


@register.filter
def public_text(value: object, petition: object = None) -> str:
    """Published free text: numbers, plates, addresses and the petitioner's names masked."""
    names: list[str] = []
    name = getattr(petition, "petitioner_name", "")
    if name:
        names.append(name)
    return mask_public_text(str(value or ""), names=names)
