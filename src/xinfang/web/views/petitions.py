"""Petition list, detail and the acts taken from the detail page."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
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
from xinfang.common.labels import field_label
from xinfang.documents.kinds import KINDS
from xinfang.documents.render import document_docx, documents_available
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit, User
from xinfang.orgs.selectors import discipline_organ_for, unit_groups, unit_tree
from xinfang.petitions import selectors
from xinfang.petitions.availability import clocks_read, clocks_read_once, form_requirements
from xinfang.petitions.constants import Channel, IdentityState, PetitionType
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.pages import DEFAULT_ORDER, ORDERS
from xinfang.petitions.permissions import acts_available
from xinfang.petitions.pii import petitioner_read, pii_unmasked_for, representative_display
from xinfang.petitions.services import petition_attach
from xinfang.petitions.services.review import review_organ_choices
from xinfang.petitions.tally import visible_at_least

from ..paging import COUNT_CAP, list_page, page_links
from ..presenters import FIELD_LABELS, UnitPicker, act_fields, clock_views, countdown, timeline
from .common import client_ip, field_errors, report_error, staff_user, with_visible_petition

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


_FILTER_LABELS = {
    "received_from": "收到日期（自）",
    "received_to": "收到日期（至）",
    "unit": "单位",
    "q": "关键词",
}


# The list filters the maintained counters answer (tally.visible_at_least).
_COUNTED_FILTERS = frozenset({"status", "overdue"})


def _counted(user: User, request: HttpRequest, filters: dict[str, Any] | None) -> int | None:
    """How many rows the list has at least, from the counters, where they cover its filters."""
    if filters is None or request.GET.get("location") or request.GET.get("measure"):
        return None
    given = {name: value for name, value in filters.items() if value}
    if not set(given) <= _COUNTED_FILTERS:
        return None
    return visible_at_least(
        user, today=timezone.localdate(), status=given.get("status", ""), overdue=bool(given.get("overdue"))
    )


@login_required
def petition_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    params = ListFilterIn(data={k: v for k, v in request.GET.items() if v not in ("", None)})
    valid = params.is_valid()
    petitions = selectors.petitions_visible_to(user)
    if valid:
        petitions = selectors.petitions_filter(petitions, **params.validated_data)
    petitions = _dashboard_filters(petitions, request)
    sort = request.GET.get("sort", DEFAULT_ORDER)
    sort = sort if sort in ORDERS else DEFAULT_ORDER
    petitions = petitions.select_related("category", "current_unit")
    # The plan follows the matches: a window of the newest rows, all of a few matches, or a walk.
    page = list_page(
        petitions,
        order=sort,
        number=request.GET.get("page"),
        size=PAGE_SIZE,
        at_least=_counted(user, request, params.validated_data if valid else None),
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
    unsorted = query.copy()  # the column headers add their own sort
    unsorted.pop("sort", None)
    return render(
        request,
        "web/list.html",
        {
            "page": page,
            "today": today,
            "errors": {}
            if valid
            else {_FILTER_LABELS.get(k) or field_label(k): v for k, v in params.errors.items()},
            "filters": request.GET,
            "query": query.urlencode(),
            "sort": sort,
            "unsorted": unsorted.urlencode(),
            "links": page_links(page),
            "cap": COUNT_CAP,
            "kept": [(k, v) for k in query for v in query.getlist(k)],  # the jump form's filters
            "rows": [(p, countdown(p.next_due_on, today) if p.next_due_on else "") for p in page.object_list],
            "statuses": Status.choices,
            "channels": Channel.choices,
            "types": PetitionType.choices,
            "identity_states": IdentityState.choices,
            "categories": Category.objects.values_list("code", "name"),
            "units": Unit.objects.filter(is_active=True).values_list("pk", "name"),
        },
    )


@login_required
@with_visible_petition
def petition_detail(request: HttpRequest, petition: Petition) -> HttpResponse:
    return _detail(request, petition)


def _detail(
    request: HttpRequest,
    petition: Petition,
    *,
    failed: str = "",
    values: Any = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The petition page; after a failed act, with that act's form open, its input kept and the
    fields marked (#11.5)."""
    user = staff_user(request)
    unmasked = pii_unmasked_for(user)
    petitioner = petitioner_read(user, petition, purpose="web_detail", ip=client_ip(request))
    today = timezone.localdate()
    tree = unit_tree()
    attachments = list(petition.attachments.order_by("pk"))
    proofs = [(a.pk, a.name) for a in attachments]
    # The clocks are read once for the page: the offered acts' rules and the clock table.
    with clocks_read_once(petition):
        available = acts_available(user, petition)
        # Who may be named for 回避 (Art. 28(3)): the staff of the unit holding the matter,
        # read only when 回避 is offered.
        people = (
            [
                (u.pk, u.get_full_name() or u.username)
                for u in User.objects.filter(unit_id=petition.current_unit_id, is_active=True).order_by("pk")[
                    :200
                ]
            ]
            if Act.RECUSE in available
            else []
        )
        acts = [
            (
                act,
                act_fields(
                    ACT_ENDPOINTS[act].serializer,
                    _unit_pickers(petition, act, tree=tree),
                    people,
                    proofs,
                    values=values if act == failed else None,
                    errors=errors if act == failed else None,
                    requirements=form_requirements(petition, act),
                ),
            )
            for act in available
            if act in ACT_ENDPOINTS
        ]
        clocks = clocks_read(petition)
    events = list(selectors.petition_events(petition))
    return render(
        request,
        "web/detail.html",
        {
            "p": petition,
            "petitioner": petitioner,
            "representatives": [
                representative_display(r, unmasked=unmasked) for r in petition.representatives.all()
            ],
            "events": timeline(events, user=user, petition=petition),
            "clocks": clock_views(clocks, today),
            # Only links to petitions this user may open (an accusation stays hidden, Art. 30).
            "links": petition.links_out.select_related("target").filter(
                target__in=selectors.petitions_visible_to(user)
            ),
            "attachments": attachments,
            "acts": acts,
            "failed": failed,
            "confirmed_acts": sorted(CONFIRM),
            "can_attach": Act.ATTACH in available,
            "documents": documents_available(petition),
        },
        status=status,
    )


