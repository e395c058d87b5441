"""Input forms: they only parse types; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.choices import BaseChoiceIterator

from xinfang.common.labels import EMPTY_CHOICE
from xinfang.orgs.constants import Perm
from xinfang.orgs.forms import UnitChoiceField
from xinfang.orgs.models import Unit, User
from xinfang.orgs.selectors import staff_granted, staff_groups

from .constants import Adoption, KeyCaseKind, KeyCaseStatus, OrderProblem, OrderReason
from .models import ReviewItem

DATE = forms.DateInput(attrs={"type": "date"})


# What a supervisor or a unit states with legal weight (the Art. 40 problem and suggestion, the
# adoption, a key case's kind) is chosen, never preselected: each such choice starts at
# EMPTY_CHOICE, and the blank is refused as unanswered.
class OrderForm(forms.Form):
    target_unit = UnitChoiceField(label="被督办单位", queryset=Unit.objects.filter(is_active=True))
    problem = forms.ChoiceField(label="发现的问题（第四十条）", choices=[EMPTY_CHOICE, *OrderProblem.choices])
    reason = forms.ChoiceField(label="建议类型（第四十条）", choices=[EMPTY_CHOICE, *OrderReason.choices])
    content = forms.CharField(label="督办事项及建议", widget=forms.Textarea)
    due_on = forms.DateField(label="书面反馈期限", widget=DATE)
    listed = forms.BooleanField(label="挂牌督办（第三十九条）", required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class FeedbackForm(forms.Form):
    adoption = forms.ChoiceField(label="采纳情况", choices=[EMPTY_CHOICE, *Adoption.choices])
    feedback = forms.CharField(label="书面反馈", widget=forms.Textarea)
    materials = MultipleFileField(label="附件（可选）", required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


def staff_label(user: User) -> str:
    title = f" · {user.title}" if user.title else ""
    return f"{user.display_name}（{user.unit or '无单位'}{title}）"


class StaffByUnitChoices(BaseChoiceIterator):
    """The field's people as one ``<optgroup>`` per unit, in tree order (``orgs.selectors.staff_groups``):
    with the filter box, typing a unit's name leaves that unit's people (usability findings)."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        self.field = field

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from staff_groups(self.field.queryset, staff_label)  # type: ignore[arg-type]


class StaffChoiceField(forms.ModelChoiceField):
    iterator = StaffByUnitChoices  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Select(attrs={"data-unit-filter": ""}))
        kwargs.setdefault("empty_label", EMPTY_CHOICE[1])
        super().__init__(*args, **kwargs)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = StaffByUnitChoices  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"data-unit-filter": "", "size": 10}))
        super().__init__(*args, **kwargs)


def active_staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related("unit").order_by("unit__path", "username")


class LeaderForm(forms.Form):
    leader = StaffChoiceField(label="包案领导", queryset=User.objects.none())
    note = forms.CharField(label="说明", required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only leaders (roles granting 领导包案), not every handler (usability findings); read
        # per form, as roles change.
        self.fields["leader"].queryset = staff_granted(Perm.LEAD)  # type: ignore[attr-defined]


class KeyCaseForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[EMPTY_CHOICE, *KeyCaseKind.choices])
    subject = forms.CharField(label="对象", max_length=200)
    petition = forms.CharField(
        label="关联信访事项（编号或查询码，可选）",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "如 XF202600000001 或 10 位查询码", "size": 32}),
    )
    description = forms.CharField(label="基本情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label="状态", choices=[(KeyCaseStatus.RESOLVING, "化解中"), (KeyCaseStatus.STABILISING, "稳控中")]
    )
    officials = StaffMultipleChoiceField(label="责任人（可多选，按单位分组）", queryset=active_staff())


class KeyCaseStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=KeyCaseStatus.choices)
    note = forms.CharField(label="说明", required=False, max_length=300)


class ReviewForm(forms.Form):
    """One integer field per active checklist item, bounded by its maximum score."""

    comment = forms.CharField(label="评查意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, items: list[ReviewItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"score_{item.code}"] = forms.IntegerField(
                label=f"{item.name}（满分{item.max_score}）", min_value=0, max_value=item.max_score
            )

    def scores(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(f"score_{item.code}") for item in self.items}
