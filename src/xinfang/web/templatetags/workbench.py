"""Template helpers of the workbench: menus show only what the user's role can do."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def may(user: Any, perm: str) -> bool:
    """``{% if user|may:"register" %}``: the user holds the permission (orgs.constants.Perm)."""
    return bool(getattr(user, "is_authenticated", False)) and user.may(perm)
