from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Role, Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "parent", "division_code", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "division_code")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "data_scope")
    filter_horizontal = ("custom_units",)


@admin.register(User)
class StaffAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("信访", {"fields": ("unit", "roles", "title")}))
    list_display = ("username", "last_name", "first_name", "unit", "title", "is_active")
    filter_horizontal = ("roles", "groups", "user_permissions")
