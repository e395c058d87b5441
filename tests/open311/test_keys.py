"""API keys: issued once by command or admin, stored hashed, limited to a jurisdiction when set."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client

from tests.factories import Org, login_verified
from tests.open311.conftest import valid_post
from xinfang.open311.models import ApiClient, key_digest
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db

URL = "/open311/v2/requests.json"


def test_command_prints_a_key_that_works_and_is_stored_hashed(org: Org, client: Client) -> None:
    out = StringIO()
    call_command("open311", "issue-key", "--name", "12345热线", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    stored = ApiClient.objects.get()
    assert stored.key_hash == key_digest(raw) and raw not in (stored.key_prefix, stored.key_hash)
    assert client.post(URL, valid_post(raw)).status_code == 201


def test_admin_shows_a_new_key_once(org: Org, client: Client) -> None:
    login_verified(client, User.objects.create_superuser("root", "root@example.cn", "pw"))
    response = client.post(
        "/admin/open311/apiclient/add/",
        {"name": "一网通办", "is_active": "on", "jurisdiction_id": "", "rate_limit_identity": ""},
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "api_key" in str(m)]
    raw = message.rsplit("：", 1)[1]
    assert ApiClient.objects.get().key_hash == key_digest(raw)
    Client().post(URL, valid_post(raw))
    assert Petition.objects.count() == 1


def test_disabled_or_foreign_keys_are_refused(org: Org, client: Client, api_key: str) -> None:
    ApiClient.objects.update(is_active=False)
    disabled = client.post(URL, valid_post(api_key))
    assert disabled.status_code == 403 and "api_key" in disabled.json()[0]["description"]
    ApiClient.objects.update(is_active=True, jurisdiction_id="other.gov.cn")
    foreign = client.post("/open311/v2/requests.xml", valid_post(api_key))
    assert foreign.status_code == 403 and b"other.gov.cn" in foreign.content
    assert not Petition.objects.exists()
