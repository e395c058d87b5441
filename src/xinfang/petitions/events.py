"""The event log: one row per act, SM3 hash-chained per petition.

Each event's hash covers its own canonical content and the previous event's
hash, and the petition row keeps the head (count and last hash), so altering,
deleting or reordering any event – including the last – breaks verification.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from xinfang.common.crypto import sm3_hex

GENESIS = "0" * 64


def canonical(
    *,
    petition_id: int,
    seq: int,
    kind: str,
    actor_id: int | None,
    occurred_at: datetime,
    from_status: str,
    to_status: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> bytes:
    body = {
        "petition": petition_id,
        "seq": seq,
        "kind": kind,
        "actor": actor_id,
        "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "from": from_status,
        "to": to_status,
        "payload": payload,
        "prev": prev_hash,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(**fields: Any) -> str:
    return sm3_hex(canonical(**fields))
