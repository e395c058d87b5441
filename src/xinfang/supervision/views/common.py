"""Helpers shared by the supervision pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from xinfang.common.exceptions import NotFound
from xinfang.web.views.common import staff_user

from ..permissions import is_supervisor
from ..selectors import order_get_for


def form_errors(request: HttpRequest, form: Form) -> None:
    text = "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{' '.join(str(e) for e in v)}"
        for k, v in form.errors.items()
    )
    messages.error(request, f"提交的内容有误：{text}")


def supervisor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages only the supervising office uses; others get a plain 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_supervisor(staff_user(request)):
            return render(request, "supervision/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def with_visible_order(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Resolve ``pk`` through the order visibility rule; missing and forbidden look the same."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            order = order_get_for(staff_user(request), pk)
        except NotFound:
            return render(request, "web/not_found.html", status=404)
        return view(request, order, *args, **kwargs)

    return wrapper
