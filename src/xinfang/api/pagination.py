"""Petition list pages for the API: a capped count and keyset (cursor) pages.

The first page (no ``cursor``) carries ``count``: exact up to 1,000, otherwise 1,000 with
``count_capped: true`` — no request counts a million rows to show twenty. ``next`` is a
cursor link: the following page starts after the last row shown, so page 500 costs what
page 2 costs. ``page`` (1–50) is still accepted for clients that number pages.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from xinfang.petitions import pages
from xinfang.petitions.pages import (
    COUNT_CAP,
    DEFAULT_ORDER,
    ORDERS,
    BadCursor,
    Page,
    cursor_decode,
    cursor_encode,
    cursor_page,
    list_page,
)


class PetitionPagination(BasePagination):
    page_size = 20
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        params = request.query_params
        size = self._size(params.get("page_size"))
        sort = params.get("sort") or DEFAULT_ORDER
        if sort not in ORDERS:
            raise ValidationError({"sort": [f"排序方式应为 {'、'.join(f'「{o}」' for o in ORDERS)} 之一"]})
        cursor = params.get("cursor")
        if cursor:
            try:
                order, value, pk, few = cursor_decode(cursor)
            except BadCursor as error:
                raise ValidationError({"cursor": ["翻页游标无效，请从第一页重新开始"]}) from error
            if order != sort:
                raise ValidationError({"cursor": ["翻页游标与排序方式不一致"]})
            self.page: Page = cursor_page(queryset, order=sort, after=(value, pk), few=few, size=size)
            self.count: int | None = None
        else:
            self.page = list_page(queryset, order=sort, number=params.get("page"), size=size)
            self.count = self.page.count
            few = not self.page.capped
        self.few, self.sort, self.request = few, sort, request
        return self.page.object_list

    def _size(self, raw: str | None) -> int:
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError as error:
            raise ValidationError({"page_size": ["每页条数应为整数"]}) from error
        return max(1, min(size, self.max_page_size))

    def next_link(self) -> str | None:
        if not self.page.has_next or self.page.last_key is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        return replace_query_param(url, "cursor", cursor_encode(self.sort, self.page.last_key, few=self.few))

    def get_paginated_response(self, data: Any) -> Response:
        count = self.count
        return Response(
            {
                "count": None if count is None else min(count, pages.COUNT_CAP),
                "count_capped": count is not None and count > pages.COUNT_CAP,
                "next": self.next_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "count_capped", "next", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"符合条件的件数，最多统计 {COUNT_CAP} 件（仅第一页给出）",
                },
                "count_capped": {"type": "boolean", "description": f"为 true 时实际件数超过 {COUNT_CAP}"},
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "下一页（游标）",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "翻页游标（取自上一页的 next）",
                "schema": {"type": "string"},
            },
            {
                "name": "sort",
                "required": False,
                "in": "query",
                "description": "排序：received 收到时间倒序（默认）、-received 正序、due 最近期限、number 编号",
                "schema": {"type": "string", "enum": list(ORDERS)},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"每页条数（1–{self.max_page_size}）",
                "schema": {"type": "integer"},
            },
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": f"页码（仅前 {COUNT_CAP} 件；更多请用 next 游标）",
                "schema": {"type": "integer"},
            },
        ]
