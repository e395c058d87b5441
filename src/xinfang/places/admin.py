from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from xinfang.common.exceptions import ValidationFailed

from .models import Alias, Boundary
from .services import boundaries_import

MAX_UPLOAD = 10 * 1024 * 1024


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label="GeoJSON 文件",
        help_text="FeatureCollection，WGS84 经纬度；每个要素的 properties 写明 unit_id、division_code 或 name",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过10MB")
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise forms.ValidationError("不是 UTF-8 编码的 GeoJSON 文件") from None


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["unit", "unit_kind", "area", "source", "updated_at"]
    list_filter = ["unit__kind"]
    search_fields = ["unit__name", "unit__division_code"]
    readonly_fields = ["unit", "geometry", "area", "source", "updated_at"]
    change_list_template = "admin/places/boundary/change_list.html"

    @admin.display(description="类型")
    def unit_kind(self, obj: Boundary) -> str:
        return obj.unit.get_kind_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # boundaries arrive by import, checked as a whole

    def get_urls(self) -> list[URLPattern]:
        upload = path("import/", self.admin_site.admin_view(self.import_view), name="places_boundary_import")
        return [upload, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = BoundaryUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = boundaries_import(
                    collection=form.cleaned_data["file"],
                    source=str(getattr(request.FILES.get("file"), "name", "") or ""),
                )
            except ValidationFailed as error:
                form.add_error("file", error.fields.get("file") or error.message)
            else:
                messages.success(request, f"已导入 {result.boundaries} 个边界、{result.aliases} 个别名")
                return redirect("admin:places_boundary_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "导入辖区边界（GeoJSON）",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/places/boundary/import.html", context)


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
