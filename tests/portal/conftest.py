from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import Org, _accept, _dispatch, _sign, register
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.petitions.services import petition_conclude_suggestion


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> Iterator[None]:
    # Rate-limit counters live in the locmem cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


def digits(petition: Petition) -> str:
    return petition.petitioner_phone[-4:]


def open_matter(client: Client, petition: Petition) -> str:
    """Prove the query code in ``client``'s session; return the matter's URL."""
    response = client.post(
        "/portal/query/", {"query_code": petition.query_code, "phone_last4": digits(petition)}
    )
    assert response.status_code == 302, response.content.decode()
    return str(response["Location"])


def suggestion_in(org: Org, *, outcome: str | None = None, **overrides: object) -> Petition:
    """A 建议意见类 matter accepted for handling, concluded with ``outcome`` when given (Art. 29)."""
    values: dict[str, object] = {"category": org.categories["suggestion"], "title": "增设社区公交微循环线路"}
    petition = register(org, **{**values, **overrides})
    for step in (_dispatch, _sign, _accept):
        petition = step(org, petition)
    assert petition.status == Status.HANDLING
    if outcome:
        petition = petition_conclude_suggestion(
            petition=petition, actor=org.housing_handler, outcome=outcome, reply="已研究采纳，纳入明年计划"
        )
    return petition
