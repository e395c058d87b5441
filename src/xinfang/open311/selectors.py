"""Reads for Open311. Only requests that arrived through Open311 are public, never an accusation
(检举控告, Art. 30 confidentiality), and no personal data: descriptions are masked."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from xinfang.common.masking import mask_pii_in_text
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import TERMINAL, Act, Status
from xinfang.petitions.models import Category, PetitionEvent

from .errors import bad_request
from .models import Open311Request

MAX_SPAN = timedelta(days=90)  # GeoReport v2: a range "may not span more than 90 days"
MAX_ROWS = 1000  # "90 days or the first 1,000 requests, whichever is smaller"

SERVICE_ATTRIBUTES: list[dict[str, Any]] = [
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


def service_rows() -> list[dict[str, Any]]:
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": f"{c.name}（{c.get_default_type_display()}）",
            "metadata": True,
            "type": "realtime",
            "keywords": c.name,
            "group": c.get_default_type_display(),
        }
        for c in Category.objects.order_by("sort", "code")
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


def service_definition(category: Category) -> dict[str, Any]:
    attributes = list(SERVICE_ATTRIBUTES)
    if category.default_type == PetitionType.ACCUSATION:
        attributes.append(ACCUSED_ATTRIBUTE)
    return {"service_code": category.code, "attributes": attributes}


def _w3c(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def request_row(item: Open311Request) -> dict[str, Any]:
    petition = item.petition
    closed = petition.status in TERMINAL
    last_kind = getattr(item, "last_kind", "") or ""
    act = Act(last_kind).label if last_kind in Act.values else last_kind
    notes = f"{act}：{Status(petition.status).label}" if act else Status(petition.status).label
    expected = None
    if petition.next_due_on and not closed:
        expected = timezone.make_aware(datetime.combine(petition.next_due_on, time(23, 59, 59)))
    notice = (
        "已登记，将在15日内转送、交办或告知（第二十二条）" if petition.status == Status.REGISTERED else ""
    )
    return {
        "service_request_id": petition.number,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": petition.category.name,
        "service_code": item.service_code,
        "description": mask_pii_in_text(petition.content),
        "agency_responsible": petition.current_unit.name,
        "service_notice": notice,
        "requested_datetime": _w3c(item.requested_at),
        "updated_datetime": _w3c(
            petition.closed_at if closed and petition.closed_at else petition.updated_at
        ),
        "expected_datetime": _w3c(expected),
        "address": item.address_string,
        "address_id": item.address_id,
        "zipcode": "",
        "lat": "" if item.lat is None else str(item.lat),
        "long": "" if item.long is None else str(item.long),
        "media_url": item.media_url,
    }


def public_requests() -> QuerySet[Open311Request]:
    last_kind = (
        PetitionEvent.objects.filter(petition=OuterRef("petition")).order_by("-seq").values("kind")[:1]
    )
    return (
        Open311Request.objects.exclude(petition__type=PetitionType.ACCUSATION)
        .select_related("petition__category", "petition__current_unit")
        .annotate(last_kind=Subquery(last_kind))
        .order_by("-requested_at", "-pk")
    )


def _moment(value: str, name: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None or timezone.is_naive(parsed):
        raise bad_request(f"{name} 须为带时区的 W3C 日期时间，例如 2026-01-01T00:00:00+08:00")
    return parsed


def requests_matching(params: dict[str, str]) -> list[Open311Request]:
    rows = public_requests()
    ids = [i for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # "overrides all other filters"
        return list(rows.filter(petition__number__in=[i.strip() for i in ids])[:MAX_ROWS])
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        rows = rows.filter(service_code__in=codes)
    start, end = (
        _moment(params.get("start_date", ""), "start_date"),
        _moment(params.get("end_date", ""), "end_date"),
    )
    if start and end and end - start > MAX_SPAN:
        raise bad_request("start_date 与 end_date 的跨度不能超过90天")
    end = end or (start + MAX_SPAN if start else timezone.now())
    start = start or end - MAX_SPAN
    rows = rows.filter(requested_at__gte=start, requested_at__lte=end)
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise bad_request("status 只能是 open 或 closed")
    if statuses == {"open"}:
        rows = rows.exclude(petition__status__in=TERMINAL)
    elif statuses == {"closed"}:
        rows = rows.filter(petition__status__in=TERMINAL)
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
