"""人民建议征集 (Art. 29): the leaders' list of outstanding suggestions, and the public 转化运用清单
written by staff without the suggester's identity or the raw text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import Org, person, petition_in, staff
from tests.portal.conftest import suggestion_in
from xinfang.orgs.constants import DataScope, Perm
from xinfang.petitions.constants import Channel
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition
from xinfang.portal.models import SuggestionPublication

pytestmark = pytest.mark.django_db

STAFF_LIST = "/portal/staff/suggestions/"
NUMBER = re.compile(r"XF\d{12}")  # a petition number: prefix, year, eight digits


def publication_url(petition: Petition) -> str:
    return f"/portal/staff/suggestions/{petition.pk}/publication/"


def entry(**overrides: str) -> dict[str, Any]:
    return {
        "title": "社区公交微循环",
        "summary": "建议增设社区公交线路",
        "outcome": "已开通2条线路",
        **overrides,
    }


def test_outstanding_and_adopted_lists_for_staff(org: Org, client: Client) -> None:
    waiting = suggestion_in(org)
    online = petition_in(
        org, Status.REGISTERED, category=org.categories["suggestion"], channel=Channel.ONLINE
    )
    adopted = suggestion_in(org, outcome="adopted")
    suggestion_in(org, outcome="not_adopted")
    petition_in(org, Status.REGISTERED)  # not a suggestion
    client.force_login(org.leader)
    page = client.get(STAFF_LIST).content.decode()
    outstanding, done = page.split("已采纳的建议及转化运用")
    assert waiting.number in outstanding and online.number in outstanding and "网上" in outstanding
    # Numbers only: a bare "XF" also turns up in the page's random CSRF token now and then.
    assert adopted.number not in outstanding and len(NUMBER.findall(outstanding)) == 2
    assert adopted.number in done and len(NUMBER.findall(done)) == 1 and "未编写" in done


def test_staff_pages_need_a_login(org: Org, client: Client) -> None:
    adopted = suggestion_in(org, outcome="adopted")
    for url in (STAFF_LIST, publication_url(adopted)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_outside_the_scope_see_nothing(org: Org, client: Client) -> None:
    hidden = suggestion_in(org)
    client.force_login(org.street_b_handler)
    assert hidden.number not in client.get(STAFF_LIST).content.decode()
    assert client.get(publication_url(hidden)).status_code == 404


def test_only_suggestions_have_a_publication_page(org: Org, client: Client) -> None:
    appeal = petition_in(org, Status.ANSWERED)
    client.force_login(org.leader)
    assert client.get(publication_url(appeal)).status_code == 404


def test_publishing_puts_the_summary_on_the_public_list_without_identity(org: Org, client: Client) -> None:
    adopted = suggestion_in(org, outcome="partly_adopted")
    client.force_login(org.leader)
    client.post(publication_url(adopted), {**entry(), "published": "on"})
    saved = SuggestionPublication.objects.get()
    assert saved.published and saved.published_at is not None and saved.adoption == "部分采纳"
    assert saved.edited_by == org.leader
    public = Client().get("/portal/suggestions/adopted/").content.decode()
    assert "已开通2条线路" in public and "部分采纳" in public
    assert (
        adopted.petitioner_name not in public
        and adopted.content not in public
        and adopted.number not in public
    )

    client.post(publication_url(adopted), entry())  # withdrawn from the public list
    assert "已开通2条线路" not in Client().get("/portal/suggestions/adopted/").content.decode()
    assert "已编写，未公开" in client.get(STAFF_LIST).content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "请填写公开标题"),
        ({"summary": "   "}, "summary", "请填写建议摘要"),
        ({"outcome": ""}, "outcome", "请填写转化运用情况"),
        ({"summary": "联系人电话13912345678"}, "summary", "建议摘要不得包含身份证号码或手机号码"),
        ({"outcome": "感谢信访人001"}, "outcome", "转化运用情况不得包含建议人姓名"),
        (
            {"summary": "小区门口早晚高峰拥堵，建议增设社区公交微循环线路，方便老人出行。"},
            "summary",
            "不得照抄建议原文",
        ),
    ],
)
def test_bad_entries_name_the_field_and_write_nothing(
    org: Org, client: Client, overrides: dict[str, str], field: str, message: str
) -> None:
    adopted = suggestion_in(
        org,
        outcome="adopted",
        content="小区门口早晚高峰拥堵，建议增设社区公交微循环线路，方便老人出行。",
        petitioner=person(name="信访人001"),
    )
    client.force_login(org.leader)
    page = client.post(publication_url(adopted), {**entry(**overrides), "published": "on"}).content.decode()
    assert f'data-field="{field}"' in page and message in page
    assert not SuggestionPublication.objects.exists()


def test_not_adopted_suggestions_cannot_be_published(org: Org, client: Client) -> None:
    rejected = suggestion_in(org, outcome="not_adopted")
    client.force_login(org.leader)
    page = client.post(publication_url(rejected), {**entry(), "published": "on"}).content.decode()
    assert "只有已采纳或部分采纳的建议才能编入转化运用清单" in page
    assert not SuggestionPublication.objects.exists()


def test_staff_without_the_reply_permission_cannot_publish(org: Org, client: Client) -> None:
    adopted = suggestion_in(org, outcome="adopted")
    reader = staff(org.bureau, scope=DataScope.ALL, perms=[Perm.REGISTER.value])
    client.force_login(reader)
    assert "编写/公开" not in client.get(STAFF_LIST).content.decode()
    page = client.post(publication_url(adopted), {**entry(), "published": "on"}).content.decode()
    assert "您没有答复权限" in page and not SuggestionPublication.objects.exists()


def test_the_public_list_masks_numbers_written_by_mistake(org: Org, client: Client) -> None:
    adopted = suggestion_in(org, outcome="adopted")
    SuggestionPublication.objects.create(
        petition=adopted,
        title="旧数据",
        summary="请联系13912345678",
        adoption="采纳",
        outcome="已落实",
        published=True,
        published_at=timezone.now(),
        edited_by=org.leader,
    )
    page = client.get("/portal/suggestions/adopted/").content.decode()
    assert "13912345678" not in page and "139****5678" in page
