"""Opening a matter with 查询码 + the phone's last four digits, without letting codes be probed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import Org, petition_in
from tests.portal.conftest import digits, open_matter
from xinfang.petitions.lifecycle import Status
from xinfang.portal.selectors import petition_for_query

pytestmark = pytest.mark.django_db

WRONG = "查询码或手机号后四位（电子邮箱）不正确"


def summary(html: str) -> str:
    start = html.index('id="error-summary"')
    return html[start : html.index("</div>", start)]


def other_digits(value: str) -> str:
    return "0000" if value != "0000" else "9999"


def test_the_right_pair_opens_the_matter_in_this_browser_only(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    url = open_matter(client, petition)
    assert url == f"/portal/matter/{petition.query_code}/"
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 302  # another browser has not proved the code


def test_codes_are_read_without_case_spaces_or_dashes(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    typed = f" {petition.query_code[:5].lower()}-{petition.query_code[5:].lower()} "
    response = client.post("/portal/query/", {"query_code": typed, "phone_last4": digits(petition)})
    assert response.status_code == 302


def test_wrong_digits_and_unknown_codes_answer_alike(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    wrong = client.post(
        "/portal/query/", {"query_code": petition.query_code, "phone_last4": other_digits(digits(petition))}
    )
    unknown = client.post("/portal/query/", {"query_code": "ZZZZZZZZZZ", "phone_last4": digits(petition)})
    assert wrong.status_code == unknown.status_code == 200
    # The same message in the same place; nothing tells a real code apart.
    assert summary(wrong.content.decode()) == summary(unknown.content.decode())
    assert WRONG in summary(wrong.content.decode())
    assert client.get(f"/portal/matter/{petition.query_code}/").status_code == 302


def test_the_selector_answers_none_for_both_failures(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    assert petition_for_query(query_code=petition.query_code, contact=digits(petition)) == petition
    assert petition_for_query(query_code=petition.query_code, contact=other_digits(digits(petition))) is None
    assert petition_for_query(query_code="ZZZZZZZZZZ", contact=digits(petition)) is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"query_code": "", "phone_last4": "1234"}, "query_code", "请填写查询码"),
        ({"query_code": "ABCDEFGHJK", "phone_last4": "12a4"}, "phone_last4", "或提交时所留的电子邮箱"),
        ({"query_code": "ABCDEFGHJK", "phone_last4": ""}, "phone_last4", "请填写手机号后四位"),
    ],
)
def test_bad_input_names_the_field(
    client: Client, org: Org, data: dict[str, str], field: str, message: str
) -> None:
    html = client.post("/portal/query/", data).content.decode()
    assert f'data-field="{field}"' in html and message in html


def test_the_proof_lapses_after_half_an_hour_idle(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    url = open_matter(client, petition)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get(url).status_code == 200  # each visit renews the proof
    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=80)):
        assert client.get(url)["Location"] == "/portal/query/"


def test_leaving_forgets_the_proof(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    url = open_matter(client, petition)
    response = client.post(f"{url}leave/", follow=True)
    assert "已退出查询" in response.content.decode()
    assert client.get(url).status_code == 302
