"""GeoReport v2 endpoints. Format by extension (.xml required, .json optional); errors in the spec's shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from xinfang.common.exceptions import RateLimited, XinfangError
from xinfang.common.ratelimit import rate_limit_hit
from xinfang.integrations.idempotency import HEADER, Reply, idempotent_reply, request_fingerprint
from xinfang.petitions.models import Category

from . import selectors
from .errors import Open311Error, bad_request, forbidden, not_found
from .models import ApiClient, Open311Request, key_digest
from .render import respond, respond_errors, respond_single
from .services import RequestInput, open311_request_create, open311_settings

View = Callable[..., HttpResponse]


def open311_view(scope: str) -> Callable[[View], View]:
    """Rate limit, check jurisdiction_id and answer every failure in the Open311 error format."""

    def decorate(view: View) -> View:
        def run(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            try:
                writing = request.method == "POST"
                rate_limit_hit(
                    request,
                    scope=scope if writing else "open311_read",
                    identity=request.POST.get("api_key") or None if writing else None,
                )
                jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
                if jurisdiction and jurisdiction != open311_settings()["jurisdiction_id"]:
                    raise not_found("jurisdiction_id")
                return view(request, *args, fmt=fmt, **kwargs)
            except RateLimited as limited:
                response = respond_errors(fmt, status=429, errors=[(429, limited.message)])
                response["Retry-After"] = str(limited.retry_after)
                return response
            except Open311Error as error:
                return respond_errors(fmt, status=error.status, errors=[(error.code, error.description)])
            except XinfangError as error:
                return respond_errors(fmt, status=400, errors=[(400, error.message)])

        run.__name__ = view.__name__
        return run

    return decorate


@require_http_methods(["GET"])
@open311_view("open311_read")
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    row = {
        "changeset": "2026-11-23T00:00:00+08:00",
        "contact": "区信访局信息科",
        "key_service": "向区信访局申请 api_key（管理后台：Open311 接入方）",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-23T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond_single(fmt, root="discovery", row=row)


@require_http_methods(["GET"])
@open311_view("open311_read")
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    return respond(fmt, root="services", item="service", rows=selectors.service_rows())


@require_http_methods(["GET"])
@open311_view("open311_read")
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise not_found("service_code")
    return respond_single(fmt, root="service_definition", row=selectors.service_definition(category))


def _client(request: HttpRequest) -> ApiClient:
    raw = request.POST.get("api_key", "")
    client = ApiClient.objects.filter(key_hash=key_digest(raw), is_active=True).first() if raw else None
    if client is None:
        raise forbidden()
    return client


def _input(request: HttpRequest) -> RequestInput:
    post = request.POST
    fields = {name: post.get(name, "").strip() for name in RequestInput.__dataclass_fields__ if name in post}
    for attribute in ("people_count", "request", "accused"):
        fields.pop(attribute, None)
    return RequestInput(
        **{"service_code": "", "description": "", **fields},
        people_count=post.get("attribute[people_count]", "").strip(),
        request=post.get("attribute[request]", "").strip(),
        accused=post.get("attribute[accused]", "").strip(),
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311_view("open311_write")
def requests_collection(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "GET":
        rows = [selectors.request_row(item) for item in selectors.requests_matching(request.GET.dict())]
        return respond(fmt, root="service_requests", item="request", rows=rows)
    client = _client(request)
    if not request.POST.get("service_code"):
        raise bad_request("service_code 必填")

    def create() -> Reply:
        created = open311_request_create(client=client, data=_input(request))
        row = {
            "service_request_id": created.petition.number,
            "service_notice": "已登记为网上信访事项，将在15日内转送、交办或告知（《信访工作条例》第二十二条）",
            "account_id": created.account_id,
        }
        response = respond(fmt, root="service_requests", item="request", rows=[row], status=201)
        return Reply(response.status_code, response.content.decode(), response["Content-Type"])

    reply = idempotent_reply(
        scope=f"open311:{fmt}",
        client=f"open311:{client.pk}",
        key=request.headers.get(HEADER),
        fingerprint=request_fingerprint(json.dumps(sorted(request.POST.lists()), ensure_ascii=False)),
        run=create,
    )
    response = HttpResponse(reply.body, content_type=reply.content_type, status=reply.status_code)
    if reply.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@require_http_methods(["GET"])
@open311_view("open311_read")
def request_detail(request: HttpRequest, number: str, *, fmt: str) -> HttpResponse:
    item = selectors.public_requests().filter(petition__number=number).first()
    if item is None:
        raise not_found("service_request_id")
    return respond(fmt, root="service_requests", item="request", rows=[selectors.request_row(item)])


@require_http_methods(["GET"])
@open311_view("open311_read")
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    item = (
        Open311Request.objects.filter(token=token)
        .exclude(petition__type="accusation")
        .select_related("petition")
        .first()
    )
    if item is None:
        raise not_found("token")
    row = {"service_request_id": item.petition.number, "token": item.token}
    return respond(fmt, root="service_requests", item="request", rows=[row])
