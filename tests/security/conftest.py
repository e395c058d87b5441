from __future__ import annotations

import pytest

from tests.factories import UserFactory, staff
from xinfang.orgs.constants import DataScope, Perm
from xinfang.orgs.models import User

GOOD = "Qingxi#Petition2026"


@pytest.fixture
def person(org):  # type: ignore[no-untyped-def]
    user = staff(org.housing)
    user.set_password(GOOD)
    user.save()
    return user


@pytest.fixture
def security_admin(org) -> User:  # type: ignore[no-untyped-def]
    return staff(org.bureau, scope=DataScope.SELF, perms=[str(Perm.SECURITY)])


@pytest.fixture
def audit_admin(org) -> User:  # type: ignore[no-untyped-def]
    return staff(org.bureau, scope=DataScope.SELF, perms=[str(Perm.AUDIT_LOG)])


@pytest.fixture
def superuser(db) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(username="root", is_staff=True, is_superuser=True)
