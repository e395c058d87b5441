from typing import Any

from django.contrib import admin, messages
from django.utils import timezone

from .calendar import calendar_gaps, calendar_invalidate
from .models import HolidayOverride


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_working", "note")
    list_filter = ("is_working",)
    date_hierarchy = "day"

    def changelist_view(self, request: Any, extra_context: dict[str, Any] | None = None) -> Any:
        # The years a matter accepted today can reach (Art. 34: 60 + 30 days) that neither the
        # holiday package nor this table covers: named where the administrator can enter them.
        for year in calendar_gaps(today=timezone.localdate()):
            messages.warning(
                request,
                f"工作日历未收录{year}年法定节假日安排：今天受理的事项，期限可延续到该年，届满日目前仅按周末推算。"
                f"国务院公布{year}年部分节假日安排后，请在此录入该年的放假日和调休上班日。",
            )
        return super().changelist_view(request, extra_context)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        calendar_invalidate()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)
        calendar_invalidate()
