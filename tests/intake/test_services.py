"""Writes of smart intake: alert acknowledgement, demo setup, the dictionary a model carries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import Org, register, staff
from xinfang.common.exceptions import NotFound
from xinfang.intake.classifier import TextClassifier, doc_of
from xinfang.intake.models import DomainTerm, RiskAlert, RoutingModel, TextSignature
from xinfang.intake.risk import risk_assess
from xinfang.intake.selectors import risk_alerts_open
from xinfang.intake.services import intake_setup, risk_alert_acknowledge
from xinfang.intake.text import dictionary_terms, words
from xinfang.orgs.constants import DataScope

pytestmark = pytest.mark.django_db

DANGER = {"title": "讨薪", "content": "拖欠农民工工资，扬言跳楼。", "people_count": 12}


def test_alert_is_acknowledged_once_and_only_by_who_may_see_it(org: Org) -> None:
    petition = register(org, **DANGER)
    risk_assess(petition=petition)
    alert = RiskAlert.objects.get(petition=petition)
    outsider = staff(org.street_b)  # own unit only: the petition is at the bureau
    with pytest.raises(NotFound):
        risk_alert_acknowledge(alert_id=alert.pk, user=outsider)
    done = risk_alert_acknowledge(alert_id=alert.pk, user=org.leader)
    assert done.acknowledged_by == org.leader and done.acknowledged_at is not None
    with pytest.raises(NotFound):
        risk_alert_acknowledge(alert_id=alert.pk, user=org.leader)
    risk_assess(petition=petition)  # still high: a new alert only after the last one was seen
    assert RiskAlert.objects.filter(petition=petition, acknowledged_at__isnull=True).count() == 1


def test_setup_indexes_everything_and_trains_only_once(org: Org) -> None:
    register(org)
    assert intake_setup() == []  # one open petition: nothing closed to learn from yet
    assert TextSignature.objects.count() == 1
    assert not RoutingModel.objects.exists()


def test_make_runs_index_only_step_trains_nothing(org: Org) -> None:
    """`make run` indexes before the server starts and trains beside it (the set-up stays short)."""
    from io import StringIO

    from django.core.management import call_command

    register(org)
    out = StringIO()
    call_command("intake", "setup", "--index-only", stdout=out)
    assert "新增 1 件" in out.getvalue() and "分拨模型" not in out.getvalue()
    assert TextSignature.objects.count() == 1 and not RoutingModel.objects.exists()
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "intake setup --index-only" in makefile and "intake setup & $(BIN)/xinfang runserver" in makefile


def test_bureau_terms_are_kept_whole_and_travel_with_the_model() -> None:
    DomainTerm.objects.create(word="棚改回迁")
    assert "棚改回迁" in words("棚改回迁房迟迟不交付")  # loaded on save, in this process
    docs = [doc_of("棚改回迁", f"棚改回迁问题{i}") for i in range(3)] + [
        doc_of("学区", f"学区划分问题{i}") for i in range(3)
    ]
    model = TextClassifier.train(docs, ["housing"] * 3 + ["education"] * 3, min_examples=3)
    assert "棚改回迁" in dictionary_terms()
    assert TextClassifier.loads(model.dumps()).predict([doc_of("棚改回迁", "棚改回迁房")]) == ["housing"]


def test_leader_with_all_scope_sees_alerts_of_every_unit(org: Org) -> None:
    petition = register(org, **DANGER)
    risk_assess(petition=petition)
    assert list(risk_alerts_open(user=org.leader)) == [RiskAlert.objects.get()]
    assert not risk_alerts_open(user=staff(org.street_b, scope=DataScope.SELF)).exists()
