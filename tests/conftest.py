import pytest

from tests.factories import Org, build_org


@pytest.fixture
def org(db) -> Org:
    return build_org()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rolled-back tests reuse primary keys; cached per-user figures must not leak between them."""
    from django.core.cache import cache

    cache.clear()
