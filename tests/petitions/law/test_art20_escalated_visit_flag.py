"""Art. 20(1): a visit goes to the competent organ's level or one above (依法逐级走访).

The registrar marks a visit as 越级 or 进京 when the visitor went past those levels (e.g. a 进京访
handed back to the district); the rule check uses that flag — before, it was ignored and only the
registering unit's own level was compared."""

from __future__ import annotations

from django.test import Client

from tests.factories import Org, draft, register
from xinfang.petitions import services
from xinfang.petitions.constants import Channel, Escalation


def codes(org: Org, **overrides: object) -> list[str]:
    return [d.code for d in services.petition_check(draft=draft(org, **overrides))]


def test_flagged_visit_raises_the_art_20_1_check(org: Org) -> None:
    # The district bureau is one level above the competent street: by level alone nothing is wrong.
    assert codes(org, channel=Channel.VISIT) == []
    for flag in (Escalation.BYPASS, Escalation.BEIJING):
        decisions = services.petition_check(draft=draft(org, channel=Channel.VISIT, escalation=flag))
        found = [d for d in decisions if d.code == "escalated_visit"]
        assert found and found[0].article == "第二十条第一款"
        assert ("进京" if flag == Escalation.BEIJING else "越级") in found[0].message
        assert "甲街道" in found[0].message  # names the competent organ


def test_flag_is_stored_and_the_decision_kept_with_the_registration(org: Org) -> None:
    petition = register(org, channel=Channel.VISIT, escalation=Escalation.BEIJING)
    assert petition.escalation == Escalation.BEIJING
    checks = petition.events.get(seq=1).payload["rule_checks"]
    assert [c["code"] for c in checks] == ["escalated_visit"]


def test_only_visits_are_level_checked(org: Org) -> None:
    assert "escalated_visit" not in codes(org, channel=Channel.LETTER, escalation=Escalation.BYPASS)


def test_level_skipping_by_level_still_wins(org: Org) -> None:
    # A city-level registrar receiving a street matter: two levels above (not accepted, Art. 20(1)).
    from tests.factories import ALL_PERMS, UnitFactory, staff
    from xinfang.orgs.constants import UnitKind

    city_bureau = UnitFactory(name="市信访局", kind=UnitKind.PETITION_BUREAU, level=2, parent=org.city)
    registrar = staff(city_bureau, perms=ALL_PERMS)
    found = codes(
        org,
        channel=Channel.VISIT,
        escalation=Escalation.BYPASS,
        registered_unit=city_bureau,
        registered_by=registrar,
    )
    assert found == ["level_skipping"]


def test_the_registration_page_sends_the_flag_to_the_check(org: Org, client: Client) -> None:
    client.force_login(org.registrar)
    form = {
        "channel": "visit",
        "category": "housing",
        "title": "小区逾期交房",
        "content": "开发商逾期交房一年。",
        "location_unit": str(org.community_a.pk),
        "petitioner_name": "王五",
        "escalation": "beijing",
    }
    page = client.post("/register/check/", form).content.decode()
    assert "进京走访" in page and "第二十条第一款" in page
