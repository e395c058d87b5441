from django import forms
from django.contrib import admin

from .models import DocumentTemplate


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ("kind", "title", "body")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from .render import allowed_fields

        self.fields["body"].help_text = "可用字段（仅限以下白名单，个人证件号和电话已遮蔽）：" + "、".join(
            "{{ " + name + " }}" for name in allowed_fields()
        )

    def clean_body(self) -> str:
        from .render import template_problem

        body = self.cleaned_data["body"]
        problem = template_problem(body)
        if problem:
            raise forms.ValidationError(problem)
        return body


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ("title", "kind", "updated_at")
