from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from .models import ApiClient, Open311Request, Open311Service, key_digest
from .services import new_raw_key


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "jurisdiction_id", "rate_limit_identity", "created_at"]
    list_filter = ["is_active"]
    fields = ["name", "is_active", "jurisdiction_id", "rate_limit_identity", "key_prefix", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Adding a client issues its key: shown here once, only the hash is stored.
        raw = new_raw_key()
        obj.key_hash, obj.key_prefix = key_digest(raw), raw[:8]
        super().save_model(request, obj, form, change)
        messages.warning(request, f"{obj.name} 的 api_key（仅显示这一次，请立即妥善保存）：{raw}")


@admin.register(Open311Service)
class Open311ServiceAdmin(admin.ModelAdmin):
    list_display = ["category", "is_listed", "group", "keywords"]
    list_filter = ["is_listed"]


@admin.register(Open311Request)
class Open311RequestAdmin(admin.ModelAdmin):
    list_display = ["petition", "client", "service_code", "requested_at"]
    readonly_fields = [f.name for f in Open311Request._meta.fields]
