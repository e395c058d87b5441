"""Idempotent creating forms (#11.5): post/redirect/get with a one-time form token.

Every form that creates something carries ``form_token`` (issued when the form is rendered).
``submit_once`` claims the token in the transaction that creates the object: the first
submission creates and records its result; any later (or concurrent) submission of the same
token — a reload, the back button, a double click — creates nothing and gets that result
back, so the view can redirect to the page the first submission reached. A failed submission
rolls its claim back with everything else, so the corrected form can be sent again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmissionToken

FIELD = "form_token"
# A reload or the back button comes within hours (a staff session lasts 8); a week covers a tab
# left open over a weekend. Older claims are deleted by the daily housekeeping job.
TOKEN_KEEP = timedelta(days=7)
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def form_token_issue() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Submission:
    created: bool  # False: this token was used before; ``result_id`` is what it created
    result_id: int | None


def submit_once(token: str, *, purpose: str, create: Callable[[], int]) -> Submission:
    """Run ``create`` (returning the new object's id) once per token.

    A missing or malformed token (a scripted client, not our form) runs ``create`` unguarded.
    """
    if not _SHAPE.match(token or ""):
        return Submission(True, create())
    with transaction.atomic():
        try:
            with transaction.atomic():
                SubmissionToken.objects.create(token=token, purpose=purpose)
        except IntegrityError:
            # A concurrent twin waited on the unique key until the first committed.
            row = SubmissionToken.objects.filter(token=token, purpose=purpose).first()
            return Submission(False, row.result_id if row is not None else None)
        result = create()
        SubmissionToken.objects.filter(token=token).update(result_id=result)
        return Submission(True, result)


def submission_tokens_expire(*, now: datetime | None = None) -> int:
    """Delete the claims older than ``TOKEN_KEEP``; returns how many."""
    cutoff = (now or timezone.now()) - TOKEN_KEEP
    deleted, _ = SubmissionToken.objects.filter(created_at__lt=cutoff).delete()
    return deleted
