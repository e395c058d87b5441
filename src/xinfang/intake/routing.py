"""Routing suggestions: the trained models' top 3 with their words, else the routing table and
category defaults, so registration works the same before any model exists."""

from __future__ import annotations

from dataclasses import dataclass, field

from xinfang.orgs.models import Unit
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.selectors import routing_unit_for

from .classifier import TextClassifier, doc_of
from .models import RoutingModel

Target = RoutingModel.Target

_cache: dict[tuple[str, int], TextClassifier] = {}


@dataclass
class Suggestion:
    value: str
    label: str
    confidence: float | None
    words: list[str] = field(default_factory=list)
    source: str = ""


def active_models() -> dict[str, tuple[RoutingModel, TextClassifier]]:
    """The newest active model per target, unpickled once per process and version."""
    latest: dict[str, RoutingModel] = {}
    for row in RoutingModel.objects.filter(is_active=True).defer("blob").order_by("target", "-version"):
        latest.setdefault(row.target, row)
    loaded = {}
    for target, row in latest.items():
        key = (target, row.version)
        if key not in _cache:
            blob = RoutingModel.objects.values_list("blob", flat=True).get(pk=row.pk)
            _cache[key] = TextClassifier.loads(bytes(blob))
        loaded[target] = (row, _cache[key])
    return loaded


def _labels(target: str, values: list[str]) -> dict[str, str]:
    if target == Target.CATEGORY:
        return dict(Category.objects.filter(code__in=values).values_list("code", "name"))
    if target == Target.UNIT:
        ids = [int(v) for v in values if v.isdigit()]
        return {str(pk): name for pk, name in Unit.objects.filter(pk__in=ids).values_list("pk", "name")}
    if target == Target.TYPE:
        return dict(PetitionType.choices)
    return {"True": "涉法涉诉", "False": "非涉法涉诉"}


def suggestions_for(
    *, title: str, content: str, location_unit: Unit | None, category: Category | None = None
) -> dict[str, list[Suggestion]]:
    doc = doc_of(title, content, location_unit.name if location_unit else "")
    result: dict[str, list[Suggestion]] = {}
    for target, (row, model) in active_models().items():
        top = model.top(doc)
        names = _labels(target, [p.label for p in top])
        result[target] = [
            Suggestion(
                p.label, names.get(p.label, p.label), round(p.confidence, 2), p.words, f"模型 v{row.version}"
            )
            for p in top
            if p.label in names
        ]
    chosen = category or _first_category(result)
    if chosen is not None:
        _fallbacks(result, chosen, location_unit)
    return result


def _first_category(result: dict[str, list[Suggestion]]) -> Category | None:
    first = result.get(Target.CATEGORY)
    return Category.objects.filter(code=first[0].value).first() if first else None


def _fallbacks(result: dict[str, list[Suggestion]], category: Category, location_unit: Unit | None) -> None:
    """Rules fill what no model answers, and the routing table leads the unit list (FixMyStreet-style)."""
    if location_unit is not None:
        unit = routing_unit_for(Petition(category=category, location_unit=location_unit))
        if unit is not None:
            units = [s for s in result.get(Target.UNIT, []) if s.value != str(unit.pk)]
            result[Target.UNIT] = [Suggestion(str(unit.pk), unit.name, None, [], "分拨路由表"), *units][:3]
    result.setdefault(
        Target.TYPE,
        [Suggestion(category.default_type, PetitionType(category.default_type).label, None, [], "分类默认")],
    )
    result.setdefault(
        Target.LITIGATION,
        [
            Suggestion(
                str(category.litigation_related),
                "涉法涉诉" if category.litigation_related else "非涉法涉诉",
                None,
                [],
                "分类默认",
            )
        ],
    )
