import pytest

from tests.factories import Org, build_org


@pytest.fixture
def org(db) -> Org:
    return build_org()
