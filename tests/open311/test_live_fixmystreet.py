"""Issue #15 over HTTP against a live server: a FixMyStreet-like client end to end, and each
behaviour in the shapes the GeoReport v2 spec and mySociety's updates extension document."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from django.test import override_settings

from tests.factories import ALL_PERMS, Org, build_org, ensure_dictionaries, staff
from tests.open311.conftest import valid_post
from tests.open311.fms import TIMEOUT, FixMyStreet, map_state, two_hours_to, xml_object
from xinfang.demo.org import demo_org_setup
from xinfang.open311.services import api_client_issue
from xinfang.orgs.models import Unit
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.wording import public_sentence
from xinfang.places.services import demo_boundaries_setup
from xinfang.security.tokens import token_issue

pytestmark = pytest.mark.django_db(transaction=True)
JURISDICTION = "qingxi.gov.cn"
# Inside the demo district: 幸福社区 (龙城街道, north-west) and 滨江社区 (清水街道).
XINGFU = (22.61, 113.92)
BINJIANG = (22.565, 113.96)


def _staff_token(unit: Unit, perms: list[str] | None = None) -> dict[str, str]:
    user = staff(unit, perms=perms or list(ALL_PERMS))
    raw, _ = token_issue(user=user, scopes=["read", "write"])  # expiring, scoped tokens (#12.3)
    return {"Authorization": f"Token {raw}"}


def _act(base: str, petition: Petition, act: str, headers: dict[str, str], **data: Any) -> None:
    response = requests.post(
        f"{base}/api/petitions/{petition.pk}/acts/{act}/", json=data, headers=headers, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text


def test_fixmystreet_sequence(live_server: Any) -> None:
    """list → definition → create by coordinates only → read → status change → updates → comment."""
    ensure_dictionaries()  # a transactional test starts from an empty database
    demo_org_setup()
    demo_boundaries_setup()
    _client, key = api_client_issue(name="FixMyStreet")
    fms = FixMyStreet(f"{live_server.url}/open311/v2/", JURISDICTION, key)

    services = fms.get_service_list()["service"]
    assert {"service_code", "service_name", "metadata", "type", "keywords", "group"} <= set(services[0])
    code = next(s["service_code"] for s in services if s["service_code"] == "urban_mgmt")
    meta = fms.get_service_meta_info(code)
    assert meta["service_code"] == code and meta["attributes"]["attribute"][0]["code"] == "people_count"

    sent = fms.send_service_request(
        service_code=code,
        title="路灯不亮",
        detail="幸福路口路灯三天不亮，夜里很黑。",
        name="Wang Ming",
        lat=XINGFU[0],
        long=XINGFU[1],
        email="wang.ming@example.cn",
        phone="13912345678",
        extra={"people_count": "1"},
    )
    assert sent.status_code == 201, sent.text
    request_id = FixMyStreet.request_id(sent)
    petition = Petition.objects.get(number=request_id)
    assert petition.location_unit.name == "幸福社区" and petition.title == "城市管理：路灯不亮"

    # A resend after a lost answer (FixMyStreet sends no Idempotency-Key) is the same request.
    resent = fms.send_service_request(
        service_code=code,
        title="路灯不亮",
        detail="幸福路口路灯三天不亮，夜里很黑。",
        name="Wang Ming",
        lat=XINGFU[0],
        long=XINGFU[1],
        email="wang.ming@example.cn",
        phone="13912345678",
        extra={"people_count": "1"},
    )
    assert resent.status_code == 200 and FixMyStreet.request_id(resent) == request_id

    [read] = fms.get_service_requests([request_id])["request"]
    assert read["status"] == "open" and map_state(read["status"]) == "confirmed"
    assert read["title"] == "城市管理：路灯不亮" and "\n" not in read["title"]
    assert read["agency_responsible"] is None  # not yet passed on: empty
    assert (read["lat"], read["long"]) == ("22.61", "113.92") and read["address"] == "幸福社区"

    # The bureau passes it to 龙城街道, which signs for and accepts it: through the staff API.
    street = Unit.objects.get(name="龙城街道")
    _act(
        live_server.url,
        petition,
        "dispatch",
        _staff_token(petition.current_unit),
        to_unit=street.pk,
        mode="transfer",
    )
    handler = _staff_token(street)
    _act(live_server.url, petition, "sign", handler)
    _act(live_server.url, petition, "accept", handler, notice="已受理")
    [read] = fms.get_service_requests([request_id])["request"]
    assert read["status"] == "in_progress" and map_state(read["status"]) == "in progress"
    assert read["agency_responsible"] == "龙城街道" and read["status_notes"] == public_sentence(Act.ACCEPT)

    updates = fms.get_service_request_updates(*two_hours_to())
    mine = [u for u in updates if u["service_request_id"] == request_id]
    assert [u["description"] for u in mine] == [
        public_sentence(Act.REGISTER),
        public_sentence(Act.DISPATCH),
        public_sentence(Act.ACCEPT),
    ]
    assert [map_state(u["status"]) for u in mine] == ["confirmed", "confirmed", "in progress"]
    assert all(
        set(u)
        == {"update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"}
        for u in mine
    )
    assert len({u["update_id"] for u in mine}) == 3 and all(u["media_url"] is None for u in mine)

    commented = fms.post_service_request_update(
        comment_id=7001,
        service_request_id=request_id,
        text="今晚还是不亮，附照片。",
        name="Wang Ming",
        confirmed=datetime.now(UTC),
        email="wang.ming@example.cn",
        phone="13912345678",
        photo_url="https://fms.example/photo/7001.full.jpeg",
    )
    assert commented.status_code == 201, commented.text
    update_id = FixMyStreet.update_id(commented)
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED  # the comment is material; it changes no state
    material = petition.attachments.get()
    assert "今晚还是不亮" in material.file.read().decode()
    again = fms.post_service_request_update(
        comment_id=7001,
        service_request_id=request_id,
        text="今晚还是不亮，附照片。",
        name="Wang Ming",
        confirmed=datetime.now(UTC),
        email="wang.ming@example.cn",
        phone="13912345678",
    )
    assert again.status_code == 200 and FixMyStreet.update_id(again) == update_id
    assert petition.attachments.count() == 1
    # The comment is the petitioner's own: the public feed does not repeat it.
    assert update_id not in {u["update_id"] for u in fms.get_service_request_updates(*two_hours_to())}


def test_fixmystreet_sequence_with_email_only(live_server: Any) -> None:
    """Issue #15.2: a reporter with an email and no phone — create → read → status change →
    updates → comment all succeed; the comment is checked against the email given on that request."""
    ensure_dictionaries()
    demo_org_setup()
    demo_boundaries_setup()
    _client, key = api_client_issue(name="FixMyStreet")
    fms = FixMyStreet(f"{live_server.url}/open311/v2/", JURISDICTION, key)
    sent = fms.send_service_request(
        service_code="urban_mgmt",
        title="井盖缺失",
        detail="滨江路人行道井盖缺失，很危险。",
        name="Li Hua",
        lat=BINJIANG[0],
        long=BINJIANG[1],
        email="Li.Hua@Example.cn",
        extra={"people_count": "1"},
    )
    assert sent.status_code == 201, sent.text
    request_id = FixMyStreet.request_id(sent)
    petition = Petition.objects.get(number=request_id)
    assert (petition.petitioner_phone, petition.petitioner_email) == ("", "li.hua@example.cn")
    assert petition.current_unit.kind == "petition_bureau"  # the district bureau's registrars have it
    [read] = fms.get_service_requests([request_id])["request"]
    assert read["status"] == "open" and "li.hua" not in str(read).lower()  # no contact in public reads

    street = Unit.objects.get(name="清水街道")
    _act(
        live_server.url,
        petition,
        "dispatch",
        _staff_token(petition.current_unit),
        to_unit=street.pk,
        mode="transfer",
    )
    handler = _staff_token(street)
    _act(live_server.url, petition, "sign", handler)
    _act(live_server.url, petition, "accept", handler, notice="已受理")
    [read] = fms.get_service_requests([request_id])["request"]
    assert map_state(read["status"]) == "in progress" and read["agency_responsible"] == "清水街道"
    mine = [
        u for u in fms.get_service_request_updates(*two_hours_to()) if u["service_request_id"] == request_id
    ]
    assert [u["description"] for u in mine][-1] == public_sentence(Act.ACCEPT)

    stranger = fms.post_service_request_update(
        comment_id=8001,
        service_request_id=request_id,
        text="我也看到了。",
        name="Someone",
        confirmed=datetime.now(UTC),
        email="someone@example.cn",
    )
    assert stranger.status_code == 403
    commented = fms.post_service_request_update(
        comment_id=8002,
        service_request_id=request_id,
        text="井盖还没补上。",
        name="Li Hua",
        confirmed=datetime.now(UTC),
        email="li.hua@example.cn",
    )
    assert commented.status_code == 201, commented.text
    assert "井盖还没补上" in petition.attachments.get().file.read().decode()


def _org_client(live_server: Any) -> tuple[Org, str, str]:
    org = build_org()
    _client, key = api_client_issue(name="12345热线")
    return org, key, f"{live_server.url}/open311/v2"


def test_updates_feed_shapes_and_windows_over_http(live_server: Any) -> None:
    _org, key, base = _org_client(live_server)
    created = requests.post(f"{base}/requests.json", data=valid_post(key), timeout=TIMEOUT)
    assert created.status_code == 201
    number = created.json()[0]["service_request_id"]
    petition = Petition.objects.get(number=number)
    services_decline = {"ground": "duplicate_upward", "reason": "同一事项正在办理"}
    _act(live_server.url, petition, "decline", _staff_token(petition.current_unit), **services_decline)

    as_json = requests.get(f"{base}/servicerequestupdates.json", timeout=TIMEOUT)
    assert as_json.status_code == 200 and as_json.headers["Content-Type"] == "application/json; charset=utf-8"
    rows = as_json.json()
    assert isinstance(rows, list) and [r["status"] for r in rows] == ["open", "duplicate"]
    assert rows[1]["description"] == public_sentence(Act.DECLINE, services_decline)
    as_xml = requests.get(f"{base}/servicerequestupdates.xml", timeout=TIMEOUT)
    assert as_xml.content.startswith(b'<?xml version="1.0" encoding="utf-8"?><service_request_updates>')
    assert [u["update_id"] for u in xml_object(as_xml.content)["request_update"]] == [
        r["update_id"] for r in rows
    ]

    start, end = two_hours_to(datetime.now(UTC) - timedelta(days=1))
    empty = requests.get(
        f"{base}/servicerequestupdates.xml",
        params={"start_date": start.isoformat(), "end_date": end.isoformat()},
        timeout=TIMEOUT,
    )
    assert empty.status_code == 200 and xml_object(empty.content) == {}
    wrong = requests.get(
        f"{base}/servicerequestupdates.xml", params={"start_date": "2026-13-01"}, timeout=TIMEOUT
    )
    assert wrong.status_code == 400 and xml_object(wrong.content)["error"][0]["code"] == "400"
    other = requests.get(
        f"{base}/servicerequestupdates.json", params={"jurisdiction_id": "x.gov"}, timeout=TIMEOUT
    )
    assert other.status_code == 404


def test_comments_over_http_check_the_person_and_the_rate(live_server: Any) -> None:
    _org, key, base = _org_client(live_server)
    number = requests.post(f"{base}/requests.xml", data=valid_post(key), timeout=TIMEOUT)
    request_id = xml_object(number.content)["request"][0]["service_request_id"]
    comment = {
        "api_key": key,
        "service_request_id": request_id,
        "update_id": "1",
        "status": "OPEN",
        "updated_datetime": "2026-11-23T09:30:00+08:00",
        "description": "补充：物业电话打不通",
        "first_name": "明",
        "last_name": "王",
        "phone": "13912345678",
    }
    stranger = requests.post(
        f"{base}/servicerequestupdates.xml", data={**comment, "phone": "13700000000"}, timeout=TIMEOUT
    )
    assert (
        stranger.status_code == 403
        and "信访人本人" in xml_object(stranger.content)["error"][0]["description"]
    )
    with override_settings(XINFANG_RATE_LIMITS={"open311_update_request": {"identity": "1/h"}}):
        first = requests.post(f"{base}/servicerequestupdates.json", data=comment, timeout=TIMEOUT)
        flood = requests.post(
            f"{base}/servicerequestupdates.json", data={**comment, "update_id": "2"}, timeout=TIMEOUT
        )
    assert first.status_code == 201 and list(first.json()[0]) == ["update_id"]
    assert flood.status_code == 429 and int(flood.headers["Retry-After"]) >= 1


def test_places_statuses_duplicates_and_clean_fields_over_http(live_server: Any) -> None:
    ensure_dictionaries()  # a transactional test starts from an empty database
    demo_org_setup()
    demo_boundaries_setup()
    _client, key = api_client_issue(name="12345热线")
    base = f"{live_server.url}/open311/v2"
    by_point = {"address_string": "", "lat": str(BINJIANG[0]), "long": str(BINJIANG[1])}
    post = valid_post(key, service_code="urban_mgmt", description="井盖缺失\r\n很危险", **by_point)
    created = requests.post(f"{base}/requests.json", data=post, timeout=TIMEOUT)
    assert created.status_code == 201, created.text
    number = created.json()[0]["service_request_id"]
    assert Petition.objects.get(number=number).location_unit.name == "滨江社区"
    assert requests.post(f"{base}/requests.json", data=post, timeout=TIMEOUT).json() == created.json()
    keyed = requests.post(
        f"{base}/requests.json", data=post, headers={"Idempotency-Key": "k1"}, timeout=TIMEOUT
    )
    assert keyed.status_code == 201 and keyed.json() != created.json()  # a key decides on its own

    outside = requests.post(
        f"{base}/requests.xml", data={**post, "lat": "39.90", "long": "116.40"}, timeout=TIMEOUT
    )
    assert (
        outside.status_code == 400 and "不在本辖区" in xml_object(outside.content)["error"][0]["description"]
    )

    [row] = requests.get(f"{base}/requests/{number}.json", timeout=TIMEOUT).json()
    assert row["title"] == "城市管理：井盖缺失" and row["agency_responsible"] == ""
    assert (row["lat"], row["long"]) == (22.57, 113.96)  # 0.01° grid, half away from zero
    petition = Petition.objects.get(number=number)
    court = {"ground": "court_matter", "reason": "已进入诉讼程序"}
    _act(live_server.url, petition, "decline", _staff_token(petition.current_unit), **court)
    [row] = requests.get(f"{base}/requests/{number}.json", timeout=TIMEOUT).json()
    assert row["status"] == "not_councils_responsibility" and map_state(row["status"]) == "not responsible"
    assert row["status_notes"] == public_sentence(Act.DECLINE, court)
