"""Practice, not law, is configurable (#10.11; docs/practice-settings.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from tests.factories import HEARING, Org, draft, person, petition_in
from tests.petitions.law.helpers import under_review_by_district
from xinfang.common.exceptions import ValidationFailed
from xinfang.petitions import services
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.rules import check_draft

pytestmark = pytest.mark.django_db


def rules(**changes: object) -> dict[str, object]:
    return {**settings.XINFANG_RULES, **changes}


def codes(org: Org, people: int) -> set[str]:
    return {d.code for d in check_draft(draft(org, channel=Channel.VISIT, people_count=people))}


def test_the_many_people_threshold_defaults_to_five(org: Org) -> None:
    assert "representatives_missing" not in codes(org, 4)
    assert "representatives_missing" in codes(org, 5)


def test_the_many_people_threshold_is_a_setting(org: Org) -> None:
    with override_settings(XINFANG_RULES=rules(collective_threshold=3)):
        assert "representatives_missing" in codes(org, 3)
    with override_settings(XINFANG_RULES=rules(collective_threshold=10)):
        assert "representatives_missing" not in codes(org, 8)
        # The limit of five representatives is law, whatever the threshold.
        over = draft(
            org, channel=Channel.VISIT, people_count=12, representatives=[person() for _ in range(6)]
        )
        assert "representatives_over_limit" in {d.code for d in check_draft(over)}


@pytest.mark.parametrize(("inclusive", "paused"), [(False, 7), (True, 8)])
def test_hearing_days_count_inclusively_when_configured(org: Org, inclusive: bool, paused: int) -> None:
    with override_settings(XINFANG_RULES=rules(hearing_days_inclusive=inclusive)):
        petition = services.petition_start_hearing(
            **HEARING, petition=petition_in(org, Status.UNDER_RECHECK), actor=org.rechecker
        )
        with time_machine.travel(timezone.now() + timedelta(days=7)):
            petition = services.petition_end_hearing(
                petition=petition, actor=org.rechecker, summary="听证完毕"
            )
        assert petition.deadlines.get(code="D10").paused_days == paused


def test_the_review_outcome_list_is_a_setting(org: Org) -> None:
    with override_settings(XINFANG_RULES=rules(review_outcomes=["uphold", "revoke"])):
        with pytest.raises(ValidationFailed) as caught:
            services.petition_decide_review(
                petition=under_review_by_district(org), actor=org.reviewer, outcome="change", opinion="变更"
            )
        assert "outcome" in caught.value.fields and "维持原处理意见" in caught.value.fields["outcome"]
    petition = services.petition_decide_review(
        petition=under_review_by_district(org), actor=org.reviewer, outcome="change", opinion="变更"
    )
    assert petition.status == Status.REVIEWED


def test_the_staff_form_and_the_api_offer_only_the_configured_outcomes(org: Org) -> None:
    """The setting is not only enforced by the service: the 复查 form, the API input and its schema
    offer exactly the configured outcomes (a 复核 has its own list)."""
    from tests.factories import client_for, login_verified
    from xinfang.api.acts import DecisionIn, RecheckDecisionIn
    from xinfang.web.presenters import act_fields

    def offered(serializer: type) -> list[str]:
        field = next(f for f in act_fields(serializer, {}) if f.name == "outcome")
        return [code for code, _ in field.choices]

    assert offered(DecisionIn) == ["uphold", "change", "revoke"]
    with override_settings(
        XINFANG_RULES=rules(review_outcomes=["uphold", "revoke"], recheck_outcomes=["uphold", "change"])
    ):
        assert offered(DecisionIn) == ["uphold", "revoke"]
        assert offered(RecheckDecisionIn) == ["uphold", "change"]
        petition = under_review_by_district(org)
        from django.test import Client

        page = login_verified(Client(), org.reviewer).get(f"/petitions/{petition.pk}/").content.decode()
        form = page[page.index('data-act="decide_review"') :]
        select = form[form.index('name="outcome"') : form.index("</select>", form.index('name="outcome"'))]
        assert 'value="uphold"' in select and 'value="revoke"' in select
        assert 'value="change"' not in select
        api = client_for(org.reviewer)
        refused = api.post(
            f"/api/petitions/{petition.pk}/acts/decide_review/",
            {"outcome": "change", "opinion": "变更"},
            content_type="application/json",
        )
        assert refused.status_code == 400 and "outcome" in refused.json()["fields"]
        schema = api.get("/api/schema/?format=json").json()
        components = schema["components"]["schemas"]
        decision = components["DecisionInRequest"]["properties"]["outcome"]
        ref = decision["$ref"] if "$ref" in decision else decision["allOf"][0]["$ref"]
        assert components[ref.rsplit("/", 1)[1]]["enum"] == ["uphold", "revoke"]
    petition = services.petition_decide_review(
        petition=petition, actor=org.reviewer, outcome="change", opinion="变更"
    )
    assert petition.status == Status.REVIEWED
