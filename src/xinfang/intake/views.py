"""Workbench pages of smart intake: the analysis panel on registration, alerts, hot topics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.common.exceptions import NotFound, XinfangError
from xinfang.orgs.models import Unit, User
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.selectors import petition_get_for
from xinfang.web.views.common import staff_user

from . import selectors
from .analysis import Typed, analysis_for
from .replies import reply_check, reply_references
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


def _reply_petition(request: HttpRequest, pk: int) -> tuple[Petition, User] | None:
    user = staff_user(request)
    try:
        return petition_get_for(user, pk), user
    except NotFound:
        return None


@login_required
def reply_references_view(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: 类案参考 — similar closed petitions this user may see, with outcome and reply."""
    found = _reply_petition(request, pk)
    if found is None:
        return render(request, "web/not_found.html", status=404)
    petition, user = found
    return render(
        request,
        "intake/_reply_references.html",
        {"references": reply_references(user=user, petition=petition)},
    )


@login_required
@require_POST
def reply_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: 答复评查 of the draft in the reply form; every missing element is named."""
    found = _reply_petition(request, pk)
    if found is None:
        return render(request, "web/not_found.html", status=404)
    petition, user = found
    check = reply_check(
        petition=petition,
        outcome=request.POST.get("outcome", ""),
        opinion=request.POST.get("opinion", "")[:20000],
        legal_basis=request.POST.get("legal_basis", "")[:2000],
        unit=user.unit,
    )
    return render(request, "intake/_reply_check.html", {"check": check})
