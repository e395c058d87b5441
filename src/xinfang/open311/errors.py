"""Open311 errors: HTTP status plus the spec's ``errors`` body (404 missing, 403 key, 400 the rest)."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(
        self, status: int, description: str, *, code: int | None = None, retry_after: int = 0
    ) -> None:
        super().__init__(description)
        self.status = status
        self.code = code or status
        self.description = description
        self.retry_after = retry_after


def not_found(what: str) -> Open311Error:
    return Open311Error(404, f"{what}不存在")


def bad_request(description: str) -> Open311Error:
    return Open311Error(400, description)


def forbidden(description: str = "api_key 缺失或无效") -> Open311Error:
    return Open311Error(403, description)
