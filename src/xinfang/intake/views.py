"""Workbench pages of smart intake: the analysis panel on registration, alerts, hot topics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.orgs.models import Unit
from xinfang.petitions.identity import id_number_hash, phone_hash
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.selectors import petitions_visible_to
from xinfang.web.views.common import staff_user

from . import selectors
from .duplicates import candidates_for
from .risk import Facts, score
from .routing import suggestions_for
from .topics import hot_topics


def _int(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() else default


@login_required
@require_POST
def analyse(request: HttpRequest) -> HttpResponse:
    """htmx: routing suggestions, repeat / duplicate candidates and the risk level of the form as typed."""
    post = request.POST
    title, content = post.get("title", "").strip(), post.get("content", "").strip()
    if not (title or content):
        return render(request, "intake/_panel.html", {"empty": True})
    location = Unit.objects.filter(pk=_int(post.get("location_unit"))).first()
    category = Category.objects.filter(code=post.get("category", "")).first()
    id_number, phone = post.get("petitioner_id_number", "").strip(), post.get("petitioner_phone", "").strip()
    earlier = 0
    if id_number or phone:
        earlier = (
            Petition.objects.filter(petitioner__id_number_hash=id_number_hash(id_number)).count()
            if id_number
            else 0
        ) or (Petition.objects.filter(petitioner__phone_hash=phone_hash(phone)).count() if phone else 0)
    total, level, reasons = score(
        Facts(
            text=f"{title} {content} {post.get('request', '')}",
            people_count=_int(post.get("people_count"), 1),
            escalation=post.get("escalation", ""),
            earlier_petitions=earlier,
            overdue=False,
            major_urgent="major_urgent" in post,
        )
    )
    context = {
        "suggestions": suggestions_for(
            title=title, content=content, location_unit=location, category=category
        ),
        "candidates": candidates_for(
            title=title,
            content=content,
            id_number=id_number,
            phone=phone,
            visible=petitions_visible_to(staff_user(request)),
        ),
        "risk": {"score": total, "level": level, "reasons": reasons},
    }
    return render(request, "intake/_panel.html", context)


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if request.method == "POST":
        alert = selectors.risk_alerts_open(user=user).filter(pk=_int(request.POST.get("alert"))).first()
        if alert is not None:
            alert.acknowledged_at, alert.acknowledged_by = timezone.now(), user
            alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
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
