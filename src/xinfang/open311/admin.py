from django.contrib import admin

from .models import ApiClient, Open311Request


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    readonly_fields = ["key_prefix", "created_at"]


@admin.register(Open311Request)
class Open311RequestAdmin(admin.ModelAdmin):
    list_display = ["petition", "client", "service_code", "requested_at"]
    readonly_fields = [f.name for f in Open311Request._meta.fields]
