"""Import unit boundaries and place names from GeoJSON (admin upload or ``xinfang places import``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.models import Unit

from .models import Alias, Boundary

MAX_FEATURES = 5000
MAX_ALIASES = 50
DEMO_FILE = Path(__file__).parent / "data" / "qingxi.geojson"


@dataclass(frozen=True)
class ImportResult:
    boundaries: int
    aliases: int


def _refuse(problems: list[str]) -> ValidationFailed:
    shown = "；".join(problems[:10]) + (f"；另有{len(problems) - 10}处错误" if len(problems) > 10 else "")
    return ValidationFailed("边界文件有误，未导入任何内容", fields={"file": shown})


def _features(collection: Any) -> list[Mapping[str, Any]]:
    if not isinstance(collection, Mapping):
        raise _refuse(["文件须为 GeoJSON 对象（FeatureCollection）"])
    if collection.get("type") == "Feature":
        return [collection]
    features = collection.get("features")
    if collection.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise _refuse(["文件须为 GeoJSON 的 FeatureCollection（含 features 列表）"])
    if not features:
        raise _refuse(["文件中没有任何要素（features 为空）"])
    if len(features) > MAX_FEATURES:
        raise _refuse([f"要素不能超过{MAX_FEATURES}个"])
    return features


def _unit_for(props: Mapping[str, Any], units: list[Unit]) -> Unit | str:
    """The unit a feature describes, by unit_id, else division_code, else name (and parent name)."""
    if props.get("unit_id") not in (None, ""):
        found = [u for u in units if str(u.pk) == str(props["unit_id"])]
        return found[0] if found else f"unit_id={props['unit_id']} 的单位不存在或已停用"
    code, name, parent = (str(props.get(k) or "").strip() for k in ("division_code", "name", "parent"))
    candidates = units
    if code:
        candidates = [u for u in candidates if u.division_code == code]
    if name:
        candidates = [u for u in candidates if u.name == name]
    if parent:
        candidates = [u for u in candidates if u.parent is not None and u.parent.name == parent]
    if not (code or name):
        return "须在 properties 中给出 unit_id、division_code 或 name"
    if len(candidates) == 1:
        return candidates[0]
    label = name or code
    return (
        f"「{label}」未找到对应单位"
        if not candidates
        else f"「{label}」对应多个单位，请加上 parent 或 unit_id"
    )


def _geometry(raw: Any) -> BaseGeometry | str:
    try:
        geometry = shape(raw)
    except Exception:  # shapely raises several types for malformed GeoJSON
        return "geometry 不是有效的 GeoJSON 几何"
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return f"geometry 须为 Polygon 或 MultiPolygon，而不是 {geometry.geom_type}"
    if geometry.is_empty:
        return "geometry 为空"
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return "坐标超出 WGS84 经纬度范围（经度在前、纬度在后）"
    if not geometry.is_valid:
        return f"边界无效（{explain_validity(geometry)}）"
    if geometry.area <= 0:
        return "geometry 面积为零"
    return geometry


def _aliases(props: Mapping[str, Any]) -> list[str] | str | None:
    raw = props.get("aliases")
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(a, str) for a in raw):
        return "aliases 须为字符串列表"
    names = sorted({a.strip() for a in raw if a.strip()})
    if len(names) > MAX_ALIASES or any(len(a) > 60 or len(a) < 2 for a in names):
        return f"aliases 至多{MAX_ALIASES}个，每个2至60个字"
    return names


@transaction.atomic
def boundaries_import(*, collection: Any, source: str = "") -> ImportResult:
    """Create or replace the boundary (and, where given, the aliases) of each feature's unit.

    All or nothing: any feature that names no unit, or has a bad geometry, refuses the file.
    """
    units = list(Unit.objects.filter(is_active=True).select_related("parent"))
    planned: list[tuple[Unit, BaseGeometry, list[str] | None]] = []
    problems: list[str] = []
    seen: set[int] = set()
    for index, feature in enumerate(_features(collection), start=1):
        where = f"第{index}个要素"
        if not isinstance(feature, Mapping) or not isinstance(feature.get("properties") or {}, Mapping):
            problems.append(f"{where}：须为含 properties 的 GeoJSON Feature")
            continue
        props = feature.get("properties") or {}
        unit = _unit_for(props, units)
        geometry = _geometry(feature.get("geometry"))
        aliases = _aliases(props)
        for problem in (unit, geometry, aliases):
            if isinstance(problem, str):
                problems.append(f"{where}：{problem}")
        if isinstance(unit, Unit) and unit.pk in seen:
            problems.append(f"{where}：「{unit.name}」在文件中出现了两次")
        if isinstance(unit, Unit) and isinstance(geometry, BaseGeometry) and not isinstance(aliases, str):
            seen.add(unit.pk)
            planned.append((unit, geometry, aliases))
    if problems:
        raise _refuse(problems)
    alias_count = 0
    for unit, geometry, aliases in planned:
        Boundary.objects.update_or_create(
            unit=unit,
            defaults={
                # Through JSON: shapely's tuples become the lists GeoJSON has.
                "geometry": json.loads(json.dumps(mapping(geometry))),
                "area": geometry.area,
                "source": source[:200],
            },
        )
        if aliases is not None:
            Alias.objects.filter(unit=unit).delete()
            Alias.objects.bulk_create(Alias(unit=unit, name=name) for name in aliases)
            alias_count += len(aliases)
    return ImportResult(boundaries=len(planned), aliases=alias_count)


def boundaries_import_file(*, path: Path) -> ImportResult:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationFailed(
            "无法读取边界文件", fields={"file": f"不是 UTF-8 编码的 GeoJSON：{error}"}
        ) from None
    return boundaries_import(collection=collection, source=path.name)


def demo_boundaries_setup() -> ImportResult:
    """The demo district's streets and communities (simple polygons shipped with the code)."""
    return boundaries_import_file(path=DEMO_FILE)
