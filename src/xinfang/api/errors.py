"""Translate domain and framework errors into one JSON shape: {code, message, fields?, article?}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from xinfang.common.exceptions import XinfangError

_DRF_CODES: list[tuple[type[drf.APIException], str, str]] = [
    (drf.NotAuthenticated, "not_authenticated", "请先登录"),
    (drf.AuthenticationFailed, "authentication_failed", "身份认证失败"),
    (drf.PermissionDenied, "forbidden", "您无权执行此操作"),
    (drf.NotFound, "not_found", "请求的资源不存在或无权查看"),
    (drf.MethodNotAllowed, "method_not_allowed", "不支持该请求方法"),
    (drf.ParseError, "parse_error", "请求内容格式错误，无法解析"),
    (drf.UnsupportedMediaType, "unsupported_media_type", "不支持的请求内容类型"),
    (drf.Throttled, "throttled", "请求过于频繁，请稍后再试"),
]


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(detail, dict):
        out: dict[str, str] = {}
        for key, value in detail.items():
            name = "non_field" if key == "non_field_errors" else str(key)
            out.update(flatten_errors(value, f"{prefix}{name}" if not prefix else f"{prefix}.{name}"))
        return out
    if isinstance(detail, list):
        if detail and all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field": "；".join(str(item) for item in detail)}
        out = {}
        for index, item in enumerate(detail):
            out.update(flatten_errors(item, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field": str(detail)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, XinfangError):
        return Response(exc.as_dict(), status=exc.http_status)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return Response({"code": "not_found", "message": "请求的资源不存在或无权查看"}, status=404)
    if isinstance(exc, drf.ValidationError):
        return Response(
            {
                "code": "invalid",
                "message": "提交的内容有误，请检查标出的字段",
                "fields": flatten_errors(exc.detail),
            },
            status=400,
        )
    response = drf_handler(exc, context)
    if response is not None and isinstance(exc, drf.APIException):
        for cls, code, message in _DRF_CODES:
            if isinstance(exc, cls):
                detail = str(exc.detail)
                # Keep a specific Chinese reason (an expired token, a missing scope) over the generic one.
                specific = detail != str(cls.default_detail) and any(
                    "\u4e00" <= ch <= "\u9fff" for ch in detail
                )
                response.data = {"code": code, "message": detail if specific else message}
                break
        else:
            response.data = {"code": exc.default_code, "message": str(exc.detail)}
    return response
