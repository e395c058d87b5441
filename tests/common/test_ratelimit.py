"""Public endpoints count per address and per identity, and answer with a Chinese 429."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from xinfang.common.exceptions import RateLimited
from xinfang.common.ratelimit import rate_limit_hit

LIMITS = {"portal_query": {"ip": "4/m", "identity": "2/m"}}


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()


def request_from(address: str):  # type: ignore[no-untyped-def]
    return RequestFactory().get("/portal/query/", REMOTE_ADDR=address)


@override_settings(XINFANG_RATE_LIMITS=LIMITS)
def test_identity_limit_applies_across_addresses() -> None:
    rate_limit_hit(request_from("10.0.0.1"), scope="portal_query", identity="XF-CODE")
    rate_limit_hit(request_from("10.0.0.2"), scope="portal_query", identity="XF-CODE")
    with pytest.raises(RateLimited) as caught:
        rate_limit_hit(request_from("10.0.0.3"), scope="portal_query", identity="XF-CODE")
    assert caught.value.http_status == 429
    assert "请求过于频繁" in caught.value.message
    assert caught.value.retry_after >= 1


@override_settings(XINFANG_RATE_LIMITS=LIMITS)
def test_address_limit_applies_across_identities() -> None:
    for n in range(4):
        rate_limit_hit(request_from("10.0.0.9"), scope="portal_query", identity=f"person-{n}")
    with pytest.raises(RateLimited, match="该IP地址"):
        rate_limit_hit(request_from("10.0.0.9"), scope="portal_query", identity="someone-else")
    # Another address is unaffected.
    rate_limit_hit(request_from("10.0.0.10"), scope="portal_query", identity="someone-else")


def test_unknown_scope_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        rate_limit_hit(request_from("10.0.0.1"), scope="no-such-scope")
