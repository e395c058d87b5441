"""The supervision pages: forms reach the services, refusals become Chinese messages, visibility holds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from tests.factories import Org, petition_in, staff
from tests.supervision.conftest import issue, order_in
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Status
from xinfang.supervision.constants import OrderStatus
from xinfang.supervision.context_processors import notifications as unread_processor
from xinfang.supervision.models import (
    CaseOwnership,
    KeyCase,
    Notification,
    QualityReview,
    Reminder,
    ReviewItem,
    SupervisionOrder,
)

ClientFor = Callable[[User], Client]


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_login_required(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/supervision/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_overview_for_the_supervisor_and_the_target_unit(
    org: Org, supervisor: User, client_as: ClientFor
) -> None:
    order = issue(org, supervisor, listed=True)
    page = _text(client_as(supervisor).get("/supervision/"))
    assert "本单位发出的督办" in page and order.number in page and "新建督办单" in page
    page = _text(client_as(org.housing_handler).get("/supervision/"))
    assert "待本单位书面反馈的督办" in page and order.number in page and "新建督办单" not in page
    assert "挂牌督办" in page and "督办：" in page  # the unread issue notification


def test_order_created_from_a_petition(org: Org, supervisor: User, client_as: ClientFor) -> None:
    petition = petition_in(org, Status.HANDLING)
    client = client_as(supervisor)
    form = _text(client.get(f"/supervision/orders/new/?petition={petition.pk}"))
    assert petition.number in form and "追究责任的建议" in form
    # The unit picker follows the unit tree, with the filter box (#11.7).
    assert "data-unit-filter" in form and '<optgroup label="测试市 › 测试区 › 甲街道">' in form
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        "/supervision/orders/new/",
        {
            "petition": petition.pk,
            "target_unit": org.housing.pk,
            "problem": "delay",
            "reason": "accountability",
            "content": "拖延办理造成严重后果",
            "due_on": due,
            "listed": "on",
        },
    )
    order = SupervisionOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/orders/{order.pk}/"
    assert order.petition == petition and order.listed and order.reason == "accountability"
    assert "已发出督办单" in _text(client.get(response["Location"]))


def test_order_form_errors_are_shown_in_chinese(org: Org, supervisor: User, client_as: ClientFor) -> None:
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = _text(
        client_as(supervisor).post(
            "/supervision/orders/new/",
            {
                "target_unit": org.housing.pk,
                "problem": "delay",
                "reason": "improve",
                "content": "x",
                "due_on": past,
            },
        )
    )
    assert "反馈期限应晚于今天" in page and not SupervisionOrder.objects.exists()


def test_order_form_preselects_no_problem_suggestion_or_unit(
    org: Org, supervisor: User, client_as: ClientFor
) -> None:
    """The Art. 40 problem and suggestion and the unit are the supervisor's own statement: nothing
    is chosen for them, and a form left at 请选择 is refused with each field marked."""
    client = client_as(supervisor)
    form = client.get("/supervision/orders/new/").content.decode()
    for field in ("target_unit", "problem", "reason"):
        opening = form.index(f'id="id_{field}"')
        select = form[opening : form.index("</select>", opening)]
        assert '<option value="" selected>请选择</option>' in select and select.count("selected") == 1
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    page = _text(
        client.post(
            "/supervision/orders/new/",
            {"target_unit": "", "problem": "", "reason": "", "content": "拖延办理", "due_on": due},
        )
    )
    for field in ("target_unit", "problem", "reason"):
        opening = page.index(f'<select name="{field}"')
        assert 'aria-invalid="true"' in page[opening : page.index(">", opening)]
        after = page.index("</select>", opening)
        assert page[after : after + 60].startswith('</select><div class="error">该字段是必填项。</div>')
    assert not SupervisionOrder.objects.exists()


def test_non_supervisors_get_403_on_supervisor_pages(org: Org, client_as: ClientFor) -> None:
    petition = petition_in(org, Status.CLOSED)
    client = client_as(org.housing_handler)
    for url in ("/supervision/orders/new/", f"/supervision/petitions/{petition.pk}/ownership/"):
        response = client.get(url)
        assert response.status_code == 403 and "督查人员" in _text(response)


def test_invisible_order_is_404(org: Org, supervisor: User, client_as: ClientFor) -> None:
    order = issue(org, supervisor)
    assert client_as(org.labour_handler).get(f"/supervision/orders/{order.pk}/").status_code == 404
    assert client_as(org.labour_handler).post(f"/supervision/orders/{order.pk}/close/").status_code == 404


def test_feedback_with_attachment_then_accept_and_close(
    org: Org, supervisor: User, client_as: ClientFor
) -> None:
    order = issue(org, supervisor)
    handler = client_as(org.housing_handler)
    detail = _text(handler.get(f"/supervision/orders/{order.pk}/"))
    assert "提交书面反馈" in detail and "认可反馈" not in detail
    upload = SimpleUploadedFile("整改情况.pdf", b"%PDF-1.7 ok", content_type="application/pdf")
    handler.post(
        f"/supervision/orders/{order.pk}/feedback/",
        {"adoption": "adopted", "feedback": "已整改到位", "materials": [upload]},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.FEEDBACK_SUBMITTED
    attachment = order.attachments.get()
    download = handler.get(f"/supervision/orders/{order.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    boss = client_as(supervisor)
    assert "认可反馈" in _text(boss.get(f"/supervision/orders/{order.pk}/"))
    boss.post(f"/supervision/orders/{order.pk}/decide/", {"decision": "accept", "note": "同意"})
    boss.post(f"/supervision/orders/{order.pk}/close/")
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


def test_return_without_reason_shows_the_error(org: Org, supervisor: User, client_as: ClientFor) -> None:
    order = order_in(org, supervisor, OrderStatus.FEEDBACK_SUBMITTED)
    client = client_as(supervisor)
    response = client.post(
        f"/supervision/orders/{order.pk}/decide/", {"decision": "return", "note": ""}, follow=True
    )
    assert "退回须说明理由" in _text(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.FEEDBACK_SUBMITTED


def test_wrong_state_act_shows_the_article(org: Org, supervisor: User, client_as: ClientFor) -> None:
    order = issue(org, supervisor)
    response = client_as(supervisor).post(f"/supervision/orders/{order.pk}/close/", follow=True)
    assert "不能执行「督办办结」" in _text(response) and "第四十条" in _text(response)


def test_listing_page_and_remind(org: Org, supervisor: User, client_as: ClientFor) -> None:
    order = issue(org, supervisor)
    boss = client_as(supervisor)
    boss.post(f"/supervision/orders/{order.pk}/listing/", {"listed": "1"})
    assert order.number in _text(client_as(org.street_b_handler).get("/supervision/listed/"))
    boss.post(f"/supervision/orders/{order.pk}/remind/", {"note": "请抓紧反馈"})
    assert Reminder.objects.filter(order=order).count() == 1
    assert "请抓紧反馈" in _text(boss.get(f"/supervision/orders/{order.pk}/"))


def test_order_list_filters_by_status(org: Org, supervisor: User, client_as: ClientFor) -> None:
    waiting = issue(org, supervisor)
    done = order_in(org, supervisor, OrderStatus.ACCEPTED)
    page = _text(client_as(supervisor).get("/supervision/orders/", {"status": "accepted"}))
    assert done.number in page and waiting.number not in page


def test_panel_on_the_petition_page_and_remind(org: Org, supervisor: User, client_as: ClientFor) -> None:
    petition = petition_in(org, Status.HANDLING)
    order = issue(org, supervisor, petition=petition)
    html = Template("{% load supervision_tags %}{% supervision_panel p user %}").render(
        Context({"p": petition, "user": supervisor, "csrf_token": "x"})
    )
    assert order.number in html and "催办" in html and "安排包案" in html and "督办</a>" in html
    quiet = Template("{% load supervision_tags %}{% supervision_panel p user %}").render(
        Context({"p": petition, "user": org.housing_handler})
    )
    assert order.number in quiet and "安排包案" not in quiet and "petition-remind" not in quiet
    response = client_as(supervisor).post(f"/supervision/petitions/{petition.pk}/remind/", {"note": "请加快"})
    assert response.status_code == 302 and Reminder.objects.filter(petition=petition).exists()


def test_ownership_page_assign_raise_release(org: Org, supervisor: User, client_as: ClientFor) -> None:
    petition = petition_in(org, Status.HANDLING)
    street_leader = staff(org.street_a, perms=[str(Perm.APPROVE), str(Perm.LEAD)], title="街道办主任")
    district_leader = staff(org.district, perms=[str(Perm.APPROVE), str(Perm.LEAD)], title="副区长")
    client = client_as(supervisor)
    url = f"/supervision/petitions/{petition.pk}/ownership/"
    form = _text(client.get(url))
    assert "安排领导包案" in form
    # The picker lists the leaders, not every handler (usability findings).
    picker = form.split('id="id_leader"')[1].split("</select>")[0]
    assert f'value="{street_leader.pk}"' in picker and f'value="{district_leader.pk}"' in picker
    assert f'value="{org.housing_handler.pk}"' not in picker and f'value="{supervisor.pk}"' not in picker
    refused = _text(client.post(url, {"action": "assign", "leader": org.housing_handler.pk}, follow=True))
    assert not CaseOwnership.objects.filter(petition=petition).exists() and "包案领导" in refused
    client.post(url, {"action": "assign", "leader": street_leader.pk})
    page = _text(client.get(url))
    assert "提级包案" in page and "街道乡镇级" in page
    page = _text(client.post(url, {"action": "raise", "leader": street_leader.pk}, follow=True))
    assert "提级须由高于街道乡镇级的领导包案" in page
    client.post(url, {"action": "raise", "leader": district_leader.pk, "note": "群体性"})
    assert (
        CaseOwnership.objects.filter(petition=petition, ended_at__isnull=True).get().leader == district_leader
    )
    client.post(url, {"action": "release"})
    assert not CaseOwnership.objects.filter(petition=petition, ended_at__isnull=True).exists()
    assert CaseOwnership.objects.filter(petition=petition).count() == 2


def test_key_case_ledger_create_update_close(org: Org, supervisor: User, client_as: ClientFor) -> None:
    petition = petition_in(org, Status.HANDLING)
    client = client_as(supervisor)
    client.post(
        "/supervision/key-cases/",
        {
            "kind": "case",
            "subject": "某小区群体诉求",
            "petition": petition.number.lower(),  # as typed off a page; the 编号, not the database id
            "status": "resolving",
            "officials": [org.housing_handler.pk, org.street_a_handler.pk],
        },
    )
    entry = KeyCase.objects.get()
    assert entry.petition == petition
    official = client_as(org.housing_handler)
    assert "某小区群体诉求" in _text(official.get("/supervision/key-cases/"))
    assert "建立台账" not in _text(official.get("/supervision/key-cases/"))
    page = _text(client.post(f"/supervision/key-cases/{entry.pk}/close/", {"note": "x"}, follow=True))
    assert "已化解后方可销号" in page
    official.post(f"/supervision/key-cases/{entry.pk}/status/", {"status": "resolved"})
    client.post(f"/supervision/key-cases/{entry.pk}/close/", {"note": "已签订协议并履行"})
    entry.refresh_from_db()
    assert entry.closed_at is not None and entry.closed_by == supervisor
    assert "已销号" in _text(client.get("/supervision/key-cases/"))
    assert client_as(org.labour_handler).post(f"/supervision/key-cases/{entry.pk}/status/").status_code == 404


def test_staff_pickers_are_grouped_by_unit(org: Org, supervisor: User, client_as: ClientFor) -> None:
    """责任人 and 包案领导: one group per unit in tree order, with the filter box (usability findings)."""
    form = _text(client_as(supervisor).get("/supervision/key-cases/"))
    officials = (
        form.split('id="id_officials"')[0].rsplit("<select", 1)[1] + form.split('id="id_officials"')[1]
    )
    officials = officials.split("</select>")[0]
    assert "data-unit-filter" in officials
    housing = officials.split('<optgroup label="测试市 › 测试区 › 区住建局">')[1].split("</optgroup>")[0]
    assert (
        f'value="{org.housing_handler.pk}"' in housing and f'value="{org.labour_handler.pk}"' not in housing
    )
    groups = [part.split('"')[0] for part in officials.split('<optgroup label="')[1:]]
    assert groups.index("测试市 › 测试区") < groups.index("测试市 › 测试区 › 区住建局")


def test_key_case_names_its_petition_by_number_or_query_code(
    org: Org, supervisor: User, client_as: ClientFor
) -> None:
    """Staff know a matter by its 编号 or 查询码, never by the database id (usability findings)."""
    petition = petition_in(org, Status.HANDLING)
    client = client_as(supervisor)
    form = _text(client.get("/supervision/key-cases/"))
    assert "关联信访事项（编号或查询码，可选）" in form and "id" not in form.split("关联信访事项")[1][:20]

    def create(reference: object) -> str:
        fields = {"kind": "case", "subject": f"台账{reference}", "status": "resolving"}
        fields |= {"petition": reference, "officials": [org.housing_handler.pk]}
        return _text(client.post("/supervision/key-cases/", fields, follow=True))

    create(petition.query_code)
    assert KeyCase.objects.get(subject=f"台账{petition.query_code}").petition == petition
    for wrong in (str(petition.pk), "XF209900000001", "不是编号"):
        page = create(wrong)
        assert "关联信访事项：未找到该编号或查询码的信访事项，或您无权查看" in page
        assert not KeyCase.objects.filter(subject=f"台账{wrong}").exists()
    # A matter the supervisor may not see is not found either (the one visibility selector).
    accusation = petition_in(
        org,
        Status.REGISTERED,
        type="accusation",
        category=org.categories["accusation"],
        accused_person=supervisor,
        accused_description="督查专员本人",
    )
    create(accusation.number)
    assert not KeyCase.objects.filter(subject=f"台账{accusation.number}").exists()


def test_review_form_scores_each_item(org: Org, supervisor: User, client_as: ClientFor) -> None:
    petition = petition_in(org, Status.ANSWERED)
    client = client_as(supervisor)
    url = f"/supervision/petitions/{petition.pk}/review/"
    page = _text(client.get(url))
    items = list(ReviewItem.objects.filter(is_active=True))
    assert all(item.name in page for item in items)
    data = {f"score_{item.code}": item.max_score - 1 for item in items}
    page = _text(client.post(url, {**data, "comment": "程序规范"}, follow=True))
    review = QualityReview.objects.get()
    assert review.total == sum(i.max_score for i in items) - len(items) and "已提交评查" in page
    again = _text(client.post(url, data, follow=True))
    assert "您已评查过该信访事项" in again


def test_notifications_page_open_and_read_all(org: Org, supervisor: User, client_as: ClientFor) -> None:
    order = issue(org, supervisor)
    issue(org, supervisor)
    client = client_as(org.housing_handler)
    page = _text(client.get("/supervision/notifications/"))
    assert "2 条未读" in page
    first = Notification.objects.filter(recipient=org.housing_handler, order=order).get()
    response = client.post(f"/supervision/notifications/{first.pk}/open/")
    assert response["Location"] == f"/supervision/orders/{order.pk}/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert (
        client_as(org.labour_handler).post(f"/supervision/notifications/{first.pk}/open/").status_code == 404
    )
    client.post("/supervision/notifications/read-all/")
    assert not Notification.objects.filter(recipient=org.housing_handler, read_at__isnull=True).exists()


def test_unread_count_for_the_navbar(org: Org, supervisor: User) -> None:
    issue(org, supervisor)
    request = RequestFactory().get("/")
    request.user = org.housing_handler
    count = unread_processor(request)["unread_notifications"]
    assert str(count) == "1" and count and count == 1
    html = Template("{% load supervision_tags %}{% unread_notifications %}").render(
        Context({"user": org.housing_handler})
    )
    assert html == "1"


@pytest.mark.parametrize("count", [2, 12])
def test_overview_makes_a_bounded_number_of_queries(
    org: Org,
    supervisor: User,
    client_as: ClientFor,
    count: int,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    petition = petition_in(org, Status.HANDLING)
    for _ in range(count):
        issue(org, supervisor, petition=petition, listed=True)
    client = client_as(supervisor)
    with django_assert_max_num_queries(16):
        assert client.get("/supervision/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/supervision/listed/").status_code == 200
