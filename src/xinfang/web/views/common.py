"""Shared bits of the workbench views: the current user and turning domain errors into messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework import serializers

from xinfang.api.errors import flatten_errors
from xinfang.common.exceptions import NotFound, XinfangError
from xinfang.common.labels import field_label
from xinfang.orgs.models import User
from xinfang.petitions import selectors

from ..presenters import FIELD_LABELS


def staff_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def error_text(error: Exception) -> str:
    """A domain or validation error as one Chinese sentence naming each field."""
    if isinstance(error, XinfangError):
        text = error.message
        if error.fields:
            text += "：" + "；".join(f"{_label(k)}：{v}" for k, v in error.fields.items())
        if error.article:
            text += f"（依据《信访工作条例》{error.article}）"
        return text
    if isinstance(error, serializers.ValidationError):
        fields = flatten_errors(error.detail)
        return "提交的内容有误：" + "；".join(f"{_label(k)}：{v}" for k, v in fields.items())
    raise error


def _label(field: str) -> str:
    name = field.rsplit(".", 1)[-1]
    prefix = "信访人" if field.startswith("petitioner.") else ""
    return prefix + (FIELD_LABELS.get(name) or PERSON_LABELS.get(name) or field_label(name))


PERSON_LABELS = {
    "name": "姓名",
    "id_number": "身份证号",
    "phone": "电话",
    "email": "电子邮箱",
    "address": "住址",
    "kind": "类型",
    "channel": "信访形式",
    "category": "问题分类",
    "title": "标题",
    "content": "信访内容",
    "location_unit": "问题属地",
    "people_count": "人数",
    "received_at": "收到时间",
}


def field_errors(error: Exception) -> dict[str, str]:
    """Per-field messages of a domain or validation error, keyed by the form's field names."""
    if isinstance(error, XinfangError):
        fields = dict(error.fields)
    elif isinstance(error, serializers.ValidationError):
        fields = flatten_errors(error.detail)
    else:
        return {}
    return {
        str(k).rsplit(".", 1)[-1] if str(k).startswith("petitioner.") else str(k): str(v)
        for k, v in fields.items()
    }


def report_error(request: HttpRequest, error: Exception) -> None:
    messages.error(request, error_text(error))


def with_visible_petition(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve ``pk`` through the visibility selector; missing and forbidden both render the same 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            petition = selectors.petition_get_for(staff_user(request), pk)
        except NotFound:
            return render(request, "web/not_found.html", status=404)
        return view(request, petition, *args, **kwargs)

    return wrapper
