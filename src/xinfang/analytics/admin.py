from django.contrib import admin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("held_on", "kind", "title", "unit", "batches", "person_times", "recorded_by")
    list_filter = ("kind", "unit")
    date_hierarchy = "held_on"
    search_fields = ("title", "leader", "note")
    raw_id_fields = ("recorded_by",)
