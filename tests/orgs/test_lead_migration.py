"""Migration 0006 keeps an upgraded site's leaders: roles that approve over more than their unit get 领导包案."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import RoleFactory
from xinfang.orgs.constants import DataScope, Perm

pytestmark = pytest.mark.django_db

migration = import_module("xinfang.orgs.migrations.0006_lead_permission")


def test_leading_roles_are_granted_lead_and_others_are_not() -> None:
    approve = str(Perm.APPROVE)
    head = RoleFactory(data_scope=DataScope.UNIT_AND_BELOW, permissions=[approve, str(Perm.HANDLE)])
    bureau = RoleFactory(data_scope=DataScope.ALL, permissions=[approve, str(Perm.SUPERVISE)])
    registrar = RoleFactory(data_scope=DataScope.UNIT, permissions=[approve, str(Perm.REGISTER)])
    reviewer = RoleFactory(data_scope=DataScope.UNIT_AND_BELOW, permissions=[str(Perm.REVIEW)])
    migration.grant(apps, None)
    for role in (head, bureau, registrar, reviewer):
        role.refresh_from_db()
    assert head.permissions == [approve, str(Perm.HANDLE), "lead"]
    assert "lead" in bureau.permissions
    assert "lead" not in registrar.permissions and "lead" not in reviewer.permissions
    migration.grant(apps, None)  # again: nothing doubled
    head.refresh_from_db()
    assert head.permissions.count("lead") == 1
    migration.revoke(apps, None)
    head.refresh_from_db()
    assert "lead" not in head.permissions
