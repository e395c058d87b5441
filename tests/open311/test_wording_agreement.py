"""The portal timeline, Open311 status_notes and the updates feed tell a matter in the same words."""

import pytest
from django.test import Client

from tests.factories import PATHS, Org
from tests.open311.conftest import valid_post
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.portal.selectors import public_timeline

pytestmark = pytest.mark.django_db


def _created(client: Client, api_key: str, n: int) -> Petition:
    response = client.post("/open311/v2/requests.json", valid_post(api_key, description=f"第{n}件：电梯停运"))
    assert response.status_code == 201, response.content
    return Petition.objects.get(number=response.json()[0]["service_request_id"])


def _told(client: Client, petition: Petition) -> tuple[list[str], list[str], str]:
    portal = [step.label for step in public_timeline(petition)]
    feed = client.get(
        "/open311/v2/servicerequestupdates.json", {"service_request_id": petition.number}
    ).json()
    [row] = client.get(f"/open311/v2/requests/{petition.number}.json").json()
    return portal, [update["description"] for update in feed], row["status_notes"]


@pytest.mark.parametrize("status", [s for s in PATHS if s != Status.REGISTERED] + [Status.REGISTERED])
def test_the_three_readers_agree_in_every_state(org: Org, client: Client, api_key: str, status: str) -> None:
    petition = _created(client, api_key, 1)
    for step in PATHS[status]:
        petition = step(org, petition)
    portal, feed, notes = _told(client, petition)
    assert portal == feed and feed[-1] == notes and len(feed) >= 1


def test_they_agree_on_variants_and_acts_told_only_sometimes(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key, 2)
    for step in PATHS[Status.ACCEPTED]:
        petition = step(org, petition)
    petition = services.petition_classify(petition=petition, actor=org.housing_handler, route=2)  # 仲裁
    portal, feed, notes = _told(client, petition)
    assert portal == feed and "仲裁" in notes and "第三十一条第二项" in notes
    handled = _created(client, api_key, 3)
    for step in PATHS[Status.HANDLING]:  # classified to route 6: handled here, not a notice
        handled = step(org, handled)
    portal, feed, notes = _told(client, handled)
    assert portal == feed and notes == feed[-1] and not any("第三十一条" in line for line in feed)
