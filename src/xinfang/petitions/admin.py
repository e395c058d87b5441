"""Admin for the dictionaries; petitions are read-only here (acts go through the services)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Category, EvaluationOption, Petition, RoutingRule


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
