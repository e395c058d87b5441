"""The workbench pages: content, acts through forms, and a bounded number of queries per page."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import Org, petition_in, register, staff, valid_id
from xinfang.orgs.constants import DataScope, Perm
from xinfang.petitions.lifecycle import Status
from xinfang.petitions.models import Petition


def test_login_required_and_login_page_in_chinese(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "登录智慧信访" in Client().get("/accounts/login/").content.decode()


def test_home_lists_my_desk_with_countdown(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.SIGNED)
    page = client_as(org.housing_handler).get("/").content.decode()
    assert petition.number in page and "剩余" in page and "待办" in page


@pytest.mark.parametrize("count", [3, 30])
def test_pages_make_a_bounded_number_of_queries(
    org: Org,
    client_as,
    count: int,  # type: ignore[no-untyped-def]
    django_assert_max_num_queries,
) -> None:
    petitions = [petition_in(org, Status.ANSWERED) for _ in range(count)]
    client = client_as(org.leader)
    # Home: 15 — the two kinds of approval are read one by one, each from its covering index.
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/petitions/").status_code == 200
    # The detail page: 24 queries for 3 and for 30 petitions — the offered acts' facts
    # (recusal, 会办, 交办, issued documents, ratings) in one query, the clocks read once for the
    # rules and the table, the people for 回避 only when it is offered (the unit's 会办 rows are read
    # once per request); the bound is what matters.
    with django_assert_max_num_queries(26):
        assert client.get(f"/petitions/{petitions[0].pk}/").status_code == 200
    # The handler holding a matter in hand is offered 回避 (the people list) and most acts: same bound.
    handling = petition_in(org, Status.HANDLING)
    handler = client_as(org.housing_handler)
    with django_assert_max_num_queries(26):
        page = handler.get(f"/petitions/{handling.pk}/")
    assert page.status_code == 200 and 'data-act="recuse"' in page.content.decode()


def test_list_filters_and_bad_filter(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.REGISTERED)
    client = client_as(org.registrar)
    assert petition.number in client.get("/petitions/", {"q": petition.number}).content.decode()
    assert "没有符合条件" in client.get("/petitions/", {"status": "closed"}).content.decode()
    assert "筛选条件有误" in client.get("/petitions/", {"received_from": "昨天"}).content.decode()


def test_the_sorted_column_shows_its_direction(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    petition_in(org, Status.REGISTERED)
    client = client_as(org.registrar)
    newest = client.get("/petitions/", {"status": "registered"}).content.decode()
    assert 'aria-sort="descending"><a href="?status=registered&sort=-received"' in newest
    assert "收到时间 ↓" in newest and "编号 ↑" not in newest
    oldest = client.get("/petitions/", {"status": "registered", "sort": "-received"}).content.decode()
    assert "收到时间 ↑" in oldest and 'href="?status=registered&sort=received"' in oldest
    by_due = client.get("/petitions/", {"sort": "due"}).content.decode()
    assert "最近期限 ↑" in by_due and "收到时间 ↓" not in by_due
    unknown = client.get("/petitions/", {"sort": "nonsense"}).content.decode()
    assert "收到时间 ↓" in unknown  # an unknown sort is the default, and says so


def test_a_date_range_that_cannot_match_names_the_field(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    """自 after 至 said so on the list and for the ledger (it returned an empty list, silently)."""
    petition_in(org, Status.REGISTERED)
    client = client_as(org.registrar)
    backwards = {"received_from": "2026-05-02", "received_to": "2026-05-01"}
    page = client.get("/petitions/", backwards).content.decode()
    assert "收到日期（至）：不能早于收到日期（自）" in page and "收到日期（至）：收到日期（至）" not in page
    same_day = client.get("/petitions/", {"received_from": "2026-05-01", "received_to": "2026-05-01"})
    assert "筛选条件有误" not in same_day.content.decode()
    ledger = client.get("/ledgers/export.xlsx", backwards, follow=True).content.decode()
    assert "未导出台账" in ledger and "收到时间至" in ledger


def test_detail_masks_and_offers_only_allowed_acts(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.DISPATCHED)
    page = client_as(org.housing_handler).get(f"/petitions/{petition.pk}/").content.decode()
    assert 'data-act="sign"' in page and 'data-act="reply"' not in page
    assert petition.petitioner_id_number not in page and "脱敏" in page
    assert "D3" in page and "第二十三条第三款" in page
    assert client_as(org.labour_handler).get(f"/petitions/{petition.pk}/").status_code == 404


def test_act_form_success_and_error_messages(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    petition = petition_in(org, Status.HANDLING)
    client = client_as(org.housing_handler)
    response = client.post(
        f"/petitions/{petition.pk}/act/reply/",
        {"outcome": "support", "opinion": "支持", "legal_basis": "", "version": petition.version},
        follow=True,
    )
    assert "法律法规依据" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).status == Status.HANDLING
    response = client.post(
        f"/petitions/{petition.pk}/act/reply/",
        {
            "outcome": "support",
            "opinion": "支持",
            "legal_basis": "《劳动合同法》第三十条",
            "version": petition.version,
        },
        follow=True,
    )
    # 出具意见书 is irreversible: the first post shows what will happen and the notice produced.
    confirm = response.content.decode()
    assert (
        "此操作不可撤销" in confirm
        and "信访处理意见书" in confirm
        and 'name="confirmed" value="1"' in confirm
    )
    assert Petition.objects.get(pk=petition.pk).status == Status.HANDLING
    response = client.post(
        f"/petitions/{petition.pk}/act/reply/",
        {
            "outcome": "support",
            "opinion": "支持",
            "legal_basis": "《劳动合同法》第三十条",
            "version": petition.version,
            "confirmed": "1",
        },
        follow=True,
    )
    assert "已完成「出具处理意见书」" in response.content.decode()
    stale = client.post(
        f"/petitions/{petition.pk}/act/evaluate/",
        {"option": "satisfied", "version": petition.version},
        follow=True,
    )
    assert "已被他人修改" in stale.content.decode()


def test_register_check_then_confirm_prints_receipt(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as(org.registrar)
    form = {
        "channel": "visit",
        "category": "labour",
        "title": "工地欠薪",
        "content": "不服法院判决，要求执行",
        "petitioner_name": "赵六",
        "petitioner_id_number": valid_id(11),
        "petitioner_phone": "13700001234",
        "location_unit": org.community_a.pk,
        "people_count": "1",
    }
    checked = client.post("/register/check/", form).content.decode()
    assert "第二十二条第二款" in checked
    assert not Petition.objects.exists()
    response = client.post("/register/", form, follow=True)
    petition = Petition.objects.get()
    page = response.content.decode()
    assert petition.query_code in page and "登记回执" in page


def test_register_form_errors_name_the_field(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as(org.registrar).post(
        "/register/",
        {
            "channel": "visit",
            "category": "labour",
            "title": "x",
            "content": "y",
            "petitioner_name": "钱七",
            "petitioner_id_number": "123",
            "location_unit": org.community_a.pk,
        },
        follow=True,
    )
    assert "身份证号码无效" in response.content.decode()
    assert not Petition.objects.exists()


def test_register_form_preselects_no_channel_category_or_place(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    """形式, 分类 and 属地 decide clocks, routing and the competent organ: the registrar chooses each
    one; a form left at 请选择 is refused with each field named, and nothing is written."""
    client = client_as(org.registrar)
    page = client.get("/register/").content.decode()
    for field in ("channel", "category", "location_unit"):
        opening = page.index(f'<select id="{field}"')
        select = page[opening : page.index("</select>", opening)]
        assert '<option value="">请选择</option>' in select and "selected" not in select
    response = client.post(
        "/register/",
        {
            "channel": "",
            "category": "",
            "location_unit": "",
            "title": "工地欠薪",
            "content": "要求支付工资",
            "petitioner_name": "孙八",
        },
    )
    errors = response.content.decode()
    for field in ("channel", "category", "location_unit"):
        opening = errors.index(f'<select id="{field}"')
        assert 'aria-invalid="true"' in errors[opening : errors.index(">", opening)]
    assert not Petition.objects.exists()


def test_home_of_a_role_with_no_desk_shows_an_empty_to_do(org: Org, client_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """督查专员 acts on no petition's desk (their to-do is empty by rule): home is a page, not a 500,
    also when the table is larger than the planner's probe window (the demo's 2,000 petitions)."""
    from xinfang.petitions import pages

    monkeypatch.setattr(pages, "PROBE_ROWS", 3)
    for i in range(5):
        register(org, title=f"第{i}件")
    supervisor = staff(org.bureau, scope=DataScope.ALL, perms=[str(Perm.SUPERVISE)])
    response = client_as(supervisor).get("/")
    assert response.status_code == 200 and "待办" in response.content.decode()


def test_upload_from_page(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    petition = register(org)
    client = client_as(org.registrar)
    response = client.post(
        f"/petitions/{petition.pk}/upload/",
        {"file": SimpleUploadedFile("说明.txt", "材料".encode())},
        follow=True,
    )
    assert "已上传" in response.content.decode()
    assert petition.attachments.count() == 1


def test_list_count_is_capped(org: Org, client_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from xinfang.petitions import pages

    monkeypatch.setattr(pages, "COUNT_CAP", 2)
    for _ in range(3):
        petition_in(org, Status.REGISTERED)
    page = client_as(org.registrar).get("/petitions/").content.decode()
    assert "请增加筛选条件" in page


def test_the_pager_numbers_pages_and_jumps_keeping_the_filters(org: Org, client_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Numbered pages and a jump, not only 上一页/下一页 (usability findings)."""
    from xinfang.web.views import petitions as views

    for _ in range(7):
        petition_in(org, Status.REGISTERED)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    page = client_as(org.registrar).get("/petitions/", {"status": "registered", "page": 4}).content.decode()
    assert '<strong aria-current="page">4</strong>' in page
    for number in (1, 2, 3, 5, 6, 7):
        assert f'href="?status=registered&page={number}"' in page
    assert 'name="status" value="registered"' in page and 'max="7"' in page and "跳转" in page
    assert "第 4 / 7 页，共 7 件" in page


