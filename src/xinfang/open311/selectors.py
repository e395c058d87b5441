"""Reads for Open311. GET endpoints are public (the spec needs no key to read), so they show only
requests that arrived through Open311, never an accusation (检举控告, Art. 30 confidentiality),
and no personal data: no names, ID or phone numbers, and no exact address or position."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from xinfang.common.masking import mask_public_text
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import TERMINAL, Act, Status
from xinfang.petitions.models import Category, Petition, PetitionEvent
from xinfang.petitions.wording import public_kinds, public_sentence

from .errors import bad_request, forbidden, not_found
from .models import ApiClient, Open311Request, Open311Service, key_digest
from .statuses import facts_from, public_status

MAX_SPAN = timedelta(days=90)  # GeoReport v2: a range "may not span more than 90 days"
MAX_ROWS = 1000  # "90 days or the first 1,000 requests, whichever is smaller"
# About 1 km: enough to place a matter on a district map, too coarse to find a home.
PUBLIC_COORDINATE = Decimal("0.01")

REQUEST_ATTRIBUTES: list[dict[str, Any]] = [
    {
        "variable": True,
        "code": "people_count",
        "datatype": "number",
        "required": False,
        "datatype_description": "正整数；5人及以上为集体访（第二十条）",
        "order": 1,
        "description": "反映人数",
    },
    {
        "variable": True,
        "code": "request",
        "datatype": "text",
        "required": False,
        "datatype_description": "希望解决的问题",
        "order": 2,
        "description": "投诉请求（第十九条）",
    },
]
ACCUSED_ATTRIBUTE: dict[str, Any] = {
    "variable": True,
    "code": "accused",
    "datatype": "string",
    "required": True,
    "datatype_description": "单位名称或人员姓名、职务",
    "order": 3,
    "description": "被检举控告的单位或人员（第三十条）",
}


def api_client_for_key(raw: str) -> ApiClient | None:
    """The active client holding this key; None for a blank, unknown or disabled key."""
    if not raw:
        return None
    return ApiClient.objects.filter(key_hash=key_digest(raw), is_active=True).first()


def listed_categories() -> QuerySet[Category]:
    """Categories in the service list: all of them unless an admin unlisted one (Open311Service)."""
    hidden = Open311Service.objects.filter(is_listed=False).values("category")
    return Category.objects.exclude(pk__in=hidden).select_related("open311_service").order_by("sort", "code")


def service_get(code: str) -> Category:
    category = listed_categories().filter(code=code).first()
    if category is None:
        raise not_found("service_code")
    return category


def _mapping(category: Category) -> Open311Service | None:
    return getattr(category, "open311_service", None)


def service_row(category: Category) -> dict[str, Any]:
    mapping = _mapping(category)
    kind = category.get_default_type_display()
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": (mapping.description if mapping else "") or f"{category.name}（{kind}）",
        # Every service has attributes (people_count, request…), so clients should fetch them.
        "metadata": True,
        "type": "realtime",  # the petition number is returned at once; tokens exist but are optional
        "keywords": (mapping.keywords if mapping else "") or category.name,
        "group": (mapping.group if mapping else "") or kind,
    }


def service_rows() -> list[dict[str, Any]]:
    return [service_row(c) for c in listed_categories()]


def service_definition(category: Category) -> dict[str, Any]:
    attributes = list(REQUEST_ATTRIBUTES)
    if category.default_type == PetitionType.ACCUSATION:
        attributes.append(ACCUSED_ATTRIBUTE)
    return {"service_code": category.code, "attributes": attributes}


def w3c(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _coarse(value: Decimal | None) -> Decimal | str:
    """A position snapped to the 0.01° grid (half away from zero): the same for every reader."""
    return "" if value is None else value.quantize(PUBLIC_COORDINATE, rounding=ROUND_HALF_UP)


def _public(petition: Petition, text: str) -> str:
    """Text fit for publication: ID, phone and plate numbers, addresses and the petitioner's and
    representatives' names masked (xinfang.common.masking.mask_public_text)."""
    names = {petition.petitioner_name, *(r.name for r in petition.representatives.all())}
    return mask_public_text(text, names=names)


def public_description(petition: Petition) -> str:
    return _public(petition, petition.content)


def public_title(petition: Petition) -> str:
    """The title on one line: control characters and line breaks become single spaces; masked."""
    return _public(petition, one_line(petition.title))


def one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


