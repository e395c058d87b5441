"""Issue #15.2: contact by email or phone. A request with an email and no phone is accepted; the
email given on that request is what its comments and the portal lookup are checked against."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.open311.conftest import valid_post
from tests.open311.test_updates import UPDATES, _comment, _created
from xinfang.petitions.constants import Channel
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_filter, petitions_visible_to
from xinfang.portal.selectors import petition_for_query

pytestmark = pytest.mark.django_db


def test_a_request_with_an_email_and_no_phone_is_registered(org, client: Client, api_key: str) -> None:  # type: ignore[no-untyped-def]
    petition = _created(client, api_key, phone="", email=" Wang.Ming@Example.CN ")
    assert petition.channel == Channel.ONLINE
    assert (petition.petitioner_phone, petition.petitioner_email) == ("", "wang.ming@example.cn")
    assert petition.petitioner_name == "王明" and petition.petitioner_email_hash
    staff_found = petitions_filter(petitions_visible_to(org.registrar), email="wang.ming@example.cn")
    assert list(staff_found) == [petition]  # staff find it by the email's keyed hash


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [({"phone": "", "email": ""}, "phone 或 email"), ({"phone": "", "email": "不是邮箱"}, "email")],
)
def test_without_any_contact_or_with_a_bad_email_it_is_refused(
    org,
    client: Client,
    api_key: str,
    overrides: dict[str, str],
    fragment: str,  # type: ignore[no-untyped-def]
) -> None:
    response = client.post("/open311/v2/requests.json", valid_post(api_key, **overrides))
    assert response.status_code == 400 and fragment in response.json()[0]["description"]
    assert not Petition.objects.exists()


def test_comments_are_checked_against_the_email_given_on_that_request(
    org, client: Client, api_key: str
) -> None:  # type: ignore[no-untyped-def]
    petition = _created(client, api_key, phone="", email="wang.ming@example.cn")
    stranger = client.post(f"{UPDATES}.json", _comment(api_key, petition, phone="", email="other@example.cn"))
    assert stranger.status_code == 403
    by_phone = client.post(f"{UPDATES}.json", _comment(api_key, petition))  # a phone never given
    assert by_phone.status_code == 403
    own = client.post(f"{UPDATES}.json", _comment(api_key, petition, phone="", email="WANG.MING@example.cn"))
    assert own.status_code == 201, own.content
    assert petition.attachments.count() == 1


def test_the_portal_lookup_takes_the_email_of_that_petition(org, client: Client, api_key: str) -> None:  # type: ignore[no-untyped-def]
    petition = _created(client, api_key, phone="", email="wang.ming@example.cn")
    assert petition_for_query(query_code=petition.query_code, contact="Wang.Ming@example.cn") == petition
    assert petition_for_query(query_code=petition.query_code, contact="other@example.cn") is None
    assert petition_for_query(query_code=petition.query_code, contact="5678") is None  # no phone given
    opened = Client().post(
        "/portal/query/", {"query_code": petition.query_code, "phone_last4": "wang.ming@example.cn"}
    )
    assert opened.status_code == 302
