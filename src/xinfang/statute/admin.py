from django.contrib import admin

from .calendar import calendar_invalidate
from .models import HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("day", "is_working", "note")
    list_filter = ("is_working",)
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        calendar_invalidate()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        calendar_invalidate()
