from typing import Any

from django.contrib import admin

from .calendar import calendar_invalidate
from .models import HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_working", "note")
    list_filter = ("is_working",)
    date_hierarchy = "day"

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        calendar_invalidate()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        calendar_invalidate()
