"""Admin for the dictionaries; petitions are read-only here (acts go through the services)."""

import contextvars
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from xinfang.orgs.models import User

from .models import Category, EvaluationOption, Petition, RoutingRule

_admin_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "admin_request", default=None
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_type", "litigation_related", "sort")
    list_editable = ("sort",)


@admin.register(EvaluationOption)
class EvaluationOptionAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "counts_as_satisfied", "is_active", "sort")


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "title",
        "status",
        "channel",
        "category",
        "current_unit",
        "received_at",
        "next_due_on",
    )
    list_filter = ("status", "channel", "type", "category")
    search_fields = ("number", "query_code", "title")
    list_select_related = ("category", "current_unit")
    show_full_result_count = False
    # The queryset goes through petitions_visible_to (xinfang.security.admin_scope); personal data is
    # shown as the workbench shows it: masked without 查看完整个人信息, and every read recorded.
    # The petitioner's details are shown only through petitioner_shown (masked by role, read recorded).
    exclude = (
        "petitioner",
        "petitioner_kind",
        "petitioner_name",
        "petitioner_id_number",
        "petitioner_phone",
        "petitioner_email",
        "petitioner_address",
    )
    readonly_fields = ("petitioner_shown",)

    @admin.display(description="信访人")
    def petitioner_shown(self, obj: Petition) -> str:
        from .pii import petitioner_read

        request = _admin_request.get()
        if request is None:
            return ""
        user = request.user
        assert isinstance(user, User)
        shown = petitioner_read(
            user,
            obj,
            purpose="admin",
            ip=request.META.get("REMOTE_ADDR"),
        )
        parts = [shown["name"], shown["id_number"], shown["phone"], shown["email"], shown["identity_label"]]
        return " / ".join(p for p in parts if p)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        token = _admin_request.set(request)
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()  # render while the request is known to petitioner_shown
            return response
        finally:
            _admin_request.reset(token)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "area", "handling_unit", "note")
    list_filter = ("category",)
    autocomplete_fields = ("area", "handling_unit")
