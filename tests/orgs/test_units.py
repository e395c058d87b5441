"""The unit tree and how data scopes combine across roles."""

from __future__ import annotations

from tests.factories import Org, RoleFactory, UserFactory
from xinfang.orgs.constants import DataScope
from xinfang.orgs.selectors import units_in_scope


def test_paths_list_ancestors(org: Org) -> None:
    assert org.community_a.ancestor_ids == [org.city.pk, org.district.pk, org.street_a.pk, org.community_a.pk]
    assert org.community_a.is_within(org.street_a)
    assert not org.community_a.is_within(org.street_b)


def test_scopes_of_several_roles_are_combined(org: Org) -> None:
    own = RoleFactory(data_scope=DataScope.UNIT)
    custom = RoleFactory(data_scope=DataScope.CUSTOM)
    custom.custom_units.add(org.street_b)
    user = UserFactory(unit=org.street_a, roles=[own, custom])
    assert {u.pk for u in units_in_scope(user)} == {org.street_a.pk, org.street_b.pk}


def test_unit_and_below_and_all(org: Org) -> None:
    below = UserFactory(unit=org.street_a, roles=[RoleFactory(data_scope=DataScope.UNIT_AND_BELOW)])
    assert {u.pk for u in units_in_scope(below)} == {org.street_a.pk, org.community_a.pk}
    everyone = UserFactory(unit=org.street_a, roles=[RoleFactory(data_scope=DataScope.ALL)])
    assert len(units_in_scope(everyone)) == 11  # government and district are one unit in the factory tree
