"""Queues (#11.3, ADR 0014 §1): ``todo_for`` is complete, ordered by urgency, counted by the
maintained counters, and the unit head's approvals are decided, recorded and notified."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import ALL_PERMS, HANDLER_PERMS, Org, petition_in, register, staff
from xinfang.common.exceptions import RuleViolation
from xinfang.orgs.constants import Perm
from xinfang.petitions import services
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.pages import boundary_forget
from xinfang.petitions.permissions import acts_available, desk_acts
from xinfang.petitions.selectors import approvals_for, petitions_visible_to, todo_for
from xinfang.petitions.tally import todo_counts
from xinfang.supervision.constants import NotificationKind
from xinfang.supervision.models import Notification


def _dispatched_to_housing(org: Org, n: int) -> list[Petition]:
    return [
        services.petition_dispatch(
            petition=register(org, title=f"事项{i}"),
            actor=org.registrar,
            to_unit=org.housing,
            mode="transfer",
        )
        for i in range(n)
    ]


def test_todo_is_every_open_petition_the_user_can_act_on_at_their_unit(org: Org) -> None:
    handler = org.housing_handler
    on_desk = [
        petition_in(org, status)
        for status in (Status.DISPATCHED, Status.SIGNED, Status.HANDLING, Status.ANSWERED)
    ]
    elsewhere = petition_in(org, Status.REGISTERED)  # at the bureau
    closed = petition_in(org, Status.CLOSED)
    todo = set(todo_for(handler).values_list("pk", flat=True))
    assert todo == {p.pk for p in on_desk}
    assert elsewhere.pk not in todo and closed.pk not in todo
    # The same rule, petition by petition: a desk act is available on each, on none of the others.
    for petition in Petition.objects.filter(current_unit=org.housing):
        assert bool(desk_acts(acts_available(handler, petition))) == (petition.pk in todo), petition.status


def test_a_role_without_the_act_has_no_such_todo(org: Org) -> None:
    signer = staff(org.housing, perms=[Perm.SIGN])
    dispatched = petition_in(org, Status.DISPATCHED)
    handling = petition_in(org, Status.HANDLING)
    assert list(todo_for(signer).values_list("pk", flat=True)) == [dispatched.pk]
    assert handling.pk in set(todo_for(org.housing_handler).values_list("pk", flat=True))


def test_home_todo_is_complete_beyond_two_and_a_half_pages_and_ordered_by_urgency(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        late = _dispatched_to_housing(org, 2)  # their 签收/受理 clocks have run out
    fresh = _dispatched_to_housing(org, 53)
    boundary_forget()
    client.force_login(org.housing_handler)
    seen: list[int] = []
    url = "/"
    for _ in range(10):
        page = client.get(url).content.decode()
        seen += [int(pk) for pk in re.findall(r'<tr data-petition="(\d+)">', page)]
        nxt = re.search(r'<a rel="next" href="\?([^"]+)">', page)
        if not nxt:
            break
        url = "/?" + nxt.group(1).replace("&amp;", "&")
    expected = list(todo_for(org.housing_handler).order_by("next_due_on", "-pk").values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 55
    assert seen == expected
    assert set(seen[:2]) == {p.pk for p in late}  # overdue first
    assert {p.pk for p in fresh} <= set(seen)


def test_todo_continues_by_cursor_past_the_count_cap(org: Org, client, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from xinfang.web.views import home

    monkeypatch.setattr(home, "COUNT_CAP", 10)  # the numbered pages end here; the cursor goes on
    _dispatched_to_housing(org, 25)
    boundary_forget()
    client.force_login(org.housing_handler)
    seen: list[int] = []
    url = "/"
    cursors = 0
    for _ in range(10):
        page = client.get(url).content.decode()
        seen += [int(pk) for pk in re.findall(r'<tr data-petition="(\d+)">', page)]
        nxt = re.search(r'<a rel="next" href="\?([^"]+)">', page)
        if not nxt:
            break
        cursors += nxt.group(1).startswith("after=")
        url = "/?" + nxt.group(1).replace("&amp;", "&")
    assert len(seen) == len(set(seen)) == 25
    assert cursors >= 1


def test_todo_counts_come_from_the_counters_and_equal_the_lists_they_link(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    for status in (Status.DISPATCHED, Status.DISPATCHED, Status.SIGNED, Status.HANDLING, Status.ANSWERED):
        petition_in(org, status)
    head = staff(org.housing, perms=ALL_PERMS)
    counts = todo_counts(head, cap=1000)
    desk = todo_for(head).exclude(pending_extension=True)
    assert counts.by_status == {
        s: desk.filter(status=s).count() for s in set(desk.values_list("status", flat=True))
    }
    client.force_login(head)
    page = client.get("/").content.decode()
    links = re.findall(r'<a data-status="(\w+)" href="([^"]+)">(\d+)</a>', page)
    assert {s for s, _, _ in links} == set(counts.by_status)
    for status, href, shown in links:
        listed = client.get(href.replace("&amp;", "&")).content.decode()
        rows = re.findall(r'href="/petitions/(\d+)/"', listed)
        assert int(shown) == counts.by_status[status] == len(set(rows)), status


def _extension_requested(org: Org) -> Petition:
    petition = petition_in(org, Status.HANDLING)
    return services.petition_request_extension(
        petition=petition, actor=org.housing_handler, days=20, reason="需要委托鉴定"
    )


@pytest.fixture
def head(org: Org):  # type: ignore[no-untyped-def]
    return staff(org.housing, perms=[*HANDLER_PERMS, Perm.VIEW_PII], first_name="局长")


def test_extension_request_reaches_the_head_prefilled_and_approval_is_recorded_and_notified(
    org: Org,
    head,
    client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        petition = _extension_requested(org)
    assert list(approvals_for(head)) == [petition]
    assert petition.pk in set(todo_for(head).values_list("pk", flat=True))
    asked = Notification.objects.filter(recipient=head, kind=NotificationKind.APPROVAL, petition=petition)
    assert asked.count() == 1
    assert not Notification.objects.filter(
        recipient=org.housing_handler, kind=NotificationKind.APPROVAL
    ).exists()

    client.force_login(head)
    page = client.get("/approvals/").content.decode()
    assert 'name="days" value="20"' in page and "需要委托鉴定</textarea>" in page
    assert "延期申请待审批" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/petitions/{petition.pk}/act/extend/",
            {"version": petition.version, "days": 20, "reason": "需要委托鉴定", "back": "approvals"},
        )
    assert response.status_code == 302 and response["Location"] == "/approvals/"
    petition.refresh_from_db()
    assert not petition.pending_extension
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == Act.EXTEND
    assert event.payload["requested_by"] == org.housing_handler.pk and event.payload["days"] == 20
    told = Notification.objects.get(recipient=org.housing_handler, kind=NotificationKind.APPROVAL_DECIDED)
    assert "已批准" in told.title and "需要委托鉴定" in told.body
    assert list(approvals_for(head)) == []
    # Only once (Art. 34): neither a second request nor a second extension is offered or taken.
    offered = acts_available(org.housing_handler, petition)
    assert Act.REQUEST_EXTENSION not in offered and Act.EXTEND not in offered
    with pytest.raises(RuleViolation, match="只能延长一次"):
        services.petition_request_extension(
            petition=petition, actor=org.housing_handler, days=5, reason="再延"
        )


def test_extension_refused_with_reason_is_recorded_and_notified(
    org: Org,
    head,
    client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    petition = _extension_requested(org)
    assert Act.REQUEST_EXTENSION not in acts_available(org.housing_handler, petition)  # one waits already
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/petitions/{petition.pk}/act/refuse_extension/",
            {"version": petition.version, "reason": "鉴定可在期限内完成", "back": "approvals"},
        )
    petition.refresh_from_db()
    event = petition.events.order_by("-seq").first()
    assert event is not None and event.kind == Act.REFUSE_EXTENSION
    assert event.payload["reason"] == "鉴定可在期限内完成" and event.payload["requested_days"] == 20
    assert not petition.pending_extension and not petition.deadlines.filter(code="D6").exists()
    told = Notification.objects.get(recipient=org.housing_handler, kind=NotificationKind.APPROVAL_DECIDED)
    assert "未获批准" in told.title and "鉴定可在期限内完成" in told.body
    assert Act.REFUSE_EXTENSION not in acts_available(head, petition)
    with pytest.raises(RuleViolation):
        services.petition_refuse_extension(petition=petition, actor=head, reason="again")


def test_return_request_waits_for_the_dispatching_unit_and_reaches_its_approvers(
    org: Org,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        petition = petition_in(org, Status.RETURN_REQUESTED)
    assert petition.pk in set(approvals_for(org.registrar).values_list("pk", flat=True))
    assert petition.pk not in set(todo_for(org.housing_handler).values_list("pk", flat=True))
    assert Notification.objects.filter(recipient=org.registrar, kind=NotificationKind.APPROVAL).exists()
    with django_capture_on_commit_callbacks(execute=True):
        petition = services.petition_reject_return(
            petition=petition, actor=org.registrar, reason="属本部门职能"
        )
    told = Notification.objects.get(recipient=org.housing_handler, kind=NotificationKind.APPROVAL_DECIDED)
    assert "未获同意" in told.title


def test_each_kind_of_approval_is_counted_on_its_own_and_home_shows_their_sum(
    org: Org,
    head,
    client,  # type: ignore[no-untyped-def]
) -> None:
    """``todo_counts`` reads the two kinds separately (each covered by its own partial index) and
    agrees with the approvals queue; the home page shows the sum, "+" past the cap."""
    _extension_requested(org)
    returned = [petition_in(org, Status.RETURN_REQUESTED) for _ in range(2)]
    extension = todo_counts(head, cap=100)
    assert (extension.extensions, extension.returns, extension.approvals) == (1, 0, 1)
    registrar = todo_counts(org.registrar, cap=100)
    assert (registrar.extensions, registrar.returns) == (0, 2)
    assert registrar.approvals == approvals_for(org.registrar).count() == len(returned)
    assert todo_counts(org.registrar, cap=1).returns == 2  # capped at cap + 1: "more than the cap"
    client.force_login(org.registrar)
    assert '待审批<b><a href="/approvals/">2</a>' in client.get("/").content.decode()


def test_a_capped_count_shows_as_the_cap_and_a_plus() -> None:
    """A read capped at cap + 1 is "more than the cap": the home page shows 1000+, never 1001."""
    from xinfang.web.templatetags.workbench import beyond

    assert [beyond(n, 1000) for n in (None, 0, 7, 1000, 1001, 2002)] == [
        "0",
        "0",
        "7",
        "1000",
        "1000+",
        "1000+",
    ]


def test_a_dispatched_matter_notifies_who_must_sign(org: Org, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    bystander = staff(org.housing, perms=[Perm.EVALUATE])
    with django_capture_on_commit_callbacks(execute=True):
        petition = petition_in(org, Status.DISPATCHED)
    needed = Notification.objects.filter(kind=NotificationKind.ACT_NEEDED, petition=petition)
    assert set(needed.values_list("recipient_id", flat=True)) == {org.housing_handler.pk}
    assert bystander.pk not in set(needed.values_list("recipient_id", flat=True))


def test_todo_stays_inside_visibility(org: Org) -> None:
    for user in (org.registrar, org.housing_handler, org.leader, org.reviewer):
        assert not todo_for(user).exclude(pk__in=petitions_visible_to(user)).exists()


def test_menus_hide_what_the_role_cannot_do(org: Org, client) -> None:  # type: ignore[no-untyped-def]
    handler = staff(org.housing, perms=[Perm.SIGN, Perm.ACCEPT, Perm.HANDLE, Perm.REPLY, Perm.EVALUATE])
    client.force_login(handler)
    page = client.get("/").content.decode()
    assert 'href="/register/"' not in page and "待审批</a>" not in page
    assert 'href="/ledgers/import/"' not in client.get("/petitions/").content.decode()
    assert client.get("/register/").status_code == 403
    assert client.get("/ledgers/import/").status_code == 403
    client.force_login(org.registrar)
    page = client.get("/").content.decode()
    assert 'href="/register/"' in page and 'href="/approvals/"' in page
    assert 'href="/ledgers/import/"' in client.get("/petitions/").content.decode()


def test_every_act_decides_whether_it_waits_for_someone() -> None:
    """Whether an act puts a petition on a desk is a property of the act in the one table
    (``Transition.waits``), not a hand list; ``NOT_WAITING`` is derived from it."""
    from xinfang.petitions.lifecycle import TRANSITIONS
    from xinfang.petitions.permissions import NOT_WAITING

    assert set(TRANSITIONS) == set(Act) - {Act.REGISTER}
    for act, transition in TRANSITIONS.items():
        assert isinstance(transition.waits, bool), act
    assert NOT_WAITING == {act for act, transition in TRANSITIONS.items() if not transition.waits}
    # Acts that may come at any stage wait for nobody; what the holder owes next does.
    assert {Act.ATTACH, Act.REPORT_MAJOR, Act.EXTEND, Act.RECUSE, Act.CORRECT, Act.SERVE} <= NOT_WAITING
    assert not {Act.SIGN, Act.ACCEPT, Act.REPLY, Act.DECIDE_REVIEW} & NOT_WAITING
