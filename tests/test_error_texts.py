"""#11.7: no error message names a raw field, writes a rate as "10/m" or speaks English.

The whole suite is covered by the collector in tests/error_texts.py (the session fails when any
recorded error text is bad). Here: the checker itself, and the paths the issue names — a
service refusal on a field (``due_on``, ``file``), an API validation error, and a rate limit.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests import error_texts
from tests.factories import Org, client_for, petition_in
from xinfang.common.exceptions import ValidationFailed
from xinfang.common.ratelimit import rate_text
from xinfang.petitions.lifecycle import Status
from xinfang.web.views.common import error_text


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("提交的内容有误：due_on：请填写日期", "raw field name 'due_on'"),
        ("file：不是 UTF-8 编码的文件", "raw field name 'file'"),
        ("该身份的请求过于频繁，请稍后再试（限额 10/m）", "rate in code notation"),
        ("This field is required.", "English 'This'"),
    ],
)
def test_the_checker_catches(text: str, why: str) -> None:
    assert why in error_texts.problems_in(text)


def test_the_checker_lets_chinese_through() -> None:
    assert (
        error_texts.problems_in("提交的内容有误：期限：请填写日期；文件：须为 UTF-8 或 GBK 编码的 CSV") == []
    )


@pytest.mark.django_db
def test_service_refusals_name_fields_in_chinese() -> None:
    text = error_text(
        ValidationFailed(fields={"due_on": "须晚于今天", "file": "文件为空", "served_on": "不能早于出具日"})
    )
    assert "期限：须晚于今天" in text and "文件：文件为空" in text and "送达日期：" in text
    assert error_texts.problems_in(text) == []
    # A key that nothing names reads as 该项, never as the identifier.
    assert "该项：" in error_text(ValidationFailed(fields={"zz_unknown_key": "有误"}))


def test_rates_read_in_chinese() -> None:
    assert rate_text("10/m") == "每分钟 10 次"
    assert rate_text("20/h") == "每小时 20 次"
    assert rate_text("100/5m") == "每 5 分钟 100 次"


@pytest.mark.django_db
@override_settings(XINFANG_RATE_LIMITS={"portal_query": {"ip": "100/m", "identity": "1/m"}})
def test_the_rate_limit_page_states_the_limit_in_chinese(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    client = Client()
    for _ in range(2):
        response = client.post("/portal/query/", {"query_code": petition.query_code, "phone_last4": "0000"})
    assert response.status_code == 429
    texts = error_texts.texts_of(response)
    assert any("每分钟 1 次" in t for t in texts), texts
    assert all(error_texts.problems_in(t) == [] for t in texts), texts


@pytest.mark.django_db
def test_api_validation_errors_are_chinese(org: Org) -> None:
    response = client_for(org.registrar).post("/api/petitions/", {"title": ""}, format="json")
    assert response.status_code == 400
    texts = error_texts.texts_of(response)
    assert texts and all(error_texts.problems_in(t) == [] for t in texts), texts
