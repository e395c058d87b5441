"""Portal forms: field checks in Chinese; the domain rules stay in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from xinfang.common.idcard import is_valid_id_number, is_valid_phone, normalise_id_number, normalise_phone
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.models import Category, EvaluationOption

REQUIRED = {"required": "此项必填"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class SubmitForm(forms.Form):
    acknowledged = forms.BooleanField(
        label="我已阅读并承诺遵守上述须知",
        error_messages={"required": "请先阅读并确认信访须知（第二十条、第二十六条）"},
    )
    name = forms.CharField(label="姓名", max_length=50, error_messages=REQUIRED)
    id_number = forms.CharField(label="身份证号码", max_length=18, error_messages=REQUIRED)
    phone = forms.CharField(label="手机号码", max_length=20, error_messages=REQUIRED)
    address = forms.CharField(label="住址", max_length=200, error_messages=REQUIRED)
    category = forms.ModelChoiceField(
        label="问题类别",
        queryset=Category.objects.none(),
        error_messages={**REQUIRED, "invalid_choice": "请选择问题类别"},
    )
    location_unit = forms.ModelChoiceField(
        label="问题发生地",
        queryset=Unit.objects.none(),
        error_messages={**REQUIRED, "invalid_choice": "请选择问题发生地"},
    )
    title = forms.CharField(label="标题", max_length=100, error_messages=REQUIRED)
    content = forms.CharField(
        label="事实和理由", max_length=4000, widget=forms.Textarea, error_messages=REQUIRED
    )
    request = forms.CharField(
        label="投诉请求", max_length=1000, widget=forms.Textarea, error_messages=REQUIRED
    )
    accused = forms.CharField(label="被检举控告的单位或人员", max_length=200, required=False)
    materials = MultipleFileField(label="证明材料（可选，最多5个，每个不超过10MB）", required=False)

    def __init__(self, *args: Any, suggestion: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.order_by("sort", "code")
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = (
            categories.filter(default_type=PetitionType.SUGGESTION)
            if suggestion
            else categories.exclude(default_type=PetitionType.SUGGESTION)
        )
        cast(forms.ModelChoiceField, self.fields["location_unit"]).queryset = Unit.objects.filter(
            is_active=True, kind__in=[UnitKind.STREET, UnitKind.COMMUNITY]
        ).order_by("path")
        if suggestion:
            self.fields["request"].label = "建议内容"
            self.fields["content"].label = "背景和理由"
            del self.fields["accused"]

    def clean_id_number(self) -> str:
        value = normalise_id_number(self.cleaned_data["id_number"])
        if not is_valid_id_number(value):
            raise forms.ValidationError("身份证号码无效（校验位或出生日期不符）")
        return value

    def clean_phone(self) -> str:
        value = normalise_phone(self.cleaned_data["phone"])
        if not is_valid_phone(value):
            raise forms.ValidationError("手机号码格式无效")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        category = data.get("category")
        if (
            category
            and category.default_type == PetitionType.ACCUSATION
            and not data.get("accused", "").strip()
        ):
            self.add_error("accused", "检举控告须写明被检举控告的单位或人员（第三十条）")
        return data


class QueryForm(forms.Form):
    query_code = forms.CharField(label="查询码", max_length=12, error_messages=REQUIRED)
    phone_last4 = forms.RegexField(
        label="手机号后四位", regex=r"^\d{4}$", error_messages={**REQUIRED, "invalid": "请输入4位数字"}
    )


class EvaluateForm(forms.Form):
    option = forms.ChoiceField(
        label="评价", choices=(), error_messages={**REQUIRED, "invalid_choice": "请选择评价"}
    )
    comment = forms.CharField(label="意见（可选）", max_length=500, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = EvaluationOption.objects.filter(is_active=True).order_by("sort")
        cast(forms.ChoiceField, self.fields["option"]).choices = [(o.code, o.label) for o in options]


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(
        label="请求事项和理由", max_length=2000, widget=forms.Textarea, error_messages=REQUIRED
    )


class PublicationForm(forms.Form):
    title = forms.CharField(label="公开标题", max_length=100, error_messages=REQUIRED)
    summary = forms.CharField(
        label="建议摘要（不含个人信息）", max_length=2000, widget=forms.Textarea, error_messages=REQUIRED
    )
    outcome = forms.CharField(
        label="转化运用情况", max_length=2000, widget=forms.Textarea, error_messages=REQUIRED
    )
    published = forms.BooleanField(label="向社会公开", required=False)
