"""Each registration rule check, with the article it rests on."""

from __future__ import annotations

import pytest

from tests.factories import Org, draft, person, petition_in, staff
from xinfang.common.exceptions import RuleViolation
from xinfang.orgs.constants import DataScope
from xinfang.petitions import services
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition


def decisions(org: Org, **overrides: object) -> dict[str, object]:
    return {d.code: d for d in services.petition_check(draft=draft(org, **overrides))}


def test_plain_letter_raises_nothing(org: Org) -> None:
    assert decisions(org) == {}


def test_duplicate_upward_is_not_accepted_art_19_3(org: Org) -> None:
    petitioner = person()
    earlier = petition_in(org, Status.SIGNED, petitioner=petitioner)
    earlier = services.petition_accept(petition=earlier, actor=org.housing_handler)
    # Same matter handled by a street; now brought to the district bureau (a higher level).
    Petition.objects.filter(pk=earlier.pk).update(
        current_unit=org.street_a, current_unit_path=org.street_a.path
    )
    found = decisions(org, petitioner=person(name=petitioner.name, id_number=petitioner.id_number))
    decision = found["duplicate_upward"]
    assert decision.article == "第十九条第三款"
    assert decision.suggested_act == "decline"
    assert decision.related == [earlier.pk]


def test_level_skipping_visit_art_20_1(org: Org) -> None:
    city_registrar = staff(org.city)
    found = decisions(org, channel=Channel.VISIT, registered_unit=org.city, registered_by=city_registrar)
    assert found["level_skipping"].article == "第二十条第一款"
    assert "level_skipping" not in decisions(
        org, channel=Channel.VISIT
    )  # district is one level above the street
    assert "level_skipping" not in decisions(
        org, channel=Channel.LETTER, registered_unit=org.city, registered_by=city_registrar
    )


def test_no_longer_accepted_after_recheck_art_36_3(org: Org) -> None:
    petitioner = person()
    earlier = petition_in(org, Status.CLOSED, petitioner=petitioner)
    found = decisions(org, petitioner=person(name=petitioner.name, id_number=petitioner.id_number))
    assert found["after_recheck"].article == "第三十六条第三款"
    assert found["after_recheck"].related == [earlier.pk]
    assert found["after_recheck"].suggested_act == "refuse_repeat"


def test_litigation_related_is_diverted_art_22_2(org: Org) -> None:
    found = decisions(org, content="对区法院的民事判决不服，要求再审")
    assert "第二十二条第二款" in found["litigation_related"].article
    assert found["litigation_related"].ground == "political_legal"
    assert "litigation_related" in decisions(org, category=org.categories["litigation"])


def test_accusation_goes_to_discipline_art_30(org: Org) -> None:
    found = decisions(org, category=org.categories["accusation"], accused_description="某科长")
    assert "第三十条" in found["accusation_to_discipline"].article


def test_collective_visit_representative_limit_art_20_3(org: Org) -> None:
    reps = [person() for _ in range(6)]
    found = decisions(org, channel=Channel.VISIT, people_count=30, representatives=reps)
    assert found["representatives_over_limit"].severity == "block"
    assert found["representatives_over_limit"].article == "第二十条第三款"
    with pytest.raises(RuleViolation):
        services.petition_register(
            draft=draft(org, channel=Channel.VISIT, people_count=30, representatives=reps)
        )
    assert not Petition.objects.exists()
    ok = decisions(org, channel=Channel.VISIT, people_count=30, representatives=reps[:5])
    assert "representatives_over_limit" not in ok
    assert "representatives_missing" in decisions(org, channel=Channel.VISIT, people_count=8)


def test_rule_checks_are_recorded_on_registration(org: Org) -> None:
    petition, found = services.petition_register(draft=draft(org, content="法院判决后执行难"))
    payload = petition.events.get(seq=1).payload
    assert [d["code"] for d in payload["rule_checks"]] == [d.code for d in found]


def test_registration_requires_permission(org: Org) -> None:
    from xinfang.common.exceptions import PermissionDenied

    outsider = staff(org.bureau, scope=DataScope.UNIT, perms=["handle"])
    with pytest.raises(PermissionDenied):
        services.petition_register(draft=draft(org, registered_by=outsider))


@pytest.mark.django_db
def test_stored_decisions_take_the_types_of_the_earlier_matters_without_a_query(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """Registration passes the earlier matters the checks read; their types hide the accusations
    from the stored decisions without asking the database again (Art. 30, 46(5))."""
    from xinfang.petitions.rules import ADVISE, Earlier, RuleDecision, stored_decisions

    earlier = [
        Earlier(1, Status.HANDLING, "", None, 3, "accusation"),
        Earlier(2, Status.HANDLING, "", None, 3, "appeal"),
    ]
    decisions = [
        RuleDecision("repeat_candidate", ADVISE, "第十九条第三款", "…", related=[1, 2]),
        RuleDecision("after_recheck", ADVISE, "第三十六条第三款", "…", related=[1]),
    ]
    with django_assert_num_queries(0):
        stored = stored_decisions(decisions, earlier=earlier)
    assert [(d["code"], d["related"]) for d in stored] == [("repeat_candidate", [2])]
    with django_assert_num_queries(1):  # a related matter the caller did not read: asked for
        stored_decisions([RuleDecision("x", ADVISE, "", "…", related=[3])], earlier=earlier)
