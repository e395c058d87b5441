import secrets
from typing import Any

from django import forms
from django.contrib import admin

from xinfang.petitions.lifecycle import Act

from .models import IdempotencyRecord, WebhookDelivery, WebhookEndpoint
from .webhooks import SHARED_ACTS


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label="地址", max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label="事件类型",
        required=False,
        choices=[(act.value, act.label) for act in Act if act in SHARED_ACTS],
        widget=forms.CheckboxSelectMultiple,
        help_text="不选即推送全部可共享的事件（状态变化、延期、评价）",
    )
    secret = forms.CharField(
        label="签名密钥",
        max_length=128,
        required=False,
        help_text="留空则自动生成；对方用它校验 X-Xinfang-Signature",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "kinds", "is_active"]

    def clean_secret(self) -> str:
        return self.cleaned_data["secret"] or secrets.token_urlsafe(32)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "is_active", "created_at"]

    def get_changeform_initial_data(self, request: Any) -> dict[str, Any]:
        return {"secret": secrets.token_urlsafe(32)}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["delivery_id", "endpoint", "state", "attempts", "last_status", "next_attempt_at"]
    list_filter = ["state", "endpoint"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["scope", "client", "key", "status_code", "created_at"]
    readonly_fields = [f.name for f in IdempotencyRecord._meta.fields]
