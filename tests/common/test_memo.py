"""The per-request memo: once per request inside one, afresh outside, and cleared by a writer."""

from __future__ import annotations

from collections.abc import Callable

from xinfang.common.memo import request_memo, request_memo_clear, request_memo_close, request_memo_open


def counter() -> Callable[[], int]:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return compute


def test_outside_a_request_every_call_reads_afresh() -> None:
    compute = counter()
    assert request_memo("k", compute) == 1 and request_memo("k", compute) == 2


def test_inside_a_request_once_per_key_until_cleared() -> None:
    compute = counter()
    token = request_memo_open()
    try:
        assert request_memo("k", compute) == 1 and request_memo("k", compute) == 1
        request_memo_clear()
        assert request_memo("k", compute) == 2
    finally:
        request_memo_close(token)
    assert request_memo("k", compute) == 3
