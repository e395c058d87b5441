from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
