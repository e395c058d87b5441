"""Template helpers of the workbench: menus show only what the user's role can do."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def may(user: Any, perm: str) -> bool:
    """``{% if user|may:"register" %}``: the user holds the permission (orgs.constants.Perm)."""
    return bool(getattr(user, "is_authenticated", False)) and user.may(perm)


@register.filter
def beyond(count: int | None, cap: int) -> str:
    """``{{ n|beyond:cap }}``: a count read only up to ``cap`` + 1 shows as "1000+" past the cap, as
    the pager says "1000件以上" (a capped read stops at cap + 1, which is not a count to show)."""
    n = count or 0
    return f"{cap}+" if n > cap else str(n)
