"""Template helpers for public pages."""

from django import template

from xinfang.common.masking import mask_pii_in_text

register = template.Library()


@register.filter
def mask_pii(value: object) -> str:
    """Staff write the public summaries; an ID or mobile number typed in by mistake is still masked."""
    return mask_pii_in_text(str(value or ""))
