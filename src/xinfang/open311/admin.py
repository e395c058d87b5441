from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from xinfang.petitions.selectors import petitions_visible_to

from .models import ApiClient, Open311Request, Open311Service, Open311Update, key_digest
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


@admin.register(Open311Update)
class Open311UpdateAdmin(admin.ModelAdmin):
    """Petitioners' comments received through servicerequestupdates; the text is the attached material."""

    list_display = ["request", "external_id", "event_seq", "attachment", "received_at"]
    readonly_fields = [f.name for f in Open311Update._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Open311Update]:
        # Only comments on petitions the administrator may see (petitions_visible_to, Art. 30).
        visible = petitions_visible_to(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(request__petition__in=visible)
