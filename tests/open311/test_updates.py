"""mySociety's servicerequestupdates, both ways: public acts out, the petitioner's comments in."""

from datetime import UTC, timedelta
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client, override_settings

from tests.factories import PATHS, Org, login_verified, petition_in, staff
from tests.open311.conftest import valid_post
from xinfang.open311.models import Open311Update
from xinfang.open311.selectors import w3c
from xinfang.open311.services import api_client_issue
from xinfang.orgs.constants import DataScope
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.wording import public_sentence

pytestmark = pytest.mark.django_db
UPDATES = "/open311/v2/servicerequestupdates"


def _created(client: Client, api_key: str, **overrides: str) -> Petition:
    response = client.post("/open311/v2/requests.json", valid_post(api_key, **overrides))
    assert response.status_code == 201, response.content
    return Petition.objects.get(number=response.json()[0]["service_request_id"])


def _comment(api_key: str, petition: Petition, /, **overrides: str) -> dict[str, str]:
    data = {
        "api_key": api_key,
        "jurisdiction_id": "qingxi.gov.cn",
        "service_request_id": petition.number,
        "update_id": "fms-501",
        "status": "OPEN",
        "updated_datetime": "2026-11-23T09:30:00+08:00",
        "description": "电梯今天又停了，\r\n附上照片。",
        "first_name": "明",
        "last_name": "王",
        "phone": "139 1234 5678",
        "media_url": "https://fms.example/photo/501.jpeg",
    }
    data.update(overrides)
    return data


def test_each_public_act_is_an_update_with_the_documented_fields(
    org: Org, client: Client, api_key: str
) -> None:
    petition = _created(client, api_key)
    for step in PATHS[Status.ACCEPTED]:
        petition = step(org, petition)
    response = client.get(f"{UPDATES}.xml", {"jurisdiction_id": "qingxi.gov.cn"})
    assert response.status_code == 200 and response["Content-Type"] == "text/xml; charset=utf-8"
    document = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert document.tag == "service_request_updates"
    updates = document.findall("request_update")
    fields = ["update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"]
    assert all([child.tag for child in u] == fields for u in updates)
    # 登记, 转送 and 受理 are told; 签收 is internal.
    events = {e.seq: e for e in petition.events.all()}
    told = [e for e in events.values() if e.kind in (Act.REGISTER, Act.DISPATCH, Act.ACCEPT)]
    assert [u.findtext("update_id") for u in updates] == [f"{petition.number}-{e.seq}" for e in told]
    assert [u.findtext("description") for u in updates] == [public_sentence(e.kind) for e in told]
    assert [u.findtext("status") for u in updates] == ["open", "open", "in_progress"]
    assert [u.findtext("updated_datetime") for u in updates] == [w3c(e.occurred_at) for e in told]
    assert {u.findtext("service_request_id") for u in updates} == {petition.number}
    assert {u.findtext("media_url") for u in updates} == {""}
    as_json = client.get(f"{UPDATES}.json").json()
    assert [row["update_id"] for row in as_json] == [u.findtext("update_id") for u in updates]
    assert set(as_json[0]) == set(fields)


