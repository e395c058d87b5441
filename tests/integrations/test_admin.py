"""Admins manage webhook endpoints: the event filter offers only shareable acts; a secret is made for them."""

import pytest
from django.test import Client

from tests.factories import login_verified
from xinfang.integrations.models import WebhookEndpoint
from xinfang.orgs.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    # An administrator signs in with a second factor (ADR 0014 §8).
    return login_verified(client, User.objects.create_superuser("root", "root@example.cn", "pw"))


def test_endpoint_added_with_a_generated_secret_and_a_filter(admin_client: Client) -> None:
    form = admin_client.get("/admin/integrations/webhookendpoint/add/").content.decode()
    assert 'value="dispatch"' in form and 'value="report_major"' not in form and 'value="note"' not in form
    response = admin_client.post(
        "/admin/integrations/webhookendpoint/add/",
        {
            "name": "12345",
            "url": "https://hotline.example/hook",
            "secret": "",
            "kinds": ["dispatch", "close"],
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert len(endpoint.secret) >= 32 and endpoint.kinds == ["dispatch", "close"]
    assert endpoint.wants("close") and not endpoint.wants("register")


def test_an_internal_act_cannot_be_chosen(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/integrations/webhookendpoint/add/",
        {"name": "x", "url": "https://x.example/", "secret": "s", "kinds": ["report_major"]},
    )
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()
