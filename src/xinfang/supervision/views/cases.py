"""Petition-level supervision pages: 催办, 包案 and 提级, 评查; the key-case ledger with 销号."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.common.exceptions import NotFound, XinfangError
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petition_by_reference_for
from xinfang.web.views.common import report_error, staff_user, with_visible_petition

from .. import selectors, services
from ..constants import KeyCaseStatus
from ..forms import KeyCaseForm, KeyCaseStatusForm, LeaderForm, ReviewForm
from ..models import KeyCase, ReviewItem
from ..permissions import is_supervisor
from ..services.keycases import may_update
from .common import form_errors, supervisor_required


@login_required
@require_POST
@with_visible_petition
def petition_remind(request: HttpRequest, petition: Petition) -> HttpResponse:
    try:
        services.reminder_send_for_petition(
            petition=petition, actor=staff_user(request), note=request.POST.get("note", "")
        )
    except XinfangError as error:
        report_error(request, error)
    else:
        messages.success(request, f"已向{petition.current_unit.name}催办")
    return redirect("web:petition-detail", pk=petition.pk)


@login_required
@supervisor_required
@with_visible_petition
def ownership(request: HttpRequest, petition: Petition) -> HttpResponse:
    """包案: assign when nobody owns the petition, 提级 to a higher-level leader, or release."""
    user = staff_user(request)
    form = LeaderForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "assign")
        try:
            if action == "release":
                services.case_ownership_release(
                    petition=petition, actor=user, note=request.POST.get("note", "")
                )
            elif not form.is_valid():
                form_errors(request, form)
                return redirect("supervision:ownership", pk=petition.pk)
            else:
                service = (
                    services.case_ownership_raise if action == "raise" else services.case_ownership_assign
                )
                service(petition=petition, actor=user, **form.cleaned_data)
        except XinfangError as error:
            report_error(request, error)
        else:
            messages.success(
                request, {"release": "已结束包案", "raise": "已提级包案"}.get(action, "已安排领导包案")
            )
        return redirect("supervision:ownership", pk=petition.pk)
    return render(
        request,
        "supervision/ownership.html",
        {
            "p": petition,
            "form": form,
            "current": selectors.ownership_current(petition),
            "history": selectors.ownership_history(petition),
        },
    )


@login_required
@supervisor_required
@with_visible_petition
def review(request: HttpRequest, petition: Petition) -> HttpResponse:
    items = list(ReviewItem.objects.filter(is_active=True))
    form = ReviewForm(request.POST or None, items=items)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.quality_review_submit(
                    petition=petition,
                    reviewer=staff_user(request),
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except XinfangError as error:
                report_error(request, error)
            else:
                messages.success(request, "已提交评查")
                return redirect("supervision:review", pk=petition.pk)
        else:
            form_errors(request, form)
    return render(
        request,
        "supervision/review.html",
        {
            "p": petition,
            "form": form,
            "reviews": selectors.reviews_for(petition),
            "summary": selectors.review_summary(petition),
        },
    )


@login_required
def key_cases(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    supervisor = is_supervisor(user)
    form = KeyCaseForm(request.POST or None) if supervisor else None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                reference = data.pop("petition")
                petition = petition_by_reference_for(user, reference) if reference else None
                services.key_case_create(actor=user, petition=petition, **data)
            except NotFound:
                messages.error(request, "关联信访事项：未找到该编号或查询码的信访事项，或您无权查看")
            except XinfangError as error:
                report_error(request, error)
            else:
                messages.success(request, "已建立台账")
                return redirect("supervision:key-cases")
        else:
            form_errors(request, form)
    entries = list(selectors.key_cases_visible_to(user)[:300])
    return render(
        request,
        "supervision/key_cases.html",
        {
            "entries": entries,
            "form": form,
            "statuses": KeyCaseStatus.choices,
            "updatable": {e.pk for e in entries if e.closed_at is None and may_update(user, e)},
            "can_close": supervisor,
            "visible": selectors.visible_petition_ids(
                user, {e.petition_id for e in entries if e.petition_id}
            ),
        },
    )


def _entry(request: HttpRequest, pk: int) -> KeyCase | None:
    try:
        return selectors.key_case_get_for(staff_user(request), pk)
    except NotFound:
        return None


@login_required
@require_POST
def key_case_status(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if entry is None:
        return render(request, "web/not_found.html", status=404)
    form = KeyCaseStatusForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("supervision:key-cases")
    try:
        services.key_case_set_status(key_case=entry, actor=staff_user(request), **form.cleaned_data)
    except XinfangError as error:
        report_error(request, error)
    else:
        messages.success(request, f"「{entry.subject}」状态已更新")
    return redirect("supervision:key-cases")


@login_required
@require_POST
def key_case_close(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    if entry is None:
        return render(request, "web/not_found.html", status=404)
    try:
        services.key_case_close(key_case=entry, actor=staff_user(request), note=request.POST.get("note", ""))
    except XinfangError as error:
        report_error(request, error)
    else:
        messages.success(request, f"「{entry.subject}」已销号")
    return redirect("supervision:key-cases")
