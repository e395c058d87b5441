"""Workbench pages of smart intake: the analysis panel on registration, alerts, hot topics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.common.exceptions import XinfangError
from xinfang.orgs.models import Unit
from xinfang.petitions.models import Category
from xinfang.web.views.common import staff_user

from . import selectors
from .analysis import Typed, analysis_for
from .services import risk_alert_acknowledge
from .topics import hot_topics


def _int(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() else default


def typed_from(post: QueryDict) -> Typed:
    """The registration form as typed (field names of web/register.html)."""
    return Typed(
        title=post.get("title", "").strip(),
        content=post.get("content", "").strip(),
        request=post.get("request", ""),
        location_unit=Unit.objects.filter(pk=_int(post.get("location_unit"))).first(),
        category=Category.objects.filter(code=post.get("category", "")).first(),
        id_number=post.get("petitioner_id_number", "").strip(),
        phone=post.get("petitioner_phone", "").strip(),
        people_count=_int(post.get("people_count"), 1),
        escalation=post.get("escalation", ""),
        major_urgent="major_urgent" in post,
    )


@login_required
@require_POST
def analyse(request: HttpRequest) -> HttpResponse:
    """htmx: routing suggestions, repeat / duplicate candidates and the risk level of the form as typed."""
    typed = typed_from(request.POST)
    if not (typed.title or typed.content):
        return render(request, "intake/_panel.html", {"empty": True})
    result = analysis_for(user=staff_user(request), typed=typed)
    context = {
        "suggestions": result.suggestions,
        "candidates": result.candidates,
        "risk": {"score": result.risk_score, "level": result.risk_level, "reasons": result.risk_reasons},
    }
    return render(request, "intake/_panel.html", context)


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if request.method == "POST":
        try:
            alert = risk_alert_acknowledge(alert_id=_int(request.POST.get("alert")), user=user)
        except XinfangError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已确认 {alert.petition.number} 的风险预警")
        return redirect("intake:alerts")
    return render(request, "intake/alerts.html", {"alerts": selectors.risk_alerts_open(user=user)[:200]})


@login_required
def topics(request: HttpRequest) -> HttpResponse:
    days = min(max(_int(request.GET.get("days"), 30), 7), 90)
    return render(
        request,
        "intake/topics.html",
        {"topics": hot_topics(user=staff_user(request), days=days)[:30], "days": days},
    )
