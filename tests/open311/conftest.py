from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.factories import Org, build_org
from xinfang.open311.models import ApiClient
from xinfang.open311.services import api_client_issue


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


@pytest.fixture
def api_key(org: Org) -> str:
    _client, raw = api_client_issue(name="12345热线")
    return raw


@pytest.fixture
def api_client_row(api_key: str) -> ApiClient:
    return ApiClient.objects.get(key_prefix=api_key[:8])


def valid_post(api_key: str, /, **overrides: str) -> dict[str, str]:
    data = {
        "api_key": api_key,
        "service_code": "property_mgmt",
        "address_string": "甲街道甲社区3栋",
        "description": "小区电梯停运两周，物业不维修，联系电话13912345678。",
        "first_name": "明",
        "last_name": "王",
        "phone": "13912345678",
        "attribute[people_count]": "2",
        "attribute[request]": "尽快修复电梯",
    }
    data.update(overrides)
    return data