# C0 and C1 control characters, line and paragraph separators: never part of a one-line title.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _expected(petition: Petition, closed: bool) -> datetime | None:
    # next_due_on is the earliest open statutory duty (a date): due by the end of that day.
    if closed or not petition.next_due_on:
        return None
    return timezone.make_aware(datetime.combine(petition.next_due_on, time(23, 59, 59)))


# Acts after which an organ, not the registering bureau, answers for the matter.
RECEIVING_ACTS = frozenset({Act.DISPATCH, Act.DIVERT, Act.ACCEPT})


def agency_responsible(events: list[PetitionEvent]) -> str:
    """Empty until the matter is passed on (or accepted); then the organ that received it."""
    for event in reversed(events):
        if event.kind in (Act.DISPATCH, Act.DIVERT):
            return str(event.payload.get("to_unit_name", ""))
        if event.kind == Act.ACCEPT:
            return event.actor_unit.name if event.actor_unit else ""
    return ""


def _events(petition: Petition) -> list[PetitionEvent]:
    cached = getattr(petition, "public_events", None)
    if cached is not None:
        return list(cached)
    return list(_public_event_rows().filter(petition=petition))


def _public_event_rows() -> QuerySet[PetitionEvent]:
    return (
        PetitionEvent.objects.filter(kind__in=public_kinds() | RECEIVING_ACTS)
        .select_related("actor_unit")
        .only("petition_id", "seq", "kind", "occurred_at", "to_status", "payload", "actor_unit__name")
        .order_by("seq")
    )


def told(events: list[PetitionEvent]) -> list[tuple[PetitionEvent, str]]:
    """The events the public is told of, with their sentence (petitions.wording)."""
    pairs = ((event, public_sentence(event.kind, event.payload)) for event in events)
    return [(event, sentence) for event, sentence in pairs if sentence is not None]


def request_row(item: Open311Request) -> dict[str, Any]:
    petition = item.petition
    closed = petition.status in TERMINAL
    events = _events(petition)
    public = told(events)
    last_event, last_sentence = public[-1] if public else (None, "")
    facts = facts_from((event.kind, event.payload) for event in events)
    return {
        "service_request_id": petition.number,
        "status": public_status(petition.status, facts),
        "status_notes": last_sentence or Status(petition.status).label,
        "service_name": petition.category.name,
        "service_code": item.service_code,
        # mySociety's extension (service_request_extended): the one-line subject.
        "title": public_title(petition),
        "description": public_description(petition),
        "agency_responsible": agency_responsible(events),
        "service_notice": public_sentence(Act.REGISTER) if petition.status == Status.REGISTERED else "",
        "requested_datetime": w3c(item.requested_at),
        # "For requests with status=closed, this will be the date the request was closed."
        "updated_datetime": w3c(
            (petition.closed_at if closed else None)
            or (last_event.occurred_at if last_event else None)
            or item.requested_at
        ),
        "expected_datetime": w3c(_expected(petition, closed)),
        # The unit the matter was placed in, not the address typed in (it may be a home address).
        "address": petition.location_unit.name,
        "address_id": "",
        "zipcode": "",
        "lat": _coarse(item.lat),
        "long": _coarse(item.long),
        # Photos sent with a petition are often of ID cards or faces; staff see the link, the public not.
        "media_url": "",
    }


def public_requests() -> QuerySet[Open311Request]:
    return (
        Open311Request.objects.exclude(petition__type=PetitionType.ACCUSATION)
        .select_related("petition__category", "petition__current_unit", "petition__location_unit")
        .prefetch_related(
            "petition__representatives",
            Prefetch("petition__events", queryset=_public_event_rows(), to_attr="public_events"),
        )
        .order_by("-requested_at", "-pk")
    )


def request_get(number: str) -> Open311Request:
    item = public_requests().filter(petition__number=number).first()
    if item is None:
        raise not_found("service_request_id")
    return item


def token_get(token: str) -> Open311Request:
    item = public_requests().filter(token=token).first()
    if item is None:
        raise not_found("token")
    return item


def _moment(value: str, name: str) -> datetime | None:
    if not value:
        return None
    # A "+" in an unencoded query string arrives as a space.
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None or timezone.is_naive(parsed):
        raise bad_request(f"{name} 须为带时区的 W3C 日期时间，例如 2026-01-01T00:00:00+08:00")
    return parsed