@pytest.mark.parametrize(
    ("number", "pages", "links"),
    [
        (1, 1, [1]),
        (1, 9, [1, 2, 3, None, 9]),
        (5, 9, [1, None, 3, 4, 5, 6, 7, None, 9]),
        (4, 9, [1, 2, 3, 4, 5, 6, None, 9]),
        (9, 9, [1, None, 7, 8, 9]),
    ],
)
def test_page_links_leave_out_the_far_pages(number: int, pages: int, links: list[int | None]) -> None:
    from xinfang.web.paging import Page, page_links

    page = Page(number=number, size=1, object_list=[], has_next=number < pages, count=pages)
    assert page_links(page) == links


def test_routing_table_preselects_the_handling_unit(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    from xinfang.petitions.models import RoutingRule
    from xinfang.petitions.selectors import routing_unit_for

    RoutingRule.objects.create(category=org.categories["housing"], area=None, handling_unit=org.housing)
    RoutingRule.objects.create(
        category=org.categories["housing"], area=org.street_b, handling_unit=org.street_b
    )
    here = register(org)  # located in community A (street A): the district-wide rule applies
    there = register(org, location_unit=org.community_b)
    assert routing_unit_for(here) == org.housing
    assert routing_unit_for(there) == org.street_b
    page = client_as(org.registrar).get(f"/petitions/{there.pk}/").content.decode()
    assert f'<option value="{org.street_b.pk}" selected>' in page and "分拨路由表" in page


def test_newest_first_pages(org: Org) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from xinfang.web.paging import list_page

    ages = [0, 10, 40, 100, 400, 1200]
    for age in ages:
        register(org, received_at=timezone.now() - timedelta(days=age, minutes=1), title=f"{age}天前")
    first = list_page(Petition.objects.all(), number=1, size=4)
    assert [p.title for p in first.object_list] == ["0天前", "10天前", "40天前", "100天前"]
    second = list_page(Petition.objects.all(), number="2", size=4)
    assert [p.title for p in second.object_list] == ["400天前", "1200天前"]
    assert first.has_next and not second.has_next and first.count == 6
    assert list_page(Petition.objects.all(), number="x", size=4).number == 1


def test_links_to_petitions_the_user_may_not_open_are_not_shown(org: Org) -> None:
    from xinfang.petitions.models import PetitionLink

    mine = petition_in(org, "dispatched")
    hidden = register(
        org, category=org.categories["accusation"], accused_unit=org.housing, title="举报住建局某科长"
    )
    PetitionLink.objects.create(source=mine, target=hidden, kind="duplicate_of")
    viewer = Client()
    viewer.force_login(org.housing_handler)
    page = viewer.get(f"/petitions/{mine.pk}/").content.decode()
    assert mine.number in page and hidden.number not in page


def test_dashboard_links_filter_by_place_and_measure(org: Org) -> None:
    from xinfang.petitions.constants import Escalation

    here = register(org, title="甲社区的事", escalation=Escalation.BEIJING)
    there = register(org, title="乙社区的事", location_unit=org.community_b)
    viewer = Client()
    viewer.force_login(org.leader)
    by_street = viewer.get("/petitions/", {"location": org.street_a.pk}).content.decode()
    assert here.number in by_street and there.number not in by_street
    beijing = viewer.get("/petitions/", {"measure": "beijing"}).content.decode()
    assert here.number in beijing and there.number not in beijing
    assert here.number not in viewer.get("/petitions/", {"measure": "no-such"}).content.decode()


def test_the_hearing_form_asks_when_where_who_and_the_record(org: Org, client_as) -> None:  # type: ignore[no-untyped-def]
    """举行听证 had no fields (usability findings): date, place and participants; 结束听证 the record."""
    petition = petition_in(org, Status.UNDER_RECHECK)
    client = client_as(org.rechecker)
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    for label in ("听证日期（不填为今天）", "听证地点", "参加人员（听证员、信访人及有关单位人员）"):
        assert label in page
    refused = client.post(f"/petitions/{petition.pk}/act/start_hearing/", {"place": "听证室"}, follow=True)
    assert "参加人员（听证员、信访人及有关单位人员）：该字段是必填项" in refused.content.decode()
    client.post(
        f"/petitions/{petition.pk}/act/start_hearing/",
        {"place": "区政府听证室", "participants": "听证员三人、信访人"},
    )
    petition.refresh_from_db()
    assert petition.hearing_open
    timeline = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "区政府听证室" in timeline and "听证结束日期（不填为今天）" in timeline
