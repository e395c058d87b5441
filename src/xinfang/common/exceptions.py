"""One domain exception hierarchy; the API and web layers translate it at the edges.

Each error carries a stable machine ``code``, a Chinese ``message`` for people, an
HTTP status the API maps it to, optional per-field messages, and, where the
refusal rests on the regulation, the article it rests on.
"""

from __future__ import annotations


class XinfangError(Exception):
    code = "error"
    http_status = 400
    default_message = "操作失败"

    def __init__(
        self,
        message: str | None = None,
        *,
        fields: dict[str, str] | None = None,
        article: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.fields = fields or {}
        self.article = article
        super().__init__(self.message)

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        if self.article:
            body["article"] = self.article
        return body


class ValidationFailed(XinfangError):
    code = "invalid"
    default_message = "提交的内容有误，请检查标出的字段"


class NotFound(XinfangError):
    # Also raised for objects the user may not see, so existence never leaks.
    code = "not_found"
    http_status = 404
    default_message = "信访事项不存在或无权查看"


class PermissionDenied(XinfangError):
    code = "forbidden"
    http_status = 403
    default_message = "您无权执行此操作"


class InvalidTransition(XinfangError):
    code = "invalid_transition"
    http_status = 409
    default_message = "信访事项当前状态不允许此操作"


class ConcurrentUpdate(XinfangError):
    code = "conflict"
    http_status = 409
    default_message = "该信访事项已被他人修改，请刷新后重试"


class RuleViolation(XinfangError):
    """A legal rule forbids the act (the article is always given)."""

    code = "rule_violation"
    http_status = 422
    default_message = "不符合《信访工作条例》的规定"


class RateLimited(XinfangError):
    """Too many requests from one address or for one identity on a public endpoint."""

    code = "rate_limited"
    http_status = 429
    default_message = "请求过于频繁，请稍后再试"

    def __init__(self, message: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after
