"""Demo partner platform for Open311: a fixed, published key that only a demo database accepts."""

from __future__ import annotations

from xinfang.open311.models import ApiClient, key_digest

DEMO_OPEN311_KEY = "demo-open311-key-qingxi"  # demo databases only; real keys: `xinfang open311 issue-key`


def demo_partners_setup() -> str:
    ApiClient.objects.get_or_create(
        key_hash=key_digest(DEMO_OPEN311_KEY),
        defaults={"name": "演示：12345热线", "key_prefix": DEMO_OPEN311_KEY[:8]},
    )
    return DEMO_OPEN311_KEY
