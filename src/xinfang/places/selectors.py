"""Places from coordinates and addresses, offline.

A point (WGS84) goes to the smallest unit whose boundary contains it: an STRtree over every
boundary answers which envelopes hold the point, then an exact covers-test decides, and among
several (社区 inside 街道 inside 区) the lowest level, then the smallest area, wins. The tree is
built in memory on first use and rebuilt when a boundary changes (count or latest update),
which one indexed query per lookup detects. A district has a few hundred units at most, so a
lookup is microseconds and no spatial database is needed; PostGIS is not required anywhere.

An address is matched against the names and aliases of communities, then streets; the
longest name found wins ("新甲社区" over "甲社区").
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit

from .models import Alias, Boundary


@dataclass(frozen=True)
class _Index:
    key: tuple[Any, ...]
    tree: STRtree
    geometries: list[BaseGeometry]
    unit_ids: list[int]
    levels: list[int]
    areas: list[float]


_lock = threading.Lock()
_index: _Index | None = None


def _key() -> tuple[Any, ...]:
    stats = Boundary.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return (stats["count"], stats["latest"])


def _build(key: tuple[Any, ...]) -> _Index:
    rows = list(Boundary.objects.select_related("unit").order_by("pk"))
    geometries = [shape(row.geometry) for row in rows]
    return _Index(
        key=key,
        tree=STRtree(geometries),
        geometries=geometries,
        unit_ids=[row.unit_id for row in rows],
        levels=[row.unit.level for row in rows],
        areas=[row.area for row in rows],
    )


def _current() -> _Index:
    global _index
    key = _key()
    index = _index
    if index is None or index.key != key:
        with _lock:
            if _index is None or _index.key != key:
                _index = _build(key)
            index = _index
    return index


def boundaries_exist() -> bool:
    return Boundary.objects.exists()


def unit_at(*, lat: float, long: float) -> Unit | None:
    """The smallest active unit whose boundary covers the point (its edge included); None outside all."""
    index = _current()
    if not index.unit_ids:
        return None
    point = Point(long, lat)  # GeoJSON order: longitude first
    hits = [int(i) for i in index.tree.query(point) if index.geometries[int(i)].covers(point)]
    active = set(
        Unit.objects.filter(pk__in=[index.unit_ids[i] for i in hits], is_active=True).values_list(
            "pk", flat=True
        )
    )
    ranked = sorted(
        (i for i in hits if index.unit_ids[i] in active),
        key=lambda i: (-index.levels[i], index.areas[i]),
    )
    return Unit.objects.get(pk=index.unit_ids[ranked[0]]) if ranked else None


def unit_named_in(text: str) -> Unit | None:
    """The community, else street, whose name or alias appears in the address; the longest wins."""
    compact = "".join(text.split())
    if not compact:
        return None
    for kind in (UnitKind.COMMUNITY, UnitKind.STREET):
        units = {u.pk: u for u in Unit.objects.filter(is_active=True, kind=kind).order_by("pk")}
        names = [(u.name, u) for u in units.values()]
        names += [
            (a.name, units[a.unit_id]) for a in Alias.objects.filter(unit_id__in=units) if a.unit_id in units
        ]
        found = [(name, unit) for name, unit in names if name and name in compact]
        if found:
            return max(found, key=lambda pair: (len(pair[0]), -pair[1].pk))[1]
    return None
