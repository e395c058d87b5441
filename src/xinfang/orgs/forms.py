"""Form fields for picking units (#11.7): in tree order, grouped by parent, with the filter box."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator

from xinfang.common.labels import EMPTY_CHOICE

from .selectors import unit_groups


class UnitTreeChoices(BaseChoiceIterator):
    """The field's queryset as ``<optgroup>``s (``orgs.selectors.unit_groups``), read lazily."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        self.field = field

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from unit_groups(self.field.queryset)  # type: ignore[arg-type]


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker whose options follow the unit tree: one group per parent, siblings in the
    admin's order; ``app.js`` adds the filter box to every ``select[data-unit-filter]``."""

    iterator = UnitTreeChoices  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Select(attrs={"data-unit-filter": ""}))
        kwargs.setdefault("empty_label", EMPTY_CHOICE[1])
        super().__init__(*args, **kwargs)
