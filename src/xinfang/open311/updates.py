"""mySociety's POST servicerequestupdates: a petitioner's comment or new material on their own request.

FixMyStreet sends a comment a citizen adds to a report it forwarded to us. The comment becomes
the petitioner's material (Act.ATTACH, Art. 19(1)): a text file with the comment and any photo
links, filed on the petition wherever it now is. It never reopens the matter or changes its
state — the handling unit reads it and decides. Only the petitioner may add to their own matter:
the client must be the one that sent the request, and the email or phone sent with the comment
must be the one given on the petition.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from xinfang.common.idcard import normalise_phone
from xinfang.petitions.models import Petition
from xinfang.petitions.services import online_account, petition_attach

from .errors import bad_request, forbidden
from .models import ApiClient, Open311Update
from .selectors import own_request
from .statuses import EXTENDED

COMMENT_MAX = 4000
MEDIA_MAX = 5
_MEDIA_URL = URLValidator(schemes=["http", "https"])
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
# Control characters other than tab and line breaks never belong in a comment.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class UpdateInput:
    service_request_id: str
    description: str
    update_id: str = ""
    status: str = ""
    updated_datetime: str = ""
    email: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""
    media_urls: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateResult:
    update: Open311Update
    created: bool


def _clean(data: UpdateInput) -> datetime | None:
    if not data.description.strip() and not data.media_urls:
        raise bad_request("description 不能为空：请写明补充的意见或材料")
    if len(data.description) > COMMENT_MAX:
        raise bad_request(f"description 不能超过 {COMMENT_MAX} 个字符")
    if _CONTROL.search(data.description):
        raise bad_request("description 含有不可见的控制字符")
    if _HTML_TAG.search(data.description):
        raise bad_request("description 不能包含 HTML")
    if len(data.update_id) > 100 or _CONTROL.search(data.update_id):
        raise bad_request("update_id 无效（至多100个字符）")
    if data.status and data.status.lower() not in EXTENDED:
        raise bad_request("status 无效：应为 OPEN、CLOSED 或 mySociety 扩展状态之一")
    if len(data.media_urls) > MEDIA_MAX:
        raise bad_request(f"media_url 至多 {MEDIA_MAX} 个")
    for url in data.media_urls:
        try:
            _MEDIA_URL(url)
        except DjangoValidationError:
            raise bad_request("media_url 须为 http(s) 地址") from None
    if not data.updated_datetime:
        return None
    moment = parse_datetime(data.updated_datetime.replace(" ", "+"))
    if moment is None or timezone.is_naive(moment):
        raise bad_request("updated_datetime 须为带时区的 W3C 日期时间")
    return moment


def petition_contact(petition: Petition) -> tuple[str, str]:
    """(phone, email) as given on this petition (ADR 0014 §5): never another petition's details."""
    return petition.petitioner_phone or "", petition.petitioner_email or ""


def _same_person(petition: Petition, data: UpdateInput) -> bool:
    phone, email = petition_contact(petition)
    given_phone = normalise_phone(data.phone) if data.phone.strip() else ""
    given_email = data.email.strip().lower()
    if given_phone and phone and _equal(given_phone, normalise_phone(phone)):
        return True
    return bool(given_email and email and _equal(given_email, email.strip().lower()))


def _equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _material_text(client: ApiClient, data: UpdateInput, moment: datetime | None) -> str:
    when = timezone.localtime(moment or timezone.now()).strftime("%Y-%m-%d %H:%M")
    lines = [
        f"信访人通过「{client.name}」补充的意见（{when}）",
        f"对方编号（update_id）：{data.update_id or '无'}",
    ]
    if data.status:
        lines.append(f"对方标注的状态：{data.status.upper()}（仅供参考，不改变办理状态）")
    lines += ["", data.description.strip()]
    if data.media_urls:
        lines += ["", "照片或附件链接（未自动下载，请核实后使用）："]
        lines += data.media_urls
    return "\n".join(lines) + "\n"


def open311_update_create(*, client: ApiClient, data: UpdateInput) -> UpdateResult:
    """File a petitioner's comment as material on their own request; a resend returns the first."""
    moment = _clean(data)
    item = own_request(data.service_request_id, client)
    if not (data.email.strip() or data.phone.strip()):
        raise bad_request("须提供 email 或 phone，用于核对是否为信访人本人（第十九条）")
    if not _same_person(item.petition, data):
        raise forbidden("提交人与信访人不一致：只有信访人本人可以补充意见或材料（第十九条）")
    if data.update_id:
        earlier = Open311Update.objects.filter(request=item, external_id=data.update_id).first()
        if earlier is not None:
            return UpdateResult(earlier, created=False)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    upload = SimpleUploadedFile(
        f"网上补充意见-{stamp}.txt",
        _material_text(client, data, moment).encode("utf-8"),
        content_type="text/plain; charset=utf-8",
    )
    try:
        with transaction.atomic():
            petition, attachment = petition_attach(
                petition=item.petition, actor=online_account(), upload=upload, source="open311"
            )
            update = Open311Update.objects.create(
                request=item,
                external_id=data.update_id,
                event_seq=petition.event_count,
                attachment=attachment,
            )
    except IntegrityError:
        # The same update_id sent twice at the same moment: the other one was filed.
        return UpdateResult(
            Open311Update.objects.get(request=item, external_id=data.update_id), created=False
        )
    return UpdateResult(update, created=True)