def test_windows_bound_the_update_time(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    registered = petition.events.get().occurred_at
    inside = {"start_date": w3c(registered), "end_date": w3c(registered)}  # both ends inclusive
    assert [r["service_request_id"] for r in client.get(f"{UPDATES}.json", inside).json()] == [
        petition.number
    ]
    later = registered + timedelta(seconds=1)
    after = {"start_date": w3c(later), "end_date": w3c(later + timedelta(hours=2))}
    assert client.get(f"{UPDATES}.json", after).json() == []
    # FixMyStreet asks in UTC with a Z.
    utc = {
        "start_date": (registered - timedelta(hours=2)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_date": (registered + timedelta(hours=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    assert len(client.get(f"{UPDATES}.xml", utc).content) > 0
    assert len(client.get(f"{UPDATES}.json", utc).json()) == 1
    too_long = {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"}
    bad = client.get(f"{UPDATES}.json", too_long)
    assert bad.status_code == 400 and "90" in bad.json()[0]["description"]
    assert client.get(f"{UPDATES}.json", {"start_date": "yesterday"}).status_code == 400


def test_updates_never_show_accusations_or_other_channels(org: Org, client: Client, api_key: str) -> None:
    _created(client, api_key, service_code="accusation", **{"attribute[accused]": "某局某科长"})
    petition_in(org, Status.ACCEPTED)  # registered at the hall, not through Open311
    assert client.get(f"{UPDATES}.json").json() == []


def test_statuses_keep_their_meaning_in_the_update_feed(org: Org, client: Client, api_key: str) -> None:
    refused = _created(client, api_key)
    PATHS[Status.NO_LONGER_ACCEPTED][0](org, refused)
    diverted = _created(client, api_key, description="邻居纠纷已起诉，法院未判")
    PATHS[Status.DIVERTED][0](org, diverted)
    rows = client.get(f"{UPDATES}.json").json()
    last = {row["service_request_id"]: row for row in rows}  # ordered by time: the last wins
    assert last[refused.number]["status"] == "no_further_action"
    assert last[diverted.number]["status"] == "internal_referral"
    assert last[diverted.number]["description"] == public_sentence(Act.DIVERT, {"target": "political_legal"})


def test_a_petitioners_comment_is_filed_as_material_without_changing_state(
    org: Org, client: Client, api_key: str
) -> None:
    petition = _created(client, api_key)
    petition = PATHS[Status.DISPATCHED][0](org, petition)  # now at 区住建局, not at the bureau
    version, status = petition.version, petition.status
    response = client.post(f"{UPDATES}.xml", _comment(api_key, petition, status="FIXED"))
    assert response.status_code == 201, response.content
    document = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert document.tag == "service_request_updates"
    update_id = document.findtext("request_update/update_id")
    petition.refresh_from_db()
    assert petition.status == status and petition.version == version + 1  # one ATTACH event, same state
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == Act.ATTACH and event.payload["source"] == "open311"
    assert update_id == f"{petition.number}-{event.seq}"
    attachment = petition.attachments.get()
    text = attachment.file.read().decode()
    assert "电梯今天又停了" in text and "https://fms.example/photo/501.jpeg" in text and "FIXED" in text
    assert attachment.uploaded_by is not None and attachment.uploaded_by.username == "online-platform"
    # The comment is the petitioner's, not public: the feed does not carry it.
    assert update_id not in {row["update_id"] for row in client.get(f"{UPDATES}.json").json()}


def test_a_resent_comment_returns_the_first_answer(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    first = client.post(f"{UPDATES}.json", _comment(api_key, petition))
    again = client.post(f"{UPDATES}.json", _comment(api_key, petition))
    assert (first.status_code, again.status_code) == (201, 200) and again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json() and Open311Update.objects.count() == 1
    other = client.post(f"{UPDATES}.json", _comment(api_key, petition, update_id="fms-502"))
    assert other.status_code == 201 and other.json() != first.json()
    assert petition.attachments.count() == 2


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"phone": "13800000000"}, 403, "信访人本人"),
        ({"phone": "", "email": ""}, 400, "email 或 phone"),
        ({"service_request_id": "XF000000"}, 404, "不存在"),
        ({"description": "", "media_url": ""}, 400, "description"),
        ({"description": "<script>alert(1)</script>"}, 400, "HTML"),
        ({"description": "看\x07这里"}, 400, "控制字符"),
        ({"description": "长" * 4001}, 400, "4000"),
        ({"status": "SOLVED"}, 400, "status"),
        ({"updated_datetime": "2026-11-23 09:30"}, 400, "updated_datetime"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"api_key": "made-up"}, 403, "api_key"),
    ],
)
def test_comments_are_refused_with_the_reason(
    org: Org, client: Client, api_key: str, change: dict[str, str], status: int, words: str
) -> None:
    petition = _created(client, api_key)
    response = client.post(f"{UPDATES}.json", _comment(api_key, petition, **change))
    assert response.status_code == status and words in response.json()[0]["description"], response.content
    assert petition.attachments.count() == 0 and Open311Update.objects.count() == 0


def test_only_the_client_that_sent_the_request_may_add_to_it(org: Org, client: Client, api_key: str) -> None:
    petition = _created(client, api_key)
    _other, other_key = api_client_issue(name="一网通办")
    response = client.post(f"{UPDATES}.json", _comment(other_key, petition))
    assert response.status_code == 403 and petition.attachments.count() == 0


@override_settings(XINFANG_RATE_LIMITS={"open311_update_request": {"identity": "2/h"}})
def test_comments_on_one_request_are_rate_limited(org: Org, client: Client, api_key: str) -> None:
    cache.clear()
    petition = _created(client, api_key)
    for n in range(2):
        assert (
            client.post(f"{UPDATES}.json", _comment(api_key, petition, update_id=f"u{n}")).status_code == 201
        )
    flood = client.post(f"{UPDATES}.json", _comment(api_key, petition, update_id="u9"))
    assert flood.status_code == 429 and "请求过于频繁" in flood.json()[0]["description"]
    assert int(flood["Retry-After"]) >= 1 and petition.attachments.count() == 2


def test_administrators_see_received_comments_only_on_petitions_they_may_see(
    org: Org, client: Client, api_key: str
) -> None:
    petition = _created(client, api_key)
    assert client.post(f"{UPDATES}.json", _comment(api_key, petition)).status_code == 201
    everyone = staff(org.bureau, scope=DataScope.ALL, is_staff=True, is_superuser=True)
    login_verified(client, everyone)  # administrators sign in with a second factor
    page = client.get("/admin/open311/open311update/")
    assert page.status_code == 200 and "fms-501" in page.content.decode()
    elsewhere = staff(org.labour, is_staff=True)
    elsewhere.user_permissions.add(*Permission.objects.filter(codename="view_open311update"))
    login_verified(client, elsewhere)
    page = client.get("/admin/open311/open311update/")
    assert page.status_code == 200 and "fms-501" not in page.content.decode()