def _window(params: dict[str, str]) -> tuple[datetime, datetime]:
    start = _moment(params.get("start_date", ""), "start_date")
    end = _moment(params.get("end_date", ""), "end_date")
    if start and end and start > end:
        raise bad_request("start_date 不能晚于 end_date")
    if start and end and end - start > MAX_SPAN:
        raise bad_request("start_date 与 end_date 的跨度不能超过90天")
    end = end or (start + MAX_SPAN if start else timezone.now())
    return start or end - MAX_SPAN, end


def _until(end: datetime) -> datetime:
    """Exclusive upper bound: W3C times are to the second, so the end second counts whole."""
    return end + timedelta(seconds=1) if end.microsecond == 0 else end


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def requests_matching(params: dict[str, str]) -> list[Open311Request]:
    rows = public_requests()
    ids = _listed(params.get("service_request_id", ""))
    if ids:  # "overrides all other filters"
        return list(rows.filter(petition__number__in=ids)[:MAX_ROWS])
    codes = _listed(params.get("service_code", ""))
    if codes:
        rows = rows.filter(service_code__in=codes)
    start, end = _window(params)
    rows = rows.filter(requested_at__gte=start, requested_at__lt=_until(end))
    statuses = set(_listed(params.get("status", "")))
    if statuses - {"open", "closed"}:
        raise bad_request("status 只能是 open 或 closed")
    if statuses == {"open"}:
        rows = rows.exclude(petition__status__in=TERMINAL)
    elif statuses == {"closed"}:
        rows = rows.filter(petition__status__in=TERMINAL)
    # page / page_size: the de-facto extension; the spec's 1,000-row cap still holds overall.
    page_size = _positive(params.get("page_size", ""), "page_size", default=MAX_ROWS, cap=MAX_ROWS)
    page = _positive(params.get("page", ""), "page", default=1, cap=10_000)
    offset = (page - 1) * page_size
    return list(rows[offset : min(offset + page_size, MAX_ROWS)])


def _positive(value: str, name: str, *, default: int, cap: int) -> int:
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise bad_request(f"{name} 必须是正整数")
    return min(int(value), cap)


def update_id(number: str, seq: int) -> str:
    """One id space for updates we publish and comments we receive: the petition and event."""
    return f"{number}-{seq}"


def update_rows(params: dict[str, str]) -> list[dict[str, Any]]:
    """mySociety's GET servicerequestupdates: each public act on a public Open311 request.

    ``start_date``/``end_date`` bound ``updated_datetime`` (both inclusive; at most 90 days; the
    last 90 days by default); ``service_request_id`` (comma list) narrows to those requests.
    ``status`` is the request's status after the act, ``description`` the act's public wording.
    """
    start, end = _window(params)
    events = PetitionEvent.objects.filter(
        petition__open311__isnull=False,
        kind__in=public_kinds(),
        occurred_at__gte=start,
        occurred_at__lt=_until(end),
    ).exclude(petition__type=PetitionType.ACCUSATION)
    ids = _listed(params.get("service_request_id", ""))
    if ids:
        events = events.filter(petition__number__in=ids)
    window = list(
        events.select_related("petition")
        .only("petition__number", "seq", "kind", "occurred_at", "to_status", "payload")
        .order_by("occurred_at", "pk")[:MAX_ROWS]
    )
    history: dict[int, list[PetitionEvent]] = {}
    for event in _public_event_rows().filter(petition_id__in={e.petition_id for e in window}):
        history.setdefault(event.petition_id, []).append(event)
    rows = []
    for event in window:
        sentence = public_sentence(event.kind, event.payload)
        if sentence is None:
            continue
        earlier = [e for e in history.get(event.petition_id, []) if e.seq <= event.seq]
        facts = facts_from((e.kind, e.payload) for e in earlier)
        rows.append(
            {
                "update_id": update_id(event.petition.number, event.seq),
                "service_request_id": event.petition.number,
                "status": public_status(event.to_status, facts),
                "updated_datetime": w3c(event.occurred_at),
                "description": sentence,
                # Documents sent to the petitioner are theirs, not public files.
                "media_url": "",
            }
        )
    return rows


def own_request(number: str, client: ApiClient) -> Open311Request:
    """The request a client may add to: it exists and this client sent it."""
    item = Open311Request.objects.select_related("petition").filter(petition__number=number).first()
    if item is None:
        raise not_found("service_request_id")
    if item.client_id != client.pk:
        raise forbidden("该 service_request_id 不是通过此 api_key 提交的，不能补充")
    return item
