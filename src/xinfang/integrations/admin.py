from django.contrib import admin

from .models import IdempotencyRecord, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["delivery_id", "endpoint", "state", "attempts", "last_status", "next_attempt_at"]
    list_filter = ["state", "endpoint"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["scope", "client", "key", "status_code", "created_at"]
    readonly_fields = [f.name for f in IdempotencyRecord._meta.fields]
