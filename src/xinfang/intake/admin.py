from django.contrib import admin

from .models import DomainTerm, RiskAlert, RiskAssessment, RiskRule, RiskWord, RoutingFeedback, RoutingModel


@admin.register(DomainTerm)
class DomainTermAdmin(admin.ModelAdmin):
    list_display = ["word", "category_code"]
    search_fields = ["word"]


@admin.register(RiskWord)
class RiskWordAdmin(admin.ModelAdmin):
    list_display = ["word", "kind", "weight", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(RiskRule)
class RiskRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "weight", "threshold", "is_active"]


@admin.register(RoutingModel)
class RoutingModelAdmin(admin.ModelAdmin):
    list_display = ["target", "version", "trained_at", "data_size", "is_active"]
    exclude = ["blob"]
    readonly_fields = ["target", "version", "trained_at", "data_size", "metrics"]


@admin.register(RoutingFeedback)
class RoutingFeedbackAdmin(admin.ModelAdmin):
    list_display = ["petition", "target", "suggested", "chosen", "accepted", "created_at"]
    list_filter = ["target", "accepted"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    list_display = ["petition", "score", "level", "assessed_at"]
    list_filter = ["level"]


@admin.register(RiskAlert)
class RiskAlertAdmin(admin.ModelAdmin):
    list_display = ["petition", "level", "score", "raised_at", "acknowledged_at"]
