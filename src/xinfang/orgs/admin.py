from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest

from .models import IntakeRoute, Role, Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "official_name", "kind", "level", "parent", "division_code", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "official_name", "division_code")
    # 复查（复核）机关 (Art. 35, 36(1)): empty means the default, the people's government one level up.
    filter_horizontal = ("review_organs",)


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ("key", "name", "data_scope", "custom_units", "permissions", "sort", "requires_otp")

    def clean_permissions(self) -> list[str]:
        from xinfang.security.duties import duty_conflict

        permissions = self.cleaned_data.get("permissions") or []
        problem = duty_conflict(permissions)
        if problem:
            raise forms.ValidationError(problem)
        return permissions


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    form = RoleForm
    list_display = ("name", "key", "data_scope", "requires_otp")
    filter_horizontal = ("custom_units",)


class StaffChangeForm(UserChangeForm):
    def clean(self) -> dict[str, Any]:
        from xinfang.security.duties import duty_conflict

        data = super().clean() or {}
        perms: set[str] = set()
        for role in data.get("roles") or []:
            perms.update(role.permissions)
        problem = duty_conflict(perms, superuser=bool(data.get("is_superuser")))
        if problem:
            raise forms.ValidationError(problem)
        return data


@admin.register(User)
class StaffAdmin(UserAdmin):
    form = StaffChangeForm
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("信访", {"fields": ("unit", "roles", "title")}),
        ("密码策略", {"fields": ("must_change_password", "password_changed_at")}),
    )
    readonly_fields = ("password_changed_at",)
    list_display = (
        "username",
        "last_name",
        "first_name",
        "unit",
        "title",
        "is_active",
        "must_change_password",
    )
    filter_horizontal = ("roles", "groups", "user_permissions")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # A password an administrator sets is an initial password: changed at the first login.
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and getattr(response, "status_code", 200) == 302:
            from xinfang.security.log import record
            from xinfang.security.models import SecurityEventKind

            target = User.objects.get(pk=id)
            User.objects.filter(pk=id).update(must_change_password=True)
            record(SecurityEventKind.PASSWORD_RESET, request=request, user=target)
        return response


@admin.register(IntakeRoute)
class IntakeRouteAdmin(admin.ModelAdmin):
    """网上信访受理机关表: area (and optionally category) → the petition bureau that registers it."""

    list_display = ("area", "category", "bureau", "note")
    list_filter = ("category",)
    autocomplete_fields = ("area", "bureau")
