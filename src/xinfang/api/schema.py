"""Schema post-processing: document the error responses every operation can give (#12.5).

Schemathesis found operations answering 400, 403, 404, 409, … while the schema listed only 200:
the schema lied. Every operation now documents the project's one error shape
(``{code, message, fields?, article?, request_id?}``) for the statuses the edges produce.
"""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "机器可读的错误代码"},
        "message": {"type": "string", "description": "中文说明"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "各字段的问题",
        },
        "article": {"type": "string", "description": "依据的条款（第X条）"},
        "request_id": {"type": "string"},
    },
}
STATUSES = {
    "400": "请求内容有误（字段错误、控制字符、格式错误）",
    "401": "未登录、令牌无效或已过期、会话超时",
    "403": "无权执行此操作、令牌权限范围不足、须双因素登录或修改密码",
    "404": "不存在或无权查看",
    "405": "不支持该请求方法",
    "409": "状态不允许此操作，或已被他人修改",
    "413": "请求内容过大",
    "415": "不支持的请求内容类型",
    "422": "不符合《信访工作条例》的规定",
    "429": "请求过于频繁或账号已锁定",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Also: alternative answers of one operation (registration's full detail, or its minimal
    receipt under ``Prefer: return=minimal``) are documented as ``anyOf``, not ``oneOf``: the
    detail holds every field of the receipt, so a detail matches both, which ``oneOf`` forbids."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    for schema in components.values():
        if "oneOf" in schema and "discriminator" not in schema:
            schema["anyOf"] = schema.pop("oneOf")
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in STATUSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