REVIEW_REQUESTS = (Act.REQUEST_REVIEW, Act.REQUEST_RECHECK)


def _unit_pickers(petition: Petition, act: Act, *, tree: dict[int, Unit]) -> dict[str, UnitPicker]:
    """The units each unit field of ``act`` may name, in tree order, with the one to pre-select
    (#11.7): only units the act accepts (the services check them again)."""
    active = [unit for unit in tree.values() if unit.is_active]
    if act in REVIEW_REQUESTS:
        # Only the organs one level up may review (Art. 35, 36(1)).
        return {"unit": UnitPicker(unit_groups(review_organ_choices(petition, tree=tree), tree=tree))}
    accusation = petition.type == PetitionType.ACCUSATION
    accused = tree.get(petition.accused_unit_id or 0) if accusation else None
    if accused is not None:  # never to the accused unit or below it (Art. 30)
        active = [unit for unit in active if not unit.is_within(accused)]
    place = tree.get(petition.location_unit_id)
    if act == Act.DIVERT:
        organs = [u for u in active if u.kind in (UnitKind.POLITICAL_LEGAL, UnitKind.DISCIPLINE)]
        first = discipline_organ_for(place, organs) if accusation and place else None
        return {"to_unit": _picker(organs, tree, first, *_ACCUSATION if first else ("", ""))}
    if act == Act.DISPATCH:
        others = [unit for unit in active if unit.pk != petition.current_unit_id]
        if accusation and place and (organ := discipline_organ_for(place, others)):
            return {"to_unit": _picker(others, tree, organ, *_ACCUSATION)}
        routed = selectors.routing_unit_for(petition)
        return {
            "to_unit": _picker(others, tree, routed, "分拨路由表推荐", "已按分拨路由表预选承办单位，可更改")
        }
    if act == Act.NOTIFY_CADRE:
        # Art. 30: only an organisation (personnel) department receives the notice.
        offices = [unit for unit in active if unit.kind == UnitKind.PERSONNEL]
        only = offices[0] if len(offices) == 1 else None
        picker = _picker(
            offices, tree, only, "组织（人事）部门", "已预选组织（人事）部门（第三十条），可更改"
        )
        empty = "单位中还没有组织（人事）部门：请系统管理员添加单位，类型选“组织（人事）部门”（第三十条）"
        return {"to_unit": dataclasses.replace(picker, empty=empty)}
    return {name: _picker(active, tree, None) for name in ("to_unit", "lead_unit", "co_units")}


