"""A known 查询码 locks after 5 wrong phone-digit attempts, with a Chinese explanation of how to
unlock (#12.4). On the old main all 10,000 combinations could be tried in under 17 hours."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import Org, login_verified, petition_in, staff
from tests.portal.conftest import digits
from xinfang.orgs.constants import DataScope, Perm
from xinfang.petitions.lifecycle import Status

pytestmark = pytest.mark.django_db


def attempt(code: str, last4: str) -> tuple[int, str]:
    cache.clear()  # the per-minute rate limit is not the subject here
    response = Client().post("/portal/query/", {"query_code": code, "phone_last4": last4})
    return response.status_code, response.content.decode()


def wrong(value: str) -> list[str]:
    return [f"{n:04d}" for n in range(10) if f"{n:04d}" != value]


def test_five_wrong_pairs_lock_the_code_even_for_the_right_digits(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    code, right = petition.query_code, digits(petition)
    for guess in wrong(right)[:4]:
        assert attempt(code, guess)[0] == 200
    status, body = attempt(code, wrong(right)[4])
    assert status == 423 and "已被锁定" in body
    status, body = attempt(code, right)
    assert status == 423
    assert "携带本人身份证件" in body and "信访部门" in body


def test_unknown_codes_lock_alike_so_nothing_is_probed(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    known = [attempt(petition.query_code, g) for g in wrong(digits(petition))[:5]]
    unknown = [attempt("ZZZZZZZZZZ", g) for g in wrong(digits(petition))[:5]]
    assert [s for s, _ in known] == [s for s, _ in unknown] == [200, 200, 200, 200, 423]


def test_a_right_pair_before_the_limit_resets_the_count(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    code, right = petition.query_code, digits(petition)
    for guess in wrong(right)[:4]:
        attempt(code, guess)
    assert attempt(code, right)[0] == 302
    for guess in wrong(right)[:4]:
        assert attempt(code, guess)[0] == 200


def test_the_bureau_unlocks_a_code(org: Org) -> None:
    petition = petition_in(org, Status.REGISTERED)
    code, right = petition.query_code, digits(petition)
    for guess in wrong(right)[:5]:
        attempt(code, guess)
    officer = login_verified(Client(), staff(org.bureau, scope=DataScope.SELF, perms=[str(Perm.SECURITY)]))
    assert code in officer.get("/security/lockouts/").content.decode()
    assert officer.post("/security/lockouts/query-code/", {"query_code": code}).status_code == 302
    assert attempt(code, right)[0] == 302
