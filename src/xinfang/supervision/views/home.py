"""The supervision overview and the notifications page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from xinfang.common.exceptions import NotFound
from xinfang.web.views.common import staff_user

from .. import selectors, services
from ..permissions import is_supervisor

SECTION = 20


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    supervisor = is_supervisor(user)
    return render(
        request,
        "supervision/overview.html",
        {
            "supervisor": supervisor,
            "to_answer": list(selectors.orders_to_answer(user)[:SECTION]),
            "issued": list(selectors.orders_issued_by_office(user)[:SECTION]) if supervisor else [],
            "listed": list(selectors.orders_listed(user)[:SECTION]),
            "key_cases": list(selectors.key_cases_visible_to(user).filter(closed_at__isnull=True)[:SECTION]),
            "notifications": list(selectors.notifications_for(user).filter(read_at__isnull=True)[:10]),
            "unread": selectors.unread_count(user),
        },
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    rows = selectors.notifications_for(user)
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/notifications.html",
        {
            "page": page,
            "unread_only": bool(request.GET.get("unread")),
            "unread": selectors.unread_count(user),
        },
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to what it is about (only local links)."""
    try:
        notification = services.notification_mark_read(notification_id=pk, user=staff_user(request))
    except NotFound:
        return render(request, "web/not_found.html", status=404)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("supervision:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=staff_user(request))
    messages.success(request, f"已将{count}条通知标为已读")
    return redirect("supervision:notifications")
