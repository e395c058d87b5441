"""Petition list, detail and the acts taken from the detail page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rest_framework import serializers

from xinfang.analytics.kpi import condition_for
from xinfang.api.acts import ACT_ENDPOINTS
from xinfang.api.views import ListFilterIn
from xinfang.audit.services import access_record
from xinfang.common.exceptions import NotFound, XinfangError
from xinfang.documents.render import document_docx, documents_available
from xinfang.orgs.models import Unit
from xinfang.petitions import selectors
from xinfang.petitions.constants import Channel, PetitionType
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.pii import petitioner_display, petitioner_read, pii_unmasked_for
from xinfang.petitions.services import petition_attach

from ..paging import newest_first_page, sorted_page
from ..presenters import act_fields, clock_views, countdown
from .common import client_ip, report_error, staff_user, with_visible_petition

PAGE_SIZE = 20


def _dashboard_filters(petitions: QuerySet[Petition], request: HttpRequest) -> QuerySet[Petition]:
    """The dashboard's links: ``location`` (a street or community, with its subtree) and
    ``measure`` (the petitions behind a KPI numerator or denominator, analytics.kpi)."""
    location = request.GET.get("location", "")
    if location.isdigit():
        place = Unit.objects.filter(pk=int(location)).first()
        petitions = (
            petitions.filter(location_unit__path__startswith=place.path) if place else petitions.none()
        )
    measures = [m for m in request.GET.get("measure", "").split(",") if m]
    if measures:
        try:
            petitions = petitions.filter(condition_for(measures, today=timezone.localdate()))
        except KeyError:
            petitions = petitions.none()
    return petitions


@login_required
def petition_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    params = ListFilterIn(data={k: v for k, v in request.GET.items() if v not in ("", None)})
    valid = params.is_valid()
    petitions = selectors.petitions_visible_to(user)
    if valid:
        petitions = selectors.petitions_filter(petitions, **params.validated_data)
    petitions = _dashboard_filters(petitions, request)
    sort = request.GET.get("sort", "received")
    petitions = petitions.select_related("category", "current_unit", "petitioner")
    if sort == "received":
        page = newest_first_page(petitions, request.GET.get("page"), PAGE_SIZE)
    else:
        ordering: dict[str, list[Any]] = {
            "due": [F("next_due_on").asc(nulls_last=True)],
            "-received": ["received_at"],
            "number": ["number"],
        }
        page = sorted_page(
            petitions.order_by(*ordering.get(sort, ["received_at"]), "-id"), request.GET.get("page")
        )
    access_record(
        user=user,
        pairs=[(p.petitioner_id, p.pk) for p in page.object_list],
        purpose="web_list",
        unmasked=False,
        ip=client_ip(request),
    )
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/list.html",
        {
            "page": page,
            "today": today,
            "errors": {} if valid else params.errors,
            "filters": request.GET,
            "query": query.urlencode(),
            "sort": sort,
            "rows": [(p, countdown(p.next_due_on, today) if p.next_due_on else "") for p in page.object_list],
            "statuses": Status.choices,
            "channels": Channel.choices,
            "types": PetitionType.choices,
            "categories": Category.objects.values_list("code", "name"),
            "units": Unit.objects.filter(is_active=True).values_list("pk", "name"),
        },
    )


@login_required
@with_visible_petition
def petition_detail(request: HttpRequest, petition: Petition) -> HttpResponse:
    user = staff_user(request)
    unmasked = pii_unmasked_for(user)
    petitioner = petitioner_read(user, petition, purpose="web_detail", ip=client_ip(request))
    today = timezone.localdate()
    units = list(Unit.objects.filter(is_active=True).values_list("pk", "name"))
    acts = [
        (act, act_fields(ACT_ENDPOINTS[act].serializer, units))
        for act in acts_available(user, petition)
        if act in ACT_ENDPOINTS
    ]
    return render(
        request,
        "web/detail.html",
        {
            "p": petition,
            "petitioner": petitioner,
            "representatives": [
                petitioner_display(r, unmasked=unmasked) for r in petition.representatives.all()
            ],
            "events": selectors.petition_events(petition),
            "clocks": clock_views(list(selectors.petition_deadlines(petition)), today),
            # Only links to petitions this user may open (an accusation stays hidden, Art. 30).
            "links": petition.links_out.select_related("target").filter(
                target__in=selectors.petitions_visible_to(user)
            ),
            "attachments": petition.attachments.order_by("pk"),
            "acts": acts,
            "can_attach": Act.ATTACH in acts_available(user, petition),
            "documents": documents_available(petition),
            "suggested_unit": suggested.pk if (suggested := _suggested(petition, acts)) else None,
        },
    )


def _suggested(petition: Petition, acts: Sequence[tuple[Act, object]]) -> Unit | None:
    return selectors.routing_unit_for(petition) if any(act == Act.DISPATCH for act, _ in acts) else None


@login_required
@require_POST
@with_visible_petition
def petition_act(request: HttpRequest, petition: Petition, act: str) -> HttpResponse:
    user = staff_user(request)
    try:
        endpoint = ACT_ENDPOINTS[Act(act)]
    except (ValueError, KeyError):
        return render(request, "web/not_found.html", status=404)
    data = endpoint.serializer(data=request.POST)
    try:
        data.is_valid(raise_exception=True)
        args = dict(data.validated_data)
        version = args.pop("version", None)
        endpoint.service(petition=petition, actor=user, expected_version=version, **args)
    except (XinfangError, serializers.ValidationError) as error:
        report_error(request, error)
    else:
        messages.success(request, f"已完成「{Act(act).label}」")
    return redirect("web:petition-detail", pk=petition.pk)


@login_required
@require_POST
@with_visible_petition
def petition_upload(request: HttpRequest, petition: Petition) -> HttpResponse:
    user = staff_user(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件")
    else:
        try:
            petition_attach(petition=petition, actor=user, upload=upload)
            messages.success(request, f"已上传「{upload.name}」")
        except XinfangError as error:
            report_error(request, error)
    return redirect("web:petition-detail", pk=petition.pk)


@login_required
@with_visible_petition
def petition_document(request: HttpRequest, petition: Petition, code: str) -> HttpResponse:
    try:
        name, content = document_docx(petition, code)
    except NotFound:
        return render(request, "web/not_found.html", status=404)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
