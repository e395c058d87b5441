"""Writes for Open311: issue API keys; turn a POSTed service request into a registered petition."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.services import petition_register_online

from .errors import bad_request
from .models import ApiClient, Open311Request, key_digest
from .selectors import service_get

DESCRIPTION_MAX = 4000  # GeoReport v2 POST: description "max 4,000 characters"
_MEDIA_URL = URLValidator(schemes=["http", "https"])
# "may contain line breaks, but not html or code": a tag, not a lone "<" as in "价格<100元".
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")

# settings.XINFANG_OPEN311 overrides these; read at call time, never at import.
DEFAULT_SETTINGS: dict[str, str] = {
    "jurisdiction_id": "qingxi.gov.cn",
    # 行政区划代码 (Unit.division_code) of the unit used when an address names no street or
    # community, or only coordinates are given; blank: the lowest-level government unit.
    "fallback_unit_code": "",
}


def open311_settings() -> dict[str, str]:
    return {**DEFAULT_SETTINGS, **getattr(settings, "XINFANG_OPEN311", {})}


def new_raw_key() -> str:
    return secrets.token_urlsafe(32)


def api_client_issue(
    *, name: str, jurisdiction_id: str = "", rate_limit_identity: str = ""
) -> tuple[ApiClient, str]:
    """A new client and its key; the key is shown once and only its SHA-256 is stored."""
    raw = new_raw_key()
    client = ApiClient.objects.create(
        name=name,
        key_hash=key_digest(raw),
        key_prefix=raw[:8],
        jurisdiction_id=jurisdiction_id,
        rate_limit_identity=rate_limit_identity,
    )
    return client, raw


@dataclass(frozen=True)
class RequestInput:
    service_code: str
    description: str
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    address_string: str = ""
    address_id: str = ""
    lat: str = ""
    long: str = ""
    media_url: str = ""
    account_id: str = ""
    device_id: str = ""
    people_count: str = ""
    request: str = ""
    accused: str = ""


def _coordinate(value: str, name: str, limit: int) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise bad_request(f"{name} 不是有效的 WGS84 坐标") from None
    if not -limit <= number <= limit:
        raise bad_request(f"{name} 超出范围")
    return number.quantize(Decimal("0.000001"))


def location_unit_for(data: RequestInput) -> Unit:
    """Match the address against community, then street names; else the configured fallback unit.

    There is no geocoder on an isolated network, so coordinates alone resolve to the fallback.
    """
    units = Unit.objects.filter(is_active=True)
    if data.address_string:
        for kind in (UnitKind.COMMUNITY, UnitKind.STREET):
            named = [u for u in units.filter(kind=kind).order_by("pk") if u.name in data.address_string]
            if named:  # the longest name wins: "新甲社区" over "甲社区"
                return max(named, key=lambda unit: len(unit.name))
    code = open311_settings()["fallback_unit_code"]
    fallback = (
        units.filter(division_code=code).first()
        if code
        else units.filter(kind=UnitKind.GOVERNMENT).order_by("level", "pk").last()
    )
    if fallback is None:
        raise bad_request("无法根据地址确定问题属地，请提供街道或社区名称")
    return fallback


def _validate(data: RequestInput) -> None:
    if not (data.address_string or data.address_id or (data.lat and data.long)):
        raise bad_request("必须提供位置：lat 与 long、address_string 或 address_id 之一")
    if not data.description.strip():
        raise bad_request("description 不能为空：请写明投诉请求和事实（《信访工作条例》第十九条）")
    if len(data.description) > DESCRIPTION_MAX:
        raise bad_request(f"description 不能超过 {DESCRIPTION_MAX} 个字符")
    if _HTML_TAG.search(data.description):
        raise bad_request("description 不能包含 HTML")
    if not (data.last_name or data.first_name).strip():
        raise bad_request("first_name/last_name 必填：信访实行实名制（第十九条）")
    if not data.phone.strip():
        raise bad_request("phone 必填：用于告知办理情况（第十九条）")
    if data.media_url:
        try:
            _MEDIA_URL(data.media_url)
        except DjangoValidationError:
            raise bad_request("media_url 须为 http(s) 地址") from None


def _full_name(data: RequestInput) -> str:
    first, last = data.first_name.strip(), data.last_name.strip()
    # 姓 then 名 without a space ("王" + "明"); Latin names keep their own order.
    if first.isascii() and last.isascii():
        return f"{first} {last}".strip()
    return f"{last}{first}"


@transaction.atomic
def open311_request_create(*, client: ApiClient, data: RequestInput) -> Open311Request:
    """Register the request as an online petition (channel 网上) and remember its Open311 side."""
    category = service_get(data.service_code)
    _validate(data)
    lat = _coordinate(data.lat, "lat", 90)
    long = _coordinate(data.long, "long", 180)
    people = 1
    if data.people_count:
        if not data.people_count.isdigit() or int(data.people_count) < 1:
            raise bad_request("attribute[people_count] 必须是正整数")
        people = int(data.people_count)
    description = data.description.strip()
    try:
        petition, _ = petition_register_online(
            person=PersonDraft(name=_full_name(data), phone=data.phone),
            title=f"{category.name}：{description[:40]}",
            content=description,
            category=category,
            location_unit=location_unit_for(data),
            request=data.request,
            people_count=people,
            accused_description=data.accused[:200],
            source="open311",
        )
    except ValidationFailed as error:
        names = {
            "petitioner.phone": "phone",
            "petitioner.name": "first_name/last_name",
            "accused_description": "attribute[accused]",
        }
        detail = "；".join(f"{names.get(k, k)}：{v}" for k, v in error.fields.items())
        raise bad_request(detail or error.message) from None
    return Open311Request.objects.create(
        petition=petition,
        client=client,
        token=secrets.token_hex(16),
        service_code=category.code,
        address_string=data.address_string[:300],
        address_id=data.address_id[:100],
        lat=lat,
        long=long,
        media_url=data.media_url[:500],
        account_id=data.account_id[:100],
        requested_at=petition.received_at or timezone.now(),
    )
