"""Reads for Open311. GET endpoints are public (the spec needs no key to read), so they show only
requests that arrived through Open311, never an accusation (检举控告, Art. 30 confidentiality),
and no personal data: no names, ID or phone numbers, and no exact address or position."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from xinfang.common.masking import mask_pii_in_text
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import TERMINAL, Act, Status
from xinfang.petitions.models import Category, Petition, PetitionEvent

from .errors import bad_request, not_found
from .models import ApiClient, Open311Request, Open311Service, key_digest

MAX_SPAN = timedelta(days=90)  # GeoReport v2: a range "may not span more than 90 days"
MAX_ROWS = 1000  # "90 days or the first 1,000 requests, whichever is smaller"
# About 1 km: enough to place a matter on a district map, too coarse to find a home.
PUBLIC_COORDINATE = Decimal("0.01")

# status_notes come only from acts addressed to the petitioner; internal steps (签收, 退回异议,
# 办理记录, 重大紧急报告 …) are not public and leave the notes as they were.
PUBLIC_NOTES: dict[str, str] = {
    Act.REGISTER: "已登记，将在15日内转送、交办或告知（第二十二条）",
    Act.DISPATCH: "已转送、交办有权处理的机关、单位（第二十二条）",
    Act.ACCEPT: "已受理（第二十三条）",
    Act.DECLINE: "不予受理，已书面告知（第二十三条）",
    Act.REFUSE_REPEAT: "不再受理（第三十六条）",
    Act.DIVERT: "已告知依法通过其他法定途径处理（第二十二条、第三十一条）",
    Act.EXTEND: "办理期限已延长（第三十四条）",
    Act.REPLY: "已出具信访处理意见书（第三十二条）",
    Act.CONCLUDE_SUGGESTION: "建议已研究办结并答复（第二十九条）",
    Act.CONCLUDE_MEDIATION: "调解已结束（第三十三条）",
    Act.REQUEST_REVIEW: "已请求复查（第三十五条）",
    Act.DECIDE_REVIEW: "已出具复查意见书（第三十五条）",
    Act.REQUEST_RECHECK: "已请求复核（第三十六条）",
    Act.DECIDE_RECHECK: "已出具复核意见书（第三十六条）",
    Act.CLOSE: "已办结",
}

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


def _coarse(value: Decimal | None) -> str:
    return "" if value is None else str(value.quantize(PUBLIC_COORDINATE, rounding=ROUND_HALF_UP))


def public_description(petition: Petition) -> str:
    """The content with ID and mobile numbers masked and the petitioner's own names blanked."""
    text = mask_pii_in_text(petition.content)
    names = {petition.petitioner.name, *(r.name for r in petition.representatives.all())}
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        text = text.replace(name, name[0] + "*" * (len(name) - 1))
    return text


def _expected(petition: Petition, closed: bool) -> datetime | None:
    # next_due_on is the earliest open statutory duty (a date): due by the end of that day.
    if closed or not petition.next_due_on:
        return None
    return timezone.make_aware(datetime.combine(petition.next_due_on, time(23, 59, 59)))


def request_row(item: Open311Request) -> dict[str, Any]:
    petition = item.petition
    closed = petition.status in TERMINAL
    note_kind = getattr(item, "public_kind", None) or ""
    note_at = getattr(item, "public_at", None)
    return {
        "service_request_id": petition.number,
        "status": "closed" if closed else "open",
        "status_notes": PUBLIC_NOTES.get(note_kind, Status(petition.status).label),
        "service_name": petition.category.name,
        "service_code": item.service_code,
        "description": public_description(petition),
        "agency_responsible": petition.current_unit.name,
        "service_notice": PUBLIC_NOTES[Act.REGISTER] if petition.status == Status.REGISTERED else "",
        "requested_datetime": w3c(item.requested_at),
        # "For requests with status=closed, this will be the date the request was closed."
        "updated_datetime": w3c((petition.closed_at if closed else None) or note_at or item.requested_at),
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
    public = PetitionEvent.objects.filter(
        petition=OuterRef("petition"), kind__in=list(PUBLIC_NOTES)
    ).order_by("-seq")
    return (
        Open311Request.objects.exclude(petition__type=PetitionType.ACCUSATION)
        .select_related(
            "petition__category", "petition__current_unit", "petition__location_unit", "petition__petitioner"
        )
        .prefetch_related("petition__representatives")
        .annotate(public_kind=Subquery(public.values("kind")[:1]))
        .annotate(public_at=Subquery(public.values("occurred_at")[:1]))
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
    rows = rows.filter(requested_at__gte=start, requested_at__lte=end)
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
