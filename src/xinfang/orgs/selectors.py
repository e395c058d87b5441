"""Which units a user's data scope covers, as a query condition over unit paths.

This is the single place that interprets data scopes; the petition visibility
selector builds on it so lists, detail pages, exports and the API agree.
"""

from __future__ import annotations

from django.db.models import Q

from .constants import DataScope
from .models import Unit, User


def scope_condition(user: User, *, path_field: str, self_fields: tuple[str, ...]) -> Q | None:
    """A Q over ``path_field`` (a unit path column) for the user's scopes; None means unrestricted.

    ``self_fields`` name the user foreign keys that make a row the user's own
    (for the "only self" scope).
    """
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for role in user.roles.all():
        scope = role.data_scope
        if scope == DataScope.ALL:
            return None
        if scope == DataScope.CUSTOM:
            for unit in role.custom_units.all():
                condition |= Q(**{path_field: unit.path})
        elif scope == DataScope.UNIT and user.unit is not None:
            condition |= Q(**{path_field: user.unit.path})
        elif scope == DataScope.UNIT_AND_BELOW and user.unit is not None:
            condition |= Q(**{f"{path_field}__startswith": user.unit.path})
        elif scope == DataScope.SELF:
            for field in self_fields:
                condition |= Q(**{field: user})
    return condition


def units_in_scope(user: User) -> list[Unit]:
    condition = scope_condition(user, path_field="path", self_fields=())
    units = Unit.objects.filter(is_active=True)
    return list(units if condition is None else units.filter(condition))
