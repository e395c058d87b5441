"""Idempotency-Key on creation requests (the IETF draft's header; Stripe's semantics).

The first request with a key is processed in the same transaction that stores its
key, so two concurrent requests with one key cannot both create: the second waits on
the unique index and then replays the stored answer. A key reused with a different
body is refused (422), because replaying an answer to another question would mislead.
Errors raised by the handler roll the key back, so a corrected retry may reuse it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed, XinfangError

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
# A client retries within minutes or hours; after a week a key is forgotten (daily housekeeping)
# and the same key would create anew.
RECORD_KEEP = timedelta(days=7)


class IdempotencyMismatch(XinfangError):
    code = "idempotency_key_reused"
    http_status = 422
    default_message = "该幂等键已用于内容不同的请求，请使用新的键"


class IdempotencyInFlight(XinfangError):
    code = "idempotency_in_flight"
    http_status = 409
    default_message = "使用该幂等键的请求正在处理，请稍后重试"


@dataclass(frozen=True)
class Reply:
    status_code: int
    body: str
    content_type: str
    replayed: bool = False


class _WithHeaders(Protocol):
    @property
    def headers(self) -> Mapping[str, str]: ...


def idempotency_key(request: _WithHeaders) -> str | None:
    """The header's value; the draft sends it as a structured-field string, so quotes are dropped."""
    raw = request.headers.get(HEADER, "").strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    return raw or None


def request_fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.hexdigest()


def idempotent_reply(
    *, scope: str, client: str, key: str | None, fingerprint: str, run: Callable[[], Reply]
) -> Reply:
    """``run()`` once per (scope, client, key); later calls with the same key get its reply."""
    if not key:
        return run()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed(fields={HEADER: f"幂等键长度不能超过{MAX_KEY_LENGTH}个字符"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    scope=scope, client=client, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            return _replay(scope=scope, client=client, key=key, fingerprint=fingerprint)
        reply = run()
        record.status_code, record.body, record.content_type = (
            reply.status_code,
            reply.body,
            reply.content_type,
        )
        record.save(update_fields=["status_code", "body", "content_type"])
        return reply


def _replay(*, scope: str, client: str, key: str, fingerprint: str) -> Reply:
    record = IdempotencyRecord.objects.get(scope=scope, client=client, key=key)
    if record.fingerprint != fingerprint:
        raise IdempotencyMismatch()
    if record.status_code is None:
        raise IdempotencyInFlight()
    return Reply(record.status_code, record.body, record.content_type, replayed=True)


def idempotency_records_expire(*, now: datetime | None = None) -> int:
    """Delete the records older than ``RECORD_KEEP`` (a stuck in-flight one too); returns how many."""
    cutoff = (now or timezone.now()) - RECORD_KEEP
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
