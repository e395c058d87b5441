"""督办单 pages: create, detail with feedback / decision / 挂牌 / 催办 forms, attachment download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.common.exceptions import NotFound, XinfangError
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petition_get_for
from xinfang.web.views.common import report_error, staff_user

from .. import selectors, services
from ..constants import ORDER_TRANSITIONS, OrderAct, OrderStatus
from ..forms import FeedbackForm, NoteForm, OrderForm
from ..models import SupervisionLog, SupervisionOrder
from ..permissions import is_supervisor
from ..services.orders import may_answer, may_decide
from .common import form_errors, supervisor_required, with_visible_order


def _petition_param(request: HttpRequest) -> Petition | None:
    raw = request.GET.get("petition") or request.POST.get("petition")
    if not raw or not str(raw).isdigit():
        return None
    return petition_get_for(staff_user(request), int(raw))


@login_required
@supervisor_required
def order_create(request: HttpRequest) -> HttpResponse:
    try:
        petition = _petition_param(request)
    except NotFound:
        return render(request, "web/not_found.html", status=404)
    initial: dict[str, Any] = {}
    if petition is not None:
        initial["target_unit"] = petition.current_unit_id
    elif (unit := request.GET.get("unit", "")).isdigit():
        initial["target_unit"] = int(unit)
    form = OrderForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                order = services.supervision_order_issue(
                    actor=staff_user(request), petition=petition, **form.cleaned_data
                )
            except XinfangError as error:
                report_error(request, error)
            else:
                messages.success(request, f"已发出督办单{order.number}")
                return redirect("supervision:order-detail", pk=order.pk)
        else:
            form_errors(request, form)
    return render(request, "supervision/order_form.html", {"form": form, "petition": petition})


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    orders = selectors.orders_visible_to(user)
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    rows = list(orders[:200])
    return render(
        request,
        "supervision/order_list.html",
        {
            "orders": rows,
            "status": status,
            "statuses": OrderStatus.choices,
            "visible": selectors.visible_petition_ids(user, {o.petition_id for o in rows if o.petition_id}),
        },
    )


@login_required
@with_visible_order
def order_detail(request: HttpRequest, order: SupervisionOrder) -> HttpResponse:
    user = staff_user(request)
    decider = may_decide(user, order)
    return render(
        request,
        "supervision/order_detail.html",
        {
            "o": order,
            "petition_visible": bool(
                order.petition_id and selectors.visible_petition_ids(user, {order.petition_id})
            ),
            "attachments": order.attachments.order_by("pk"),
            "reminders": selectors.reminders_for_order(order),
            "log": SupervisionLog.objects.filter(order=order).select_related("actor", "actor_unit"),
            "can_answer": may_answer(user, order),
            "can_decide": decider and order.status == OrderStatus.FEEDBACK_SUBMITTED,
            "can_close": decider and order.status == OrderStatus.ACCEPTED,
            "can_list": decider and order.status in ORDER_TRANSITIONS[OrderAct.LIST].sources,
            "can_remind": is_supervisor(user) and order.status in ORDER_TRANSITIONS[OrderAct.REMIND].sources,
            "feedback_form": FeedbackForm(),
        },
    )


def _done(request: HttpRequest, order: SupervisionOrder, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except XinfangError as error:
        report_error(request, error)
    else:
        messages.success(request, success)
    return redirect("supervision:order-detail", pk=order.pk)


@login_required
@require_POST
@with_visible_order
def order_feedback(request: HttpRequest, order: SupervisionOrder) -> HttpResponse:
    form = FeedbackForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("supervision:order-detail", pk=order.pk)
    data = form.cleaned_data
    return _done(
        request,
        order,
        lambda: services.supervision_order_submit_feedback(
            order=order,
            actor=staff_user(request),
            feedback=data["feedback"],
            adoption=data["adoption"],
            files=data["materials"],
        ),
        "已提交书面反馈",
    )


@login_required
@require_POST
@with_visible_order
def order_decide(request: HttpRequest, order: SupervisionOrder) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    user = staff_user(request)
    if request.POST.get("decision") == "accept":
        return _done(
            request,
            order,
            lambda: services.supervision_order_accept(order=order, actor=user, note=note),
            "已认可反馈",
        )
    return _done(
        request,
        order,
        lambda: services.supervision_order_return(order=order, actor=user, note=note),
        "已退回反馈",
    )


@login_required
@require_POST
@with_visible_order
def order_close(request: HttpRequest, order: SupervisionOrder) -> HttpResponse:
    user = staff_user(request)
    return _done(
        request, order, lambda: services.supervision_order_close(order=order, actor=user), "督办已办结"
    )


@login_required
@require_POST
@with_visible_order
def order_listing(request: HttpRequest, order: SupervisionOrder) -> HttpResponse:
    listed = request.POST.get("listed") == "1"
    user = staff_user(request)
    return _done(
        request,
        order,
        lambda: services.supervision_order_list(order=order, actor=user, listed=listed),
        "已挂牌督办" if listed else "已摘牌",
    )


@login_required
@require_POST
@with_visible_order
def order_remind(request: HttpRequest, order: SupervisionOrder) -> HttpResponse:
    user = staff_user(request)
    note = request.POST.get("note", "")
    return _done(
        request, order, lambda: services.reminder_send_for_order(order=order, actor=user, note=note), "已催办"
    )


@login_required
@with_visible_order
def order_attachment(request: HttpRequest, order: SupervisionOrder, attachment_id: int) -> HttpResponseBase:
    attachment = order.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        return render(request, "web/not_found.html", status=404)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def listed(request: HttpRequest) -> HttpResponse:
    """挂牌督办 list: every member of staff sees it (Art. 39 listing is a public signal inside the system)."""
    user = staff_user(request)
    rows = list(selectors.orders_listed(user))
    return render(
        request,
        "supervision/listed.html",
        {
            "orders": rows,
            "visible": selectors.visible_petition_ids(user, {o.petition_id for o in rows if o.petition_id}),
        },
    )
