"""Writes from the public portal. Every act is recorded under the online platform account
(petitions.services.online) with a payload saying the petitioner took it online."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import RuleViolation, ValidationFailed
from xinfang.orgs.models import Unit, User
from xinfang.petitions.drafts import PersonDraft
from xinfang.petitions.models import Category, Petition
from xinfang.petitions.services import (
    online_account,
    petition_attach,
    petition_evaluate,
    petition_register_online,
    petition_request_recheck,
    petition_request_review,
)

from .models import SuggestionPublication
from .selectors import review_window, reviewing_unit_for

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024  # the portal is stricter than the hall's 20 MB


def _check_files(files: list[UploadedFile]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationFailed(fields={"materials": f"最多上传{MAX_FILES}个附件"})
    for upload in files:
        if upload.size is None or upload.size > MAX_FILE_BYTES:
            raise ValidationFailed(fields={"materials": f"附件「{upload.name}」超过10MB"})


@transaction.atomic
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
) -> Petition:
    """Register an online petition with its materials, all or nothing (Art. 17, 19)."""
    _check_files(files)
    petition, _ = petition_register_online(
        person=person,
        title=title,
        content=content,
        category=category,
        location_unit=location_unit,
        request=request,
        accused_description=accused_description,
        source="portal",
    )
    actor = online_account()
    for upload in files:
        petition, _attachment = petition_attach(petition=petition, actor=actor, upload=upload)
    return petition


def portal_evaluate(*, petition: Petition, option: str, comment: str) -> Petition:
    """满意度评价 by the petitioner online (Art. 21(2))."""
    return petition_evaluate(
        petition=petition,
        actor=online_account(),
        option=option,
        comment=f"[信访人网上评价] {comment}".strip(),
    )


def portal_review_request(*, petition: Petition, reason: str) -> Petition:
    """复查 / 复核 request online inside its 30-day window (Art. 35, 36); refused with the article outside."""
    window = review_window(petition)
    if window is None:
        raise RuleViolation("该事项当前不能请求复查或复核（第三十五条、第三十六条）", article="第三十五条")
    unit = reviewing_unit_for(petition)
    if unit is None:
        raise RuleViolation("未找到上一级机关，请到信访部门咨询（第三十五条）", article="第三十五条")
    service = petition_request_review if window[0] == "review" else petition_request_recheck
    return service(
        petition=petition,
        actor=online_account(),
        unit=unit,
        reason=f"[信访人网上请求] {reason}",
        received_on=timezone.localdate(),
    )


@transaction.atomic
def suggestion_publication_save(
    *, petition: Petition, actor: User, title: str, summary: str, outcome: str, published: bool
) -> SuggestionPublication:
    """Write the public entry of an adopted suggestion (人民建议转化运用清单, Art. 29)."""
    errors = {}
    if petition.suggestion_outcome not in ("adopted", "partly_adopted"):
        errors["petition"] = "只有已采纳或部分采纳的建议才能公开"
    for field, value, limit in (
        ("title", title, 100),
        ("summary", summary, 2000),
        ("outcome", outcome, 2000),
    ):
        if not value.strip():
            errors[field] = "此项必填"
        elif len(value) > limit:
            errors[field] = f"不能超过{limit}个字"
    if errors:
        raise ValidationFailed(fields=errors)
    entry, _ = SuggestionPublication.objects.update_or_create(
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
