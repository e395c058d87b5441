"""The admin site sees petitions exactly as the workbench does (#12.4).

Every registered ModelAdmin whose model is ``Petition`` or points at it (``petition``,
``source`` …) gets its queryset and its petition choices filtered through
``petitions.selectors.petitions_visible_to``: a 检举控告 is never listed to the accused unit or
person (Art. 30, 46(5)), and an object about a petition the user may not open answers 404. Applied
in ``SecurityConfig.ready`` after the admin has discovered every app's registrations, so admins
added later by any app are covered without code of their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest


def _petition_fields(model: Any, petition_model: Any) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False)
        if getattr(field, "related_model", None) is petition_model and getattr(field, "concrete", False)
    ]


def scope_admin_site(site: admin.AdminSite | None = None) -> int:
    from xinfang.petitions.models import Petition
    from xinfang.petitions.selectors import petitions_visible_to

    site = site or admin.site
    patched = 0
    for model, model_admin in site._registry.items():
        if getattr(model_admin, "_xf_scoped", False):
            continue
        fields = _petition_fields(model, Petition)
        if model is not Petition and not fields:
            continue

        def get_queryset(
            request: HttpRequest,
            _orig: Any = model_admin.get_queryset,
            _model: Any = model,
            _fields: Any = fields,
        ) -> Any:
            queryset = _orig(request)
            visible = petitions_visible_to(request.user).values("pk")  # type: ignore[arg-type]
            if _model is Petition:
                return queryset.filter(pk__in=visible)
            for name in _fields:
                queryset = queryset.filter(Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__in": visible}))
            return queryset

        def formfield_for_foreignkey(
            db_field: Any,
            request: HttpRequest,
            _orig: Any = model_admin.formfield_for_foreignkey,
            **kwargs: Any,
        ) -> Any:
            if db_field.related_model is Petition:
                kwargs["queryset"] = petitions_visible_to(request.user)  # type: ignore[arg-type]
            return _orig(db_field, request, **kwargs)

        model_admin.get_queryset = get_queryset  # type: ignore[method-assign]
        model_admin.formfield_for_foreignkey = formfield_for_foreignkey  # type: ignore[method-assign]
        model_admin._xf_scoped = True  # type: ignore[attr-defined]
        patched += 1
    return patched
