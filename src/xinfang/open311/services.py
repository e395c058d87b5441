"""Writes for Open311: issue API keys; turn a POSTed service request into a registered petition."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.constants import UnitKind
from xinfang.orgs.models import Unit
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.services import petition_register_online
from xinfang.places.selectors import boundaries_exist, unit_at, unit_named_in

from .conf import open311_settings
from .errors import bad_request
from .models import ApiClient, Open311Request, key_digest
from .selectors import one_line, service_get

DESCRIPTION_MAX = 4000  # GeoReport v2 POST: description "max 4,000 characters"
_MEDIA_URL = URLValidator(schemes=["http", "https"])
# "may contain line breaks, but not html or code": a tag, not a lone "<" as in "价格<100元".
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")


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
    if not number.is_finite() or not -limit <= number <= limit:
        raise bad_request(f"{name} 超出范围（-{limit}～{limit}）")
    return number.quantize(Decimal("0.000001"))


OUTSIDE = "lat/long 不在本辖区任何街道、社区的边界内：请核对坐标（WGS84，纬度 lat、经度 long）或改报地址"


def location_unit_for(data: RequestInput, lat: Decimal | None = None, long: Decimal | None = None) -> Unit:
    """Where the matter is: the unit whose boundary holds the point, else the unit named in the
    address, else the configured fallback unit (registrars re-place it).

    With boundaries loaded, a point outside every boundary is refused (400): the matter is not
    this jurisdiction's, or the client sent another datum or swapped lat and long.
    """
    named = unit_named_in(data.address_string) if data.address_string else None
    if lat is not None and long is not None and boundaries_exist():
        found = unit_at(lat=float(lat), long=float(long))
        if found is None:
            raise bad_request(OUTSIDE)
        # The address may name a smaller place inside the one the point fell in.
        if named is not None and named.is_within(found) and named.level > found.level:
            return named
        return found
    if named is not None:
        return named
    units = Unit.objects.filter(is_active=True)
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
    if not (data.phone.strip() or data.email.strip()):
        raise bad_request("phone 或 email 至少提供一项：用于告知办理情况（第十九条第一款）")
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


TITLE_CHARS = 40
# FixMyStreet's extended description starts with the report's title, in some cobrands labelled.
_TITLE_LABEL = re.compile(r"^(?:title|titel|标题)\s*[:：]\s*", re.IGNORECASE)


def request_title(category_name: str, description: str) -> str:
    """The subject: the description's first line without a "title:" label, on one line, shortened."""
    first = next((line for line in description.splitlines() if line.strip()), "")
    line = one_line(_TITLE_LABEL.sub("", first.strip()))
    if len(line) > TITLE_CHARS:
        line = line[: TITLE_CHARS - 1] + "…"
    return f"{category_name}：{line}"


def _place_key(data: RequestInput, lat: Decimal | None, long: Decimal | None) -> str:
    if lat is not None and long is not None:  # the same spot to about 10 m
        return f"{lat.quantize(Decimal('0.0001'))},{long.quantize(Decimal('0.0001'))}"
    return one_line(data.address_string).lower() + "|" + data.address_id.strip()


def duplicate_fingerprint(
    *, client: ApiClient, data: RequestInput, unit: Unit, lat: Decimal | None, long: Decimal | None
) -> str:
    """Same client, service, content, place and person: a resend, not a new matter."""
    parts = [
        str(client.pk),
        data.service_code,
        "".join(data.description.split()),  # line breaks and spacing do not make new content
        str(unit.pk),
        _place_key(data, lat, long),
        _full_name(data),
        "".join(ch for ch in data.phone if ch.isdigit()),
        data.email.strip().lower(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _window_minutes() -> int:
    raw = open311_settings()["duplicate_window_minutes"]
    return int(raw) if raw.strip().isdigit() else 0


@dataclass(frozen=True)
class CreateResult:
    request: Open311Request
    duplicate: bool  # True: an earlier identical request was returned instead of a new one


@transaction.atomic
def open311_request_create(
    *, client: ApiClient, data: RequestInput, detect_duplicates: bool = True
) -> CreateResult:
    """Register the request as an online petition (channel 网上) and remember its Open311 side.

    Without an Idempotency-Key (``detect_duplicates``), the same client sending the same content
    for the same place and person within ``duplicate_window_minutes`` gets the first request back.
    """
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
    unit = location_unit_for(data, lat, long)
    fingerprint = duplicate_fingerprint(client=client, data=data, unit=unit, lat=lat, long=long)
    window = _window_minutes()
    if detect_duplicates and window:
        # One client's creations wait for each other here, so two resends cannot both register.
        ApiClient.objects.select_for_update().filter(pk=client.pk).first()
        earlier = (
            Open311Request.objects.filter(
                client=client,
                fingerprint=fingerprint,
                requested_at__gte=timezone.now() - timedelta(minutes=window),
            )
            .select_related("petition")
            .order_by("requested_at", "pk")
            .first()
        )
        if earlier is not None:
            return CreateResult(earlier, duplicate=True)
    try:
        petition, _ = petition_register_online(
            person=PersonDraft(name=_full_name(data), phone=data.phone, email=data.email),
            title=request_title(category.name, description),
            content=description,
            category=category,
            location_unit=unit,
            request=data.request,
            people_count=people,
            accused_description=data.accused[:200],
            source="open311",
        )
    except ValidationFailed as error:
        names = {
            "petitioner.phone": "phone",
            "petitioner.email": "email",
            "petitioner.name": "first_name/last_name",
            "accused_description": "attribute[accused]",
        }
        detail = "；".join(f"{names.get(k, k)}：{v}" for k, v in error.fields.items())
        raise bad_request(detail or error.message) from None
    item = Open311Request.objects.create(
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
        fingerprint=fingerprint,
    )
    return CreateResult(item, duplicate=False)
