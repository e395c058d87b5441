"""Portal forms: field checks in Chinese, each message naming its field; domain rules stay in the services."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from xinfang.common.idcard import is_valid_id_number, is_valid_phone, normalise_id_number, normalise_phone
from xinfang.common.labels import EMPTY_CHOICE
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.models import Category, EvaluationOption


class NamedErrorsMixin:
    """Give every field messages that name it: a phone user often sees the message, not the label.

    The field's short name is its label up to the first full-width bracket
    (「证明材料（可选…）」 → 「证明材料」).
    """

    fields: dict[str, forms.Field]

    def _name_errors(self) -> None:
        for field in self.fields.values():
            name = str(field.label or "").split("（")[0]
            choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
            field.error_messages = {
                **field.error_messages,
                "required": f"请选择{name}" if choose else f"请填写{name}",
                "invalid_choice": f"请选择有效的{name}",
                "max_length": f"{name}不能超过%(limit_value)d个字（现有%(show_value)d个）",
            }

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id or "", message) for the list at the top of the form."""
        form = cast(forms.Form, self)
        rows = [("", str(message)) for message in form.non_field_errors()]
        for name, errors in form.errors.items():
            if name != NON_FIELD_ERRORS:
                rows += [(f"id_{name}", str(message)) for message in errors]
        return rows


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        return [self._clean_one(item, initial) for item in items]

    def _clean_one(self, item: Any, initial: Any) -> Any:
        try:
            return super().clean(item, initial)
        except forms.ValidationError as error:
            if error.code == "empty":  # name the file: several may be attached at once
                raise forms.ValidationError(f"证明材料「{item.name}」是空文件", code="empty") from error
            raise


IDENTITY_FIELDS = ("name", "id_number", "phone", "email", "address")


class SubmitForm(NamedErrorsMixin, forms.Form):
    """网上信访 and 人民建议 (``suggestion=True``): real name, ID, phone and address (Art. 19(1))."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=18)
    phone = forms.CharField(label="手机号码（与电子邮箱至少填一项）", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱（可选）", max_length=254, required=False)
    address = forms.CharField(label="住址", max_length=200)
    category = forms.ModelChoiceField(label="问题类别", queryset=Category.objects.none(), empty_label=EMPTY_CHOICE[1])
    location_unit = forms.ModelChoiceField(label="问题发生地", queryset=Unit.objects.none(), empty_label=EMPTY_CHOICE[1])
    title = forms.CharField(label="标题", max_length=100)
    content = forms.CharField(label="事实和理由", max_length=4000, widget=forms.Textarea)
    request = forms.CharField(label="投诉请求", max_length=1000, widget=forms.Textarea)
    accused = forms.CharField(
        label="被检举控告的单位或人员（仅检举控告类填写）", max_length=200, required=False
    )
    materials = MultipleFileField(
        label="证明材料（可选，最多5个，每个不超过10MB，PDF、图片、文字处理文档、电子表格或纯文本）",
        required=False,
    )
    acknowledged = forms.BooleanField(label="我已阅读上述信访须知，承诺如实反映情况、依法逐级反映")

    def __init__(self, *args: Any, suggestion: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
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
            self.fields["category"].label = "建议类别"
            self.fields["location_unit"].label = "涉及地区"
            self.fields["request"].label = "建议内容"
            self.fields["content"].label = "背景和理由"
            del self.fields["accused"]
        self._name_errors()
        self.fields["acknowledged"].error_messages["required"] = (
            "请先阅读并勾选确认信访须知（第十九条、第二十条、第二十六条）"
        )

    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in IDENTITY_FIELDS]

    def matter_fields(self) -> list[forms.BoundField]:
        skip = {*IDENTITY_FIELDS, "acknowledged"}
        return [self[name] for name in self.fields if name not in skip]

    def clean_id_number(self) -> str:
        value = normalise_id_number(self.cleaned_data["id_number"])
        if not is_valid_id_number(value):
            raise forms.ValidationError("身份证号码无效（位数、出生日期或校验位不符）")
        return value

    def clean_phone(self) -> str:
        value = normalise_phone(self.cleaned_data["phone"])
        if value and not is_valid_phone(value):
            raise forms.ValidationError("手机号码格式无效（应为11位手机号，或带区号的固定电话）")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            # Art. 19(1) and 21: the bureau must be able to tell the petitioner how the matter goes.
            self.add_error("phone", "请填写手机号码或电子邮箱，用于告知办理情况（第十九条第一款）")
        category = data.get("category")
        if (
            category
            and category.default_type == PetitionType.ACCUSATION
            and not data.get("accused", "").strip()
        ):
            self.add_error("accused", "检举控告须写明被检举控告的单位或人员（第三十条）")
        return data


def normalise_query_code(value: str) -> str:
    """Codes are read aloud and retyped: ignore case, spaces and dashes."""
    return re.sub(r"[\s\-]", "", value).upper()


class QueryForm(NamedErrorsMixin, forms.Form):
    query_code = forms.CharField(label="查询码", max_length=20)
    # The phone's last four digits or the email given on that petition (issue #15.2).
    phone_last4 = forms.RegexField(
        label="手机号后四位（或所留电子邮箱）", regex=r"^(?:\d{4}|[^@\s]+@[^@\s]+)$", max_length=254
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._name_errors()
        self.fields["phone_last4"].error_messages["invalid"] = (
            "请填写手机号后四位（4位数字）或提交时所留的电子邮箱"
        )

    def clean_query_code(self) -> str:
        return normalise_query_code(self.cleaned_data["query_code"])


class EvaluateForm(NamedErrorsMixin, forms.Form):
    option = forms.ChoiceField(label="评价", choices=())
    comment = forms.CharField(label="意见（可选）", max_length=500, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = EvaluationOption.objects.filter(is_active=True).order_by("sort")
        cast(forms.ChoiceField, self.fields["option"]).choices = [
            EMPTY_CHOICE,
            *((o.code, o.label) for o in options),
        ]
        self._name_errors()


class ReviewRequestForm(NamedErrorsMixin, forms.Form):
    """The petitioner chooses the organ only where several qualify (ADR 0014 §2); else it is chosen."""

    unit = forms.TypedChoiceField(label="复查（复核）机关", coerce=int, required=False)
    reason = forms.CharField(label="请求事项和理由", max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, organs: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organs = organs or []
        if len(organs) > 1:
            field = cast(forms.TypedChoiceField, self.fields["unit"])
            field.required = True
            field.choices = [EMPTY_CHOICE, *organs]
        else:
            del self.fields["unit"]
        self._name_errors()


class PublicationForm(NamedErrorsMixin, forms.Form):
    title = forms.CharField(label="公开标题", max_length=100)
    summary = forms.CharField(label="建议摘要（不含个人信息）", max_length=2000, widget=forms.Textarea)
    outcome = forms.CharField(label="转化运用情况", max_length=2000, widget=forms.Textarea)
    published = forms.BooleanField(label="向社会公开", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._name_errors()
