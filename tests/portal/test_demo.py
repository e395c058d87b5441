"""The demo's public list: adopted suggestions written up once, never from their own text."""

from __future__ import annotations

import pytest

from tests.factories import Org
from tests.portal.conftest import suggestion_in
from xinfang.portal.demo import portal_demo_setup
from xinfang.portal.models import SuggestionPublication
from xinfang.portal.selectors import publications_public

pytestmark = pytest.mark.django_db


def test_demo_entries_are_published_once(org: Org) -> None:
    adopted = [suggestion_in(org, outcome="adopted") for _ in range(2)]
    suggestion_in(org, outcome="not_adopted")
    assert portal_demo_setup(actor=org.leader) == 2
    assert portal_demo_setup(actor=org.leader) == 0
    assert {e.petition_id for e in publications_public()} == {p.pk for p in adopted}
    assert not SuggestionPublication.objects.filter(summary__contains="增设社区公交微循环线路").exists()
