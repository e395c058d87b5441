"""Every role walks the pages it is shown: no link it is offered answers with a server error, and
no act form it is offered, sent empty, fails or half-writes.

Each account of the test organisation, and the bureau's supervise-only, audit-only and
security-only accounts, opens home and follows every same-site link there and on the pages it
reaches (two levels, GET only; acts, downloads and sign-out are other tests' business). The list
planner's probe window and count cap are shrunk below the number of petitions, so every plan of
the lists runs (the supervisor's empty to-do once failed only past the window).
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from tests.factories import Org, login_verified, petition_in, staff
from xinfang.orgs.constants import DataScope, Perm
from xinfang.petitions import pages
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition

LINK = re.compile(r'href="(/[^"#]*)"')
NOT_WALKED = re.compile(
    r"logout|/act/|\.docx|\.xlsx|download|/admin/|/api/|/portal/|/open311/|/static/|favicon"
)
PAGES_PER_ROLE = 30


def walk(client: Client) -> dict[str, int]:
    """Status of every page reached from home, two links deep."""
    seen: dict[str, int] = {}
    frontier = ["/"]
    for _ in range(2):
        found: list[str] = []
        for url in frontier:
            if url in seen or len(seen) >= PAGES_PER_ROLE:
                continue
            response = client.get(url)
            seen[url] = response.status_code
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                found += [html.unescape(link) for link in LINK.findall(response.content.decode())]
        frontier = [url for url in dict.fromkeys(found) if not NOT_WALKED.search(url)]
    return seen


@pytest.fixture
def many(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PROBE_ROWS", 3)
    monkeypatch.setattr(pages, "COUNT_CAP", 4)
    for status in (
        Status.REGISTERED,
        Status.DISPATCHED,
        Status.SIGNED,
        Status.ACCEPTED,
        Status.HANDLING,
        Status.ANSWERED,
        Status.UNDER_REVIEW,
        Status.REVIEWED,
    ):
        petition_in(org, status)


ROLES = (
    "registrar",
    "housing_handler",
    "street_a_handler",
    "reviewer",
    "rechecker",
    "discipline_handler",
    "leader",
    "supervisor",
    "auditor",
    "security",
)


def roles(org: Org) -> dict[str, object]:
    return {
        "registrar": org.registrar,
        "housing_handler": org.housing_handler,
        "street_a_handler": org.street_a_handler,
        "reviewer": org.reviewer,
        "rechecker": org.rechecker,
        "discipline_handler": org.discipline_handler,
        "leader": org.leader,
        "supervisor": staff(org.bureau, scope=DataScope.ALL, perms=[str(Perm.SUPERVISE)]),
        "auditor": staff(org.bureau, scope=DataScope.UNIT, perms=[str(Perm.AUDIT_LOG)]),
        "security": staff(org.bureau, scope=DataScope.UNIT, perms=[str(Perm.SECURITY)]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_no_page_a_role_is_offered_fails(org: Org, many: None, role: str) -> None:
    statuses = walk(login_verified(Client(), roles(org)[role]))  # with the second factor where required
    assert statuses["/"] == 200
    failed = {url: status for url, status in statuses.items() if status >= 500}
    assert not failed, failed
    assert len(statuses) > 1  # home offers somewhere to go


ACT_FORM = re.compile(r'<form[^>]*action="(/petitions/\d+/act/[^"]+/)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
ACTING = ("registrar", "housing_handler", "reviewer", "leader")  # the roles with a desk in ``many``


@pytest.mark.parametrize("role", ACTING)
def test_every_act_form_sent_empty_is_refused_whole_or_done(org: Org, many: None, role: str) -> None:
    """Each act offered on the role's to-do, posted with nothing filled in: a 400 naming the fields
    that leaves the matter as it was (same version, same log), or the act done — never a 5xx."""
    client = login_verified(Client(), roles(org)[role])
    desk = list(dict.fromkeys(re.findall(r'href="/petitions/(\d+)/"', client.get("/").content.decode())))
    sent = 0
    for pk in desk[:6]:
        for action, body in ACT_FORM.findall(client.get(f"/petitions/{pk}/").content.decode()):
            before = Petition.objects.values_list("version", "event_count").get(pk=pk)
            response = client.post(action, {k: html.unescape(v) for k, v in HIDDEN.findall(body)})
            sent += 1
            assert response.status_code < 500, (action, response.status_code)
            if response.status_code == 400:
                assert Petition.objects.values_list("version", "event_count").get(pk=pk) == before, action
    assert sent  # each of these roles has matters on its desk here, and acts on them
