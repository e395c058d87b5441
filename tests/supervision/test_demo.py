"""The demo seed runs on the demo district, through the services, and only once."""

from __future__ import annotations

from django.test import Client

from xinfang.demo.generator import demo_generate
from xinfang.demo.org import demo_org_setup
from xinfang.orgs.models import User
from xinfang.supervision.constants import OrderStatus
from xinfang.supervision.demo import supervision_demo_seed
from xinfang.supervision.models import CaseOwnership, KeyCase, Notification, QualityReview, SupervisionOrder


def test_demo_seed_creates_every_kind_once(db) -> None:  # type: ignore[no-untyped-def]
    demo_org_setup()
    demo_generate(count=150, seed=5)
    result = supervision_demo_seed()
    assert result.orders == 4 and result.key_cases == 3 and result.reviews >= 1 and result.warnings > 0
    statuses = set(SupervisionOrder.objects.values_list("status", flat=True))
    assert {OrderStatus.ISSUED, OrderStatus.FEEDBACK_SUBMITTED, OrderStatus.CLOSED} <= statuses
    assert CaseOwnership.objects.filter(ended_at__isnull=True).count() == 3
    assert KeyCase.objects.filter(closed_at__isnull=False).count() == 1
    assert QualityReview.objects.count() == result.reviews
    ducha = User.objects.get(username="ducha")
    assert Notification.objects.filter(recipient=ducha).exists()  # the overdue order escalated to its issuer
    assert supervision_demo_seed().skipped and SupervisionOrder.objects.count() == 4
    client = Client()
    client.force_login(ducha)
    for url in (
        "/supervision/",
        "/supervision/listed/",
        "/supervision/key-cases/",
        "/supervision/notifications/",
    ):
        assert client.get(url).status_code == 200
