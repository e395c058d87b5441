"""Error responses for people and programs: never a debug page, always a request id.

The API and Open311 get JSON (``{code, message, fields?, request_id}``; Open311 its spec's error
list), everything else a plain Chinese page. ``handler400/403/404/500`` in ``xinfang.urls`` point
here, so with ``DEBUG`` off (production and tests) no stack trace, setting or SQL reaches a client.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

TITLES = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持该请求方法",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂不可用",
}
CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error", 503: "unavailable"}
MESSAGES = {
    400: "请求内容有误，请检查后重试。",
    403: "您无权访问此页面，或表单已过期（请刷新页面后重试）。",
    404: "您访问的页面不存在或无权查看。",
    500: "系统处理请求时出错，已记录。请稍后重试；如问题持续，请将下方请求编号告知系统管理员。",
}


def wants_json(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith(("/api/", "/open311/", "/healthz", "/readyz")) or "/api/" in path:
        return True  # also the apps' own API paths, e.g. /intake/api/analyse/
    return "application/json" in request.headers.get("Accept", "") or (request.content_type or "").endswith(
        "json"
    )


def error_response(
    request: HttpRequest,
    status: int,
    *,
    code: str | None = None,
    message: str | None = None,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    rid = getattr(request, "request_id", "-")
    message = message or MESSAGES.get(status, TITLES.get(status, "请求失败"))
    if request.path.startswith("/open311/"):
        if request.path.endswith(".xml"):
            from xml.sax.saxutils import escape

            body = (
                '<?xml version="1.0" encoding="utf-8"?><errors><error>'
                f"<code>{status}</code><description>{escape(message)}</description></error></errors>"
            )
            return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
        payload: Any = [{"code": status, "description": message}]
        return HttpResponse(
            json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json"
        )
    if wants_json(request):
        data: dict[str, Any] = {
            "code": code or CODES.get(status, "error"),
            "message": message,
            "request_id": rid,
        }
        if fields:
            data["fields"] = fields
        return HttpResponse(
            json.dumps(data, ensure_ascii=False), status=status, content_type="application/json"
        )
    html = render_to_string(
        "errors/error.html",
        {"status": status, "title": TITLES.get(status, "出错了"), "message": message, "rid": rid},
    )
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(request, 403, code="csrf", message="表单已过期或来源不明，请刷新页面后重新提交。")
