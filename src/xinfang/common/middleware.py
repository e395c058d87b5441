"""Edge middleware: a request id on every response and log line, control characters refused,
and the response headers ``check --deploy`` does not cover (Permissions-Policy, no-store)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse

from .errorpages import error_response
from .labels import field_label
from .memo import request_memo_close, request_memo_open

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# C0 controls but tab, line feed and carriage return (which text areas send), and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Interfaces answering client software by its specification's parameter names (GeoReport v2).
MACHINE_PATHS = ("/open311/",)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestIdMiddleware:
    """Takes a well-formed ``X-Request-ID`` from the proxy or makes one; echoes it on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        memo = request_memo_open()
        try:
            response = self.get_response(request)
        finally:
            request_memo_close(memo)
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with personal data must not stay in shared or browser caches.
            response.setdefault("Cache-Control", "no-store")
        return response


def _walk(value: Any, name: str) -> Iterator[str]:
    if isinstance(value, str):
        if CONTROL.search(value):
            yield name or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            key = str(key)
            if CONTROL.search(key):
                yield f"{name}.{key}" if name else key
            yield from _walk(item, f"{name}.{key}" if name else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{name}[{index}]")


def bad_fields(request: HttpRequest) -> list[str]:
    """Names of the inputs (query, form, JSON body, file names, path) holding control characters."""
    fields: list[str] = []
    if CONTROL.search(request.path):
        fields.append("path")
    for key, values in request.GET.lists():
        if CONTROL.search(key) or any(CONTROL.search(v) for v in values):
            fields.append(CONTROL.sub("?", key))
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        content_type = request.content_type or ""
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            for key, values in request.POST.lists():
                if CONTROL.search(key) or any(CONTROL.search(v) for v in values):
                    fields.append(CONTROL.sub("?", key))
            for key, files in request.FILES.lists():
                if any(CONTROL.search(f.name or "") for f in files):
                    fields.append(CONTROL.sub("?", key))
        elif content_type.endswith("json"):
            try:
                data = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                data = None  # the view reports malformed JSON itself
            fields.extend(CONTROL.sub("?", f) for f in _walk(data, ""))
    return fields


class ControlCharacterMiddleware:
    """NUL and other control characters in any input are a 400 naming the field, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = bad_fields(request)
        if fields:
            if request.path.startswith(MACHINE_PATHS):
                # Open311 client software is told the spec's own parameter names.
                names = "、".join(fields)
            else:
                names = "、".join(dict.fromkeys(field_label(field) for field in fields))
            message = "输入含有不允许的不可见控制字符，请删除后重试：" + names
            return error_response(
                request,
                400,
                code="invalid",
                message=message,
                fields={field: "含有不允许的控制字符" for field in fields},
            )
        return self.get_response(request)
