"""Risk: each point has a named reason; high raises one alert for the duty leader."""

from __future__ import annotations

import pytest

from tests.factories import Org, register
from xinfang.intake.models import RiskAlert, RiskRule, RiskWord
from xinfang.intake.risk import Facts, risk_assess, score
from xinfang.intake.selectors import risk_alerts_open
from xinfang.petitions.constants import Escalation

pytestmark = pytest.mark.django_db


def facts(**overrides: object) -> Facts:
    values: dict[str, object] = {
        "text": "小区路灯坏了",
        "people_count": 1,
        "escalation": "",
        "earlier_petitions": 0,
        "overdue": False,
        "major_urgent": False,
    }
    values.update(overrides)
    return Facts(**values)  # type: ignore[arg-type]


def test_plain_matter_is_low_with_no_reasons() -> None:
    assert score(facts()) == (0, "low", [])


def test_each_factor_adds_its_weight_and_says_why() -> None:
    total, level, reasons = score(
        facts(
            text="扬言要跳楼，已经去北京", people_count=8, escalation=Escalation.BEIJING, earlier_petitions=3
        )
    )
    codes = {r.code for r in reasons}
    assert {
        "words_threat",
        "words_self_harm",
        "words_escalation",
        "collective",
        "escalation_beijing",
        "repeat",
    } <= codes
    assert total == sum(r.points for r in reasons) and level == "high"
    assert any("跳楼" in r.detail for r in reasons)


def test_admins_can_edit_words_and_thresholds() -> None:
    RiskWord.objects.create(word="烂尾楼", kind="extreme", weight=30)
    assert score(facts(text="烂尾楼业主维权"))[1] == "medium"
    RiskRule.objects.filter(code="level_medium").update(threshold=50)
    assert score(facts(text="烂尾楼业主维权"))[1] == "low"


def test_high_risk_raises_one_open_alert_visible_to_the_leader(org: Org) -> None:
    petition = register(org, content="扬言报复社会，要去北京上访，不想活了", people_count=6)
    risk_assess(petition=petition)
    risk_assess(petition=petition)
    assert RiskAlert.objects.filter(petition=petition).count() == 1
    assert list(risk_alerts_open(user=org.leader)) == list(RiskAlert.objects.all())
    assert not risk_alerts_open(user=org.street_b_handler).exists()
