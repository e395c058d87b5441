"""Online submissions are registered under the platform account with channel 网上 (Art. 17)."""

import pytest

from tests.factories import build_org, person
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.services import online_account, petition_register_online

pytestmark = pytest.mark.django_db


def test_online_petition_is_registered_in_the_bureau_with_its_source() -> None:
    org = build_org()
    petition, _ = petition_register_online(
        person=person(),
        title="小区路灯损坏",
        content="小区东门路灯损坏两个月无人维修。",
        category=org.categories["housing"],
        location_unit=org.community_a,
        source="portal",
    )
    assert petition.channel == Channel.ONLINE and petition.status == Status.REGISTERED
    assert petition.registered_unit == org.bureau
    event = petition.events.get()
    assert event.payload["source"] == "portal"
    assert event.actor == online_account()


def test_the_platform_account_cannot_log_in_and_is_created_once() -> None:
    build_org()
    first, second = online_account(), online_account()
    assert first.pk == second.pk
    assert not first.is_active and not first.has_usable_password()
    assert first.may("register") and not first.may("dispatch") and not first.may("accept")
