"""The migration fills 承办单位 of existing rows from the last 受理 / 签收 event (ADR 0014 Consequences)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import Org, petition_in
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

pytestmark = pytest.mark.django_db

migration = import_module("xinfang.petitions.migrations.0012_handling_unit")


def test_fill_takes_the_unit_of_the_last_accept_or_sign(org: Org) -> None:
    under_review = petition_in(org, Status.UNDER_REVIEW)  # signed and accepted by 区住建局
    registered = petition_in(org, Status.REGISTERED)
    Petition.objects.update(handling_unit=None, handling_unit_path="")
    migration.fill_handling_unit(apps, None)
    under_review.refresh_from_db()
    registered.refresh_from_db()
    assert (under_review.handling_unit, under_review.handling_unit_path) == (org.housing, org.housing.path)
    assert under_review.current_unit == org.government
    assert registered.handling_unit is None and registered.handling_unit_path == ""
