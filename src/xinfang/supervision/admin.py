from django.contrib import admin

from .models import KeyCase, QualityReview, ReviewItem, SupervisionLog, SupervisionOrder


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):
    """The 评查 checklist is configuration: items and their maximum scores are edited here."""

    list_display = ["sort", "code", "name", "max_score", "is_active"]
    list_editable = ["name", "max_score", "is_active"]
    list_display_links = ["code"]


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(admin.ModelAdmin):
    list_display = ["order_no", "target_unit", "reason", "status", "due_on", "listed", "issued_at"]
    list_filter = ["status", "reason", "listed"]
    # Orders change only through the services (state machine, audit rows).
    readonly_fields = [f.name for f in SupervisionOrder._meta.fields]

    @admin.display(description="督办单号", ordering="pk")
    def order_no(self, obj: SupervisionOrder) -> int:
        return obj.pk

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(KeyCase)
class KeyCaseAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "closed_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in KeyCase._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(QualityReview)
class QualityReviewAdmin(admin.ModelAdmin):
    list_display = ["petition", "reviewer", "total", "max_total", "reviewed_at"]
    readonly_fields = [f.name for f in QualityReview._meta.fields]


@admin.register(SupervisionLog)
class SupervisionLogAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "order", "petition", "key_case"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in SupervisionLog._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
