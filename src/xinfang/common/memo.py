"""Facts read once per request: a dictionary that lives as long as the request (or not at all).

``RequestIdMiddleware`` opens it for every request; outside a request (commands, jobs, tests
calling selectors directly) nothing is remembered and every call reads afresh. A service that
changes such a fact calls ``request_memo_clear`` so the rest of its request reads the new value.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_memo: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar(
    "request_memo", default=None
)


def request_memo_open() -> contextvars.Token[dict[Hashable, Any] | None]:
    return _memo.set({})


def request_memo_close(token: contextvars.Token[dict[Hashable, Any] | None]) -> None:
    _memo.reset(token)


def request_memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per request for ``key``; every time outside a request."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def request_memo_clear() -> None:
    memo = _memo.get()
    if memo is not None:
        memo.clear()
