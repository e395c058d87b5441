"""Writes from the public portal. Every act is recorded under the online platform account
(petitions.services.online) with a payload saying the petitioner took it online."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.common.masking import mask_pii_in_text
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import PetitionType, SuggestionOutcome
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.models import Attachment, Category, Petition
from xinfang.petitions.services import (
    online_account,
    petition_attach,
    petition_evaluate,
    petition_register_online,
    petition_request_recheck,
    petition_request_review,
)
from xinfang.petitions.services.attachments import ALLOWED_KINDS, SIGNATURES

from .models import SuggestionPublication
from .selectors import review_window

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024  # the portal is stricter than the hall's 20 MB: phones, slow links
ONLINE_MARK = "[信访人网上提交]"
# A public text found word for word in the suggestion itself was copied, not summarised.
COPY_CHECK_CHARS = 20


def _check_files(files: list[UploadedFile]) -> None:
    """Refuse bad materials before anything is registered or stored (the core checks them again)."""
    if len(files) > MAX_FILES:
        raise ValidationFailed(fields={"materials": f"证明材料最多上传{MAX_FILES}个"})
    for upload in files:
        name = PurePath(upload.name or "").name
        suffix = PurePath(name).suffix.lower()
        if suffix not in SIGNATURES:
            raise ValidationFailed(fields={"materials": f"证明材料「{name}」类型不支持：{ALLOWED_KINDS}"})
        if not upload.size:
            raise ValidationFailed(fields={"materials": f"证明材料「{name}」是空文件"})
        if upload.size > MAX_FILE_BYTES:
            raise ValidationFailed(fields={"materials": f"证明材料「{name}」超过10MB"})
        signatures = SIGNATURES[suffix]
        head = upload.read(8)
        upload.seek(0)
        if signatures is not None and not head.startswith(signatures):
            raise ValidationFailed(fields={"materials": f"证明材料「{name}」的内容与扩展名不符"})


def portal_petition_submit(
    *,
    person: PersonDraft,
    title: str,
    content: str,
    category: Category,
    location_unit: Unit,
    request: str,
    files: list[UploadedFile],
    accused_description: str = "",
    suggestion: bool = False,
) -> Petition:
    """Register an online petition or 人民建议 with its materials, all or nothing (Art. 17, 19, 29).

    The registration and the attachment rows share one transaction; files already written
    to storage when a later step fails are removed, so a refused submission leaves nothing.
    """
    _check_files(files)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            petition, _decisions = petition_register_online(
                person=person,
                title=title,
                content=content,
                category=category,
                location_unit=location_unit,
                request=request,
                accused_description=accused_description,
                type=PetitionType.SUGGESTION if suggestion else "",
                source="portal",
            )
            actor = online_account()
            for upload in files:
                petition, attachment = petition_attach(petition=petition, actor=actor, upload=upload)
                stored.append(attachment)
    except BaseException:
        for attachment in stored:
            if attachment.file.name:
                attachment.file.storage.delete(attachment.file.name)
        raise
    return petition


def portal_evaluate(*, petition: Petition, option: str, comment: str) -> Petition:
    """满意度评价 by the petitioner online (Art. 21(2))."""
    return petition_evaluate(
        petition=petition,
        actor=online_account(),
        option=option,
        comment=f"{ONLINE_MARK} {comment}".strip(),
    )


def portal_review_request(*, petition: Petition, reason: str, unit_id: int | None = None) -> Petition:
    """复查 / 复核 request online inside its 30-day window (Art. 35, 36(1)); refused with the article outside.

    The core decides the window again (``ensure_within``) on today's date: a page opened on
    the last day and sent after midnight is refused.
    """
    window = review_window(petition)
    if window is None:
        raise RuleViolation(
            "该事项当前不能请求复查或复核：只有对信访处理意见书或复查意见不服的，才可以请求（第三十五条、第三十六条）",
            article="第三十五条、第三十六条",
        )
    # The organ is checked by the same rule as staff entry and the API (review_organ_check);
    # where exactly one organ qualifies, the service chooses it for the petitioner.
    unit = Unit.objects.filter(pk=unit_id, is_active=True).first() if unit_id else None
    service = petition_request_review if window.act == "review" else petition_request_recheck
    return service(
        petition=petition,
        actor=online_account(),
        unit=unit,
        reason=f"{ONLINE_MARK} {reason.strip()}",
        received_on=timezone.localdate(),
    )


PUBLIC_FIELDS = {"title": ("公开标题", 100), "summary": ("建议摘要", 2000), "outcome": ("转化运用情况", 2000)}


def _public_text_errors(petition: Petition, values: dict[str, str]) -> dict[str, str]:
    """Required, short enough, written by staff and free of personal data: the list is public (Art. 29)."""
    name = petition.petitioner_name.strip()
    raw = f"{petition.content}\n{petition.request}"
    errors: dict[str, str] = {}
    for field, value in values.items():
        label, limit = PUBLIC_FIELDS[field]
        text = value.strip()
        if not text:
            errors[field] = f"请填写{label}"
        elif len(text) > limit:
            errors[field] = f"{label}不能超过{limit}个字"
        elif mask_pii_in_text(text) != text:
            errors[field] = f"{label}不得包含身份证号码或手机号码"
        elif len(name) >= 2 and name in text:
            errors[field] = f"{label}不得包含建议人姓名"
        elif len(text) >= COPY_CHECK_CHARS and text in raw:
            errors[field] = f"{label}请概括编写，不得照抄建议原文"
    return errors


@transaction.atomic
def suggestion_publication_save(
    *, petition: Petition, actor: User, title: str, summary: str, outcome: str, published: bool
) -> SuggestionPublication:
    """Write the public entry of an adopted suggestion (人民建议转化运用清单, Art. 29)."""
    errors = {}
    if petition.suggestion_outcome not in (SuggestionOutcome.ADOPTED, SuggestionOutcome.PARTLY_ADOPTED):
        errors["petition"] = "只有已采纳或部分采纳的建议才能编入转化运用清单"
    errors |= _public_text_errors(petition, {"title": title, "summary": summary, "outcome": outcome})
    if errors:
        raise ValidationFailed(fields=errors)
    entry, _ = SuggestionPublication.objects.select_for_update().update_or_create(
        petition=petition,
        defaults={
            "title": title.strip(),
            "summary": summary.strip(),
            "outcome": outcome.strip(),
            "adoption": petition.get_suggestion_outcome_display(),
            "edited_by": actor,
            "published": published,
        },
    )
    if published and entry.published_at is None:
        entry.published_at = timezone.now()
        entry.save(update_fields=["published_at"])
    return entry
