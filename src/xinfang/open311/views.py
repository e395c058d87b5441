"""GeoReport v2 endpoints. Format by extension (.xml required, .json optional); errors in the spec's shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from xinfang.common.exceptions import RateLimited, XinfangError
from xinfang.common.ratelimit import rate_limit_hit
from xinfang.integrations.idempotency import (
    Reply,
    idempotency_key,
    idempotent_reply,
    request_fingerprint,
)

from . import selectors
from .errors import Open311Error, bad_request, forbidden, not_found
from .models import ApiClient
from .render import respond, respond_errors, respond_single
from .services import RequestInput, open311_request_create, open311_settings
from .updates import UpdateInput, open311_update_create

View = Callable[..., HttpResponse]
CREATED_NOTICE = "已登记为网上信访事项，将在15日内转送、交办或告知（《信访工作条例》第二十二条）"


def _param(request: HttpRequest, name: str) -> str:
    return (request.POST.get(name) or request.GET.get(name) or "").strip()


def _jurisdiction_check(request: HttpRequest, client: ApiClient | None) -> None:
    served = open311_settings()["jurisdiction_id"]
    asked = _param(request, "jurisdiction_id")
    if asked and asked != served:  # one jurisdiction per deployment, so the id is optional
        raise not_found("jurisdiction_id")
    if client is not None and client.jurisdiction_id and client.jurisdiction_id != served:
        raise forbidden(f"该 api_key 仅适用于 jurisdiction_id={client.jurisdiction_id}")


def _translate(fmt: str, error: Exception) -> HttpResponse:
    if isinstance(error, RateLimited):
        response = respond_errors(fmt, status=429, errors=[(429, error.message)])
        response["Retry-After"] = str(error.retry_after)
        return response
    if isinstance(error, Open311Error):
        return respond_errors(fmt, status=error.status, errors=[(error.code, error.description)])
    assert isinstance(error, XinfangError)
    # Idempotency conflicts keep their own status (422 key reused, 409 in flight); the spec's
    # "400 for anything else" covers the rest.
    status = error.http_status if error.http_status in (409, 422) else 400
    details = [error.message, *(f"{name}：{text}" for name, text in error.fields.items())]
    return respond_errors(fmt, status=status, errors=[(status, "；".join(details))])


def open311_view(scope: str, *, methods: tuple[str, ...] = ("GET",)) -> Callable[[View], View]:
    """Method check, rate limits (address, and API key when one is sent), jurisdiction_id, and
    every failure answered in the Open311 error format. The view receives the caller's client."""

    def decorate(view: View) -> View:
        def run(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = respond_errors(fmt, status=405, errors=[(405, f"不支持 {request.method} 方法")])
                response["Allow"] = ", ".join(methods)
                return response
            try:
                client = selectors.api_client_for_key(_param(request, "api_key"))
                writing = request.method == "POST"
                rate_limit_hit(
                    request,
                    scope=scope if writing else "open311_read",
                    identity=client.rate_identity if client else None,
                )
                _jurisdiction_check(request, client)
                return view(request, *args, fmt=fmt, client=client, **kwargs)
            except (Open311Error, XinfangError) as error:
                return _translate(fmt, error)

        run.__name__ = view.__name__
        return run

    return decorate


@open311_view("open311_read")
def discovery(request: HttpRequest, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    changeset = "2026-11-23T00:00:00+08:00"
    row = {
        "changeset": changeset,
        "contact": "区信访局信息科",
        "key_service": "向区信访局申请 api_key（管理后台：Open311 接入方）",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond_single(fmt, root="discovery", row=row)


@open311_view("open311_read")
def service_list(request: HttpRequest, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    return respond(fmt, root="services", item="service", rows=selectors.service_rows())


@open311_view("open311_read")
def service_definition(
    request: HttpRequest, code: str, *, fmt: str, client: ApiClient | None
) -> HttpResponse:
    category = selectors.service_get(code)
    return respond_single(fmt, root="service_definition", row=selectors.service_definition(category))


def _input(request: HttpRequest) -> RequestInput:
    post = request.POST
    plain = {name: post.get(name, "").strip() for name in ("service_code", "description", *_OPTIONAL)}
    return RequestInput(
        **plain,
        people_count=post.get("attribute[people_count]", "").strip(),
        request=post.get("attribute[request]", "").strip(),
        accused=post.get("attribute[accused]", "").strip(),
    )


_OPTIONAL = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "address_string",
    "address_id",
    "lat",
    "long",
    "media_url",
    "account_id",
    "device_id",
)


def _create(request: HttpRequest, fmt: str, client: ApiClient | None) -> HttpResponse:
    if client is None:
        raise forbidden()
    if not _param(request, "service_code"):
        raise bad_request("service_code 必填")

    key = idempotency_key(request)

    def create() -> Reply:
        result = open311_request_create(client=client, data=_input(request), detect_duplicates=not key)
        row = {
            "service_request_id": result.request.petition.number,
            "service_notice": CREATED_NOTICE,
            "account_id": result.request.account_id,
        }
        status = 200 if result.duplicate else 201
        response = respond(fmt, root="service_requests", item="request", rows=[row], status=status)
        return Reply(response.status_code, response.content.decode(), response["Content-Type"])

    if not key:
        reply = create()
        response = HttpResponse(reply.body, content_type=reply.content_type, status=reply.status_code)
        if reply.status_code == 200:  # the same request again inside the duplicate window
            response["Duplicate-Request"] = "true"
        return response
    # The format is part of the request: the same key sent to .xml and then .json is a different call.
    fingerprint = request_fingerprint(fmt, json.dumps(sorted(request.POST.lists()), ensure_ascii=False))
    reply = idempotent_reply(
        scope="open311",
        client=f"open311:{client.pk}",
        key=key,
        fingerprint=fingerprint,
        run=create,
    )
    response = HttpResponse(reply.body, content_type=reply.content_type, status=reply.status_code)
    if reply.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@csrf_exempt
@open311_view("open311_write", methods=("GET", "POST"))
def requests_collection(request: HttpRequest, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt, client)
    rows = [selectors.request_row(item) for item in selectors.requests_matching(request.GET.dict())]
    return respond(fmt, root="service_requests", item="request", rows=rows)


@open311_view("open311_read")
def request_detail(request: HttpRequest, number: str, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    row = selectors.request_row(selectors.request_get(number))
    return respond(fmt, root="service_requests", item="request", rows=[row])


@open311_view("open311_read")
def token_detail(request: HttpRequest, token: str, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    item = selectors.token_get(token)
    row = {"service_request_id": item.petition.number, "token": item.token}
    return respond(fmt, root="service_requests", item="request", rows=[row])


def _update_input(request: HttpRequest) -> UpdateInput:
    post = request.POST
    plain = {
        name: post.get(name, "").strip()
        for name in (
            "service_request_id",
            "update_id",
            "status",
            "updated_datetime",
            "email",
            "phone",
            "first_name",
            "last_name",
        )
    }
    media = [url.strip() for value in post.getlist("media_url") for url in value.split(",") if url.strip()]
    # Keep the comment's own line breaks; only the ends are trimmed.
    return UpdateInput(**plain, description=post.get("description", "").strip(), media_urls=media)


def _post_update(request: HttpRequest, fmt: str, client: ApiClient | None) -> HttpResponse:
    if client is None:
        raise forbidden()
    number = _param(request, "service_request_id")
    if not number:
        raise bad_request("service_request_id 必填")
    # Per request as well as per client: one matter cannot be flooded through one busy client.
    rate_limit_hit(request, scope="open311_update_request", identity=f"{client.rate_identity}:{number}")
    result = open311_update_create(client=client, data=_update_input(request))
    row = {"update_id": selectors.update_id(number, result.update.event_seq)}
    response = respond(
        fmt,
        root="service_request_updates",
        item="request_update",
        rows=[row],
        status=201 if result.created else 200,
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return response


@csrf_exempt
@open311_view("open311_update", methods=("GET", "POST"))
def service_request_updates(request: HttpRequest, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    """mySociety's updates extension: GET the public acts as updates; POST a petitioner's comment."""
    if request.method == "POST":
        return _post_update(request, fmt, client)
    rows = selectors.update_rows(request.GET.dict())
    return respond(fmt, root="service_request_updates", item="request_update", rows=rows)


@csrf_exempt
@open311_view("open311_read", methods=("GET", "POST"))
def unknown(request: HttpRequest, path: str, *, fmt: str, client: ApiClient | None) -> HttpResponse:
    """Any other resource: 404 in the spec's error body rather than an HTML page."""
    raise not_found(f"资源 {path}.{fmt} ")
