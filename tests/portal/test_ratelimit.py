"""Every public POST and every lookup is counted; past the limit the portal answers 429 in Chinese
with Retry-After, and nothing is written."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.factories import Org, petition_in
from tests.factories import portal_form as form
from tests.portal.conftest import digits, open_matter
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db


def assert_limited(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 429  # type: ignore[attr-defined]
    assert "请求过于频繁" in html and 'id="limited"' in html
    assert int(response["Retry-After"]) >= 1  # type: ignore[index]
    return html


@override_settings(XINFANG_RATE_LIMITS={"portal_submit": {"ip": "100/h", "identity": "2/h"}})
def test_repeated_submissions_by_one_identity(org: Org, client: Client) -> None:
    for _ in range(2):
        client.post("/portal/submit/", form(org))
    html = assert_limited(client.post("/portal/submit/", form(org, id_number=form(org)["id_number"].lower())))
    assert "该身份" in html and Petition.objects.count() == 2


@override_settings(XINFANG_RATE_LIMITS={"portal_submit": {"ip": "2/h", "identity": "100/h"}})
def test_submissions_from_one_address_count_even_when_invalid(org: Org, client: Client) -> None:
    client.post("/portal/submit/", form(org, title=""))
    client.post("/portal/suggest/", form(org, title=""))
    html = assert_limited(client.post("/portal/submit/", form(org)))
    assert "该IP地址" in html and not Petition.objects.exists()


@override_settings(XINFANG_RATE_LIMITS={"portal_query": {"ip": "100/m", "identity": "3/m"}})
def test_guessing_the_digits_of_one_code_is_limited(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.REGISTERED)
    for guess in ("0001", "0002", "00x3"):  # a malformed guess counts too
        client.post("/portal/query/", {"query_code": petition.query_code, "phone_last4": guess})
    # The right digits from a fresh browser do not help once the code is limited.
    assert_limited(
        Client().post(
            "/portal/query/", {"query_code": petition.query_code.lower(), "phone_last4": digits(petition)}
        )
    )


@override_settings(XINFANG_RATE_LIMITS={"portal_act": {"ip": "100/h", "identity": "2/h"}})
def test_acts_on_one_matter_are_limited(org: Org, client: Client) -> None:
    petition = petition_in(org, Status.ANSWERED)
    open_matter(client, petition)
    url = f"/portal/matter/{petition.query_code}/"
    client.post(url, {"action": "evaluate", "option": ""})
    client.post(url, {"action": "review", "reason": ""})
    assert_limited(client.post(url, {"action": "evaluate", "option": "satisfied"}))
    assert not petition.events.filter(kind=Act.EVALUATE).exists()