_ACCUSATION = ("检举控告：纪检监察机关", "检举控告类，已预选纪检监察机关（第三十条），可更改")


def _picker(
    units: list[Unit], tree: dict[int, Unit], first: Unit | None, why: str = "", hint: str = ""
) -> UnitPicker:
    offered = first is not None and any(unit.pk == first.pk for unit in units)
    return UnitPicker(
        unit_groups(units, tree=tree),
        first=(first.pk, first.name) if offered and first else None,
        why=why,
        hint=hint,
    )


@cache
def _confirmations() -> dict[str, str]:
    raw = json.loads((Path(__file__).parent.parent / "data" / "confirmations.json").read_text("utf-8"))
    return dict(raw["acts"])


CONFIRM = frozenset(_confirmations())  # the irreversible acts: a confirmation step first (#11.5)


def _confirmation(
    request: HttpRequest, petition: Petition, act: Act, data: serializers.Serializer, units: dict[int, str]
) -> HttpResponse:
    """What will happen and which notice will be produced, with the input to send again on 确认."""
    shown = []
    for name, field in data.fields.items():
        if name == "version" or name not in request.POST:
            continue
        raw = request.POST.get(name, "")
        if isinstance(field, serializers.ChoiceField):
            text = str(field.choices.get(raw, field.choices.get(_int(raw), raw)))
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            text = units.get(_int(raw) or 0, raw)
        elif isinstance(field, serializers.BooleanField):
            text = "是" if raw in ("true", "on", "1") else "否"
        else:
            text = raw
        shown.append((FIELD_LABELS.get(name) or field_label(name), text))
    notices = [kind for kind in KINDS if kind.act == act]
    return render(
        request,
        "web/confirm_act.html",
        {
            "p": petition,
            "act": act,
            "consequence": _confirmations()[act.value],
            "notices": notices,
            "shown": shown,
            "posted": [
                (k, v) for k in request.POST for v in request.POST.getlist(k) if k != "csrfmiddlewaretoken"
            ],
        },
    )


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
@with_visible_petition
def petition_act(request: HttpRequest, petition: Petition, act: str) -> HttpResponse:
    user = staff_user(request)
    try:
        chosen = Act(act)
        endpoint = ACT_ENDPOINTS[chosen]
    except (ValueError, KeyError):
        return render(request, "web/not_found.html", status=404)
    if request.POST.get("edit") == "1":  # back from the confirmation step, input kept
        return _detail(request, petition, failed=chosen.value, values=request.POST)
    data = endpoint.serializer(data=request.POST, context={"user": user})
    back = request.POST.get("back") == "approvals"
    try:
        data.is_valid(raise_exception=True)
        args = dict(data.validated_data)
        version = args.pop("version", None)
        if chosen.value in CONFIRM and request.POST.get("confirmed") != "1":
            units = dict(Unit.objects.filter(is_active=True).values_list("pk", "name"))
            return _confirmation(request, petition, chosen, data, units)
        endpoint.service(petition=petition, actor=user, expected_version=version, **args)
    except (XinfangError, serializers.ValidationError) as error:
        report_error(request, error)
        fields = field_errors(error)
        if fields and not back:
            # Keep every input and mark the field: the page again, not a redirect (#11.5).
            petition = selectors.petition_get_for(user, petition.pk)
            return _detail(
                request, petition, failed=chosen.value, values=request.POST, errors=fields, status=400
            )
    else:
        messages.success(request, f"已完成「{chosen.label}」")
    if back:
        return redirect("web:approvals")
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
