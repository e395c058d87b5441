"""Which units a user's data scope covers, as a query condition over unit paths.

This is the single place that interprets data scopes; the petition visibility
selector builds on it so lists, detail pages, exports and the API agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet

from .constants import DataScope, Perm, UnitKind
from .models import IntakeRoute, Role, Unit, User


def scope_condition(user: User, *, path_field: str, self_fields: tuple[str, ...]) -> Q | None:
    """A Q over ``path_field`` (a unit path column) for the user's scopes; None means unrestricted.

    ``self_fields`` name the user foreign keys that make a row the user's own
    (for the "only self" scope).
    """
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    for role in user.roles_cached():
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


def staff_granted(perm: Perm) -> QuerySet[User]:
    """Active staff whose roles grant ``perm`` (the roles are few: read, then matched here, as
    SQLite has no JSON containment)."""
    roles = [pk for pk, codes in Role.objects.values_list("pk", "permissions") if str(perm) in codes]
    return (
        User.objects.filter(is_active=True, roles__in=roles)
        .distinct()
        .select_related("unit")
        .order_by("unit__path", "username")
    )


def units_in_scope(user: User) -> list[Unit]:
    condition = scope_condition(user, path_field="path", self_fields=())
    units = Unit.objects.filter(is_active=True)
    return list(units if condition is None else units.filter(condition))


def default_review_organ(unit: Unit, *, tree: dict[int, Unit] | None = None) -> Unit | None:
    """The organ one level up by default (Art. 35): the nearest people's government above ``unit``.

    A community (村社区) is answered for by its street (街道), so its default is the nearest
    street above it. Inactive units are skipped.
    """
    wanted = UnitKind.STREET if unit.kind == UnitKind.COMMUNITY else UnitKind.GOVERNMENT
    ancestors: Iterable[Unit] = (
        [
            tree[a]
            for a in unit.ancestor_ids[:-1]
            if a in tree and tree[a].kind == wanted and tree[a].is_active
        ]
        if tree is not None
        else Unit.objects.filter(pk__in=unit.ancestor_ids[:-1], kind=wanted, is_active=True)
    )
    nearest = sorted(ancestors, key=lambda above: len(above.path), reverse=True)
    return nearest[0] if nearest else None


def review_organs_for(unit: Unit, *, tree: dict[int, Unit] | None = None) -> list[Unit]:
    """The 上一级机关 that review an opinion ``unit`` issued (Art. 35, 36(1)); ADR 0014 §2.

    The organs set on the unit by an administrator (``Unit.review_organs``), else the default
    (``default_review_organ``). Empty when neither exists: the request is then refused.
    """
    configured = list(unit.review_organs.filter(is_active=True).order_by("path", "sort"))
    if configured:
        return configured
    default = default_review_organ(unit, tree=tree)
    return [default] if default is not None else []


def intake_bureau_for(location: Unit, category: Any = None) -> Unit | None:
    """The petition bureau that registers an online petition about ``location`` (ADR 0014 §1).

    The admin table (``IntakeRoute``) first: the row of the nearest area at or above the place,
    for that area a row for the category before a row for every category. Otherwise the
    default: the nearest petition bureau that is a child of an ancestor of the place (for a
    community, its district's bureau). None only when no active petition bureau serves it.
    """
    ancestors = location.ancestor_ids
    depth = {unit_id: index for index, unit_id in enumerate(ancestors)}
    routes = IntakeRoute.objects.filter(area_id__in=ancestors, bureau__is_active=True).select_related(
        "bureau"
    )
    routes = (
        routes.filter(Q(category__isnull=True) | Q(category=category))
        if category
        else routes.filter(category__isnull=True)
    )
    best = max(
        routes,
        key=lambda route: (depth[route.area_id], route.category_id is not None),
        default=None,
    )
    if best is not None:
        return best.bureau
    bureaus = Unit.objects.filter(parent_id__in=ancestors, kind=UnitKind.PETITION_BUREAU, is_active=True)
    nearest = sorted(bureaus, key=lambda unit: (-depth[unit.parent_id], unit.sort, unit.pk))  # type: ignore[index]
    if location.kind == UnitKind.PETITION_BUREAU and location.is_active:
        return location
    return nearest[0] if nearest else None


# --------------------------------------------------------------------------- unit pickers (#11.7)

UnitGroups = list[tuple[str, list[tuple[int, str]]]]
TOP_LEVEL = "最上级"


def unit_tree(units: Iterable[Unit] | None = None) -> dict[int, Unit]:
    """Every unit by id (inactive ones too: they name the groups of their active children)."""
    return {unit.pk: unit for unit in (Unit.objects.all() if units is None else units)}


def _position(tree: dict[int, Unit], unit_id: int) -> tuple[tuple[int, int], ...]:
    """A unit's place in depth-first tree order (siblings by ``sort``, then id)."""
    unit = tree.get(unit_id)
    if unit is None:
        return ((0, unit_id),)
    return tuple((tree[a].sort, a) if a in tree else (0, a) for a in unit.ancestor_ids)


def _line(tree: dict[int, Unit], unit_id: int | None) -> str:
    """A unit's line of ancestors, itself last ("A市 › 青溪区"); TOP_LEVEL for none."""
    unit = tree.get(unit_id) if unit_id is not None else None
    if unit is None:
        return TOP_LEVEL
    return " › ".join(tree[a].name for a in unit.ancestor_ids if a in tree)


def unit_groups(units: Iterable[Unit], *, tree: dict[int, Unit] | None = None) -> UnitGroups:
    """Units for a picker, following the unit tree: one group per parent, labelled with the
    parent's line of ancestors ("A市 › 青溪区"), groups in depth-first tree order and siblings by
    their ``sort`` then id, as the admin orders them. ``tree`` (``unit_tree()``) saves the query
    for the ancestors."""
    units = list(units)
    if tree is None:
        tree = unit_tree(Unit.objects.filter(pk__in={a for u in units for a in u.ancestor_ids}))
    members: dict[int | None, list[Unit]] = {}
    for unit in units:
        members.setdefault(unit.parent_id, []).append(unit)
    parents = sorted(members, key=lambda pid: () if pid is None else _position(tree, pid))
    return [
        (
            _line(tree, pid),
            [(u.pk, u.name) for u in sorted(members[pid], key=lambda u: (u.sort, u.pk))],
        )
        for pid in parents
    ]


def staff_groups(users: Iterable[User], label: Callable[[User], str]) -> UnitGroups:
    """Staff for a picker: one group per unit, labelled with the unit's line of ancestors
    ("青溪区人民政府 › 区住建局"), units in tree order as ``unit_groups``; the picker's filter box
    then narrows it to one unit's people by typing the unit's name."""
    users = list(users)
    units = {user.unit.pk: user.unit for user in users if user.unit is not None}
    tree = unit_tree(Unit.objects.filter(pk__in={a for u in units.values() for a in u.ancestor_ids}))
    members: dict[int | None, list[User]] = {}
    for user in users:
        members.setdefault(user.unit_id, []).append(user)
    order = sorted((uid for uid in members if uid is not None), key=lambda uid: _position(tree, uid))
    groups = [(_line(tree, uid), [(u.pk, label(u)) for u in members[uid]]) for uid in order]
    if None in members:
        groups.append(("无单位", [(u.pk, label(u)) for u in members[None]]))
    return groups


def discipline_organ_for(place: Unit, units: Iterable[Unit]) -> Unit | None:
    """The 纪检监察机关 an accusation about ``place`` goes to (Art. 22(2), 30): among ``units``,
    the discipline organ nearest above the place (a child of its deepest ancestor that has one),
    else the first in tree order."""
    organs = [unit for unit in units if unit.kind == UnitKind.DISCIPLINE and unit.is_active]
    depth = {unit_id: index for index, unit_id in enumerate(place.ancestor_ids)}
    near = [organ for organ in organs if organ.parent_id in depth]
    if near:
        return max(near, key=lambda organ: (depth[organ.parent_id], -organ.sort, -organ.pk))  # type: ignore[index]
    return min(organs, key=lambda organ: (organ.path, organ.sort), default=None)
