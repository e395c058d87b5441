"""督办单 services: issue checks, who acts, and every act from every state it is not allowed in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import Org, petition_in, staff
from tests.supervision.conftest import issue, order_in
from xinfang.common.exceptions import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.lifecycle import Status
from xinfang.supervision import services
from xinfang.supervision.constants import ORDER_TRANSITIONS, NotificationKind, OrderAct, OrderStatus
from xinfang.supervision.models import Notification, SupervisionLog, SupervisionOrder


def test_issue_records_order_audit_and_notifies_target_unit(org: Org, supervisor: User) -> None:
    petition = petition_in(org, Status.HANDLING)
    order = issue(org, supervisor, petition=petition, listed=True)
    assert order.status == OrderStatus.ISSUED and order.listed and order.listed_at is not None
    assert order.issuer_unit == org.bureau and order.number.startswith("DB")
    log = SupervisionLog.objects.get(order=order)
    assert (log.action, log.actor, log.petition, log.to_status) == (
        "order_issue",
        supervisor,
        petition,
        "issued",
    )
    notified = Notification.objects.filter(order=order, kind=NotificationKind.ORDER_ISSUED)
    assert set(notified.values_list("recipient", flat=True)) == {org.housing_handler.pk}
    assert "挂牌" in notified.get().title


def test_unit_wide_order_has_no_petition(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor, target_unit=org.street_a)
    assert order.petition is None and order.target_unit == org.street_a


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("problem", "unknown"),
        ("reason", "praise"),
        ("due_on", "today"),
        ("content", "  "),
    ],
)
def test_issue_validates_fields(org: Org, supervisor: User, field: str, value: object) -> None:
    if value == "today":
        value = timezone.localdate()
    with pytest.raises(ValidationFailed) as error:
        issue(org, supervisor, **{field: value})
    assert field in error.value.fields
    assert not SupervisionOrder.objects.exists()


def test_issue_refuses_own_unit_and_inactive_unit(org: Org, supervisor: User) -> None:
    with pytest.raises(ValidationFailed) as error:
        issue(org, supervisor, target_unit=org.bureau)
    assert "target_unit" in error.value.fields
    org.labour.is_active = False
    org.labour.save()
    with pytest.raises(ValidationFailed):
        issue(org, supervisor, target_unit=org.labour)


def test_three_recommendation_kinds_of_art_40(org: Org, supervisor: User) -> None:
    for reason in ("improve", "policy", "accountability"):
        assert issue(org, supervisor, reason=reason).reason == reason


@pytest.mark.parametrize(
    "who",
    ["housing_handler", "bureau_without_perm", "inactive_supervisor"],
)
def test_issue_needs_a_supervisor_of_a_petition_department(org: Org, supervisor: User, who: str) -> None:
    actor = {
        # A functional department may hold the permission, but Art. 40 gives 督办 to petition departments.
        "housing_handler": org.housing_handler,
        "bureau_without_perm": staff(org.bureau, perms=[str(Perm.REGISTER)]),
        "inactive_supervisor": staff(org.bureau, perms=[str(Perm.SUPERVISE)], is_active=False),
    }[who]
    assert actor.may(Perm.SUPERVISE) or who == "bureau_without_perm"
    with pytest.raises(PermissionDenied):
        issue(org, supervisor, actor=actor)


def test_issue_on_a_petition_the_supervisor_cannot_see_is_not_found(org: Org) -> None:
    petition = petition_in(org, Status.SIGNED)
    narrow = staff(org.bureau, perms=[str(Perm.SUPERVISE)])  # own-unit scope; petition now at housing
    petition.registered_unit_path = "/nowhere/"
    type(petition).objects.filter(pk=petition.pk).update(registered_unit_path="/nowhere/")
    with pytest.raises(NotFound):
        issue(org, narrow, petition=petition)


def test_accusation_order_never_goes_to_the_accused_unit(org: Org, supervisor: User) -> None:
    petition = petition_in(
        org,
        Status.REGISTERED,
        type=PetitionType.ACCUSATION,
        category=org.categories["accusation"],
        accused_unit=org.housing,
        accused_description="住建局某科长",
    )
    with pytest.raises(RuleViolation) as error:
        issue(org, supervisor, petition=petition, target_unit=org.housing)
    assert error.value.article and "第三十条" in error.value.article


def test_feedback_by_target_unit_with_attachment_notifies_issuer(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    upload = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    order = services.supervision_order_submit_feedback(
        order=order,
        actor=org.housing_handler,
        feedback="已约谈责任人并整改",
        adoption="adopted",
        files=[upload],
    )
    assert order.status == OrderStatus.FEEDBACK_SUBMITTED and order.feedback_by == org.housing_handler
    assert order.attachments.get().name == "整改报告.pdf"
    assert Notification.objects.filter(recipient=supervisor, kind=NotificationKind.ORDER_FEEDBACK).exists()
    assert SupervisionLog.objects.filter(order=order, action="order_submit_feedback").exists()


@pytest.mark.parametrize(
    ("feedback", "adoption", "files", "field"),
    [
        ("", "adopted", [], "feedback"),
        ("已整改", "maybe", [], "adoption"),
        ("已整改", "adopted", [SimpleUploadedFile("a.exe", b"MZ")], "files"),
        ("已整改", "adopted", [SimpleUploadedFile("a.pdf", b"not a pdf")], "files"),
    ],
)
def test_feedback_validation(
    org: Org, supervisor: User, feedback: str, adoption: str, files: list, field: str
) -> None:
    order = issue(org, supervisor)
    with pytest.raises(ValidationFailed) as error:
        services.supervision_order_submit_feedback(
            order=order, actor=org.housing_handler, feedback=feedback, adoption=adoption, files=files
        )
    assert field in error.value.fields
    order.refresh_from_db()
    assert order.status == OrderStatus.ISSUED and not order.attachments.exists()


def test_only_the_target_unit_answers(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    for outsider in (org.labour_handler, supervisor):
        with pytest.raises(PermissionDenied):
            services.supervision_order_submit_feedback(
                order=order, actor=outsider, feedback="代为反馈", adoption="adopted"
            )


def test_return_needs_a_reason_and_allows_a_new_answer(org: Org, supervisor: User) -> None:
    order = order_in(org, supervisor, OrderStatus.FEEDBACK_SUBMITTED)
    with pytest.raises(ValidationFailed) as error:
        services.supervision_order_return(order=order, actor=supervisor, note=" ")
    assert "note" in error.value.fields
    order = services.supervision_order_return(order=order, actor=supervisor, note="未说明采纳情况")
    assert order.status == OrderStatus.RETURNED
    assert Notification.objects.filter(
        recipient=org.housing_handler, kind=NotificationKind.ORDER_DECIDED
    ).exists()
    order = services.supervision_order_submit_feedback(
        order=order, actor=org.housing_handler, feedback="补充说明", adoption="partly"
    )
    assert order.status == OrderStatus.FEEDBACK_SUBMITTED and order.adoption == "partly"


def test_decisions_belong_to_the_issuing_office(org: Org, supervisor: User) -> None:
    order = order_in(org, supervisor, OrderStatus.FEEDBACK_SUBMITTED)
    elsewhere = staff(org.government, perms=[str(Perm.SUPERVISE)])  # a supervisor, but not the issuer
    colleague = staff(org.bureau, perms=[str(Perm.SUPERVISE)])
    for act in (services.supervision_order_accept, services.supervision_order_return):
        with pytest.raises(PermissionDenied):
            act(order=order, actor=elsewhere, note="x")
        with pytest.raises(PermissionDenied):
            act(order=order, actor=org.housing_handler, note="x")
    order = services.supervision_order_accept(order=order, actor=colleague)
    assert order.status == OrderStatus.ACCEPTED and order.reviewed_by == colleague


def test_close_takes_the_order_off_the_list(org: Org, supervisor: User) -> None:
    order = order_in(org, supervisor, OrderStatus.ACCEPTED, listed=True)
    order = services.supervision_order_close(order=order, actor=supervisor)
    assert order.status == OrderStatus.CLOSED and not order.listed and order.closed_at is not None
    assert list(
        SupervisionLog.objects.filter(order=order).values_list("action", flat=True).order_by("pk")
    ) == ["order_issue", "order_submit_feedback", "order_accept", "order_close"]


def test_listing_and_unlisting(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    order = services.supervision_order_list(order=order, actor=supervisor, listed=True)
    assert order.listed and order.listed_at is not None
    with pytest.raises(ValidationFailed):
        services.supervision_order_list(order=order, actor=supervisor, listed=True)
    with pytest.raises(PermissionDenied):
        services.supervision_order_list(order=order, actor=org.housing_handler, listed=False)
    order = services.supervision_order_list(order=order, actor=supervisor, listed=False)
    assert not order.listed


def _act(org: Org, supervisor: User, act: str) -> Callable[[SupervisionOrder], object]:
    calls: dict[str, Callable[[SupervisionOrder], object]] = {
        OrderAct.SUBMIT_FEEDBACK: lambda o: services.supervision_order_submit_feedback(
            order=o, actor=org.housing_handler, feedback="反馈", adoption="adopted"
        ),
        OrderAct.ACCEPT: lambda o: services.supervision_order_accept(order=o, actor=supervisor),
        OrderAct.RETURN: lambda o: services.supervision_order_return(order=o, actor=supervisor, note="退回"),
        OrderAct.CLOSE: lambda o: services.supervision_order_close(order=o, actor=supervisor),
        OrderAct.LIST: lambda o: services.supervision_order_list(order=o, actor=supervisor, listed=True),
        OrderAct.UNLIST: lambda o: services.supervision_order_list(order=o, actor=supervisor, listed=False),
        OrderAct.REMIND: lambda o: services.reminder_send_for_order(
            order=o, actor=supervisor, note="请尽快反馈"
        ),
    }
    return calls[act]


DISALLOWED = [
    (act, status)
    for act, transition in ORDER_TRANSITIONS.items()
    for status in OrderStatus.values
    if status not in transition.sources
]
ALLOWED = [
    (act, status)
    for act, transition in ORDER_TRANSITIONS.items()
    for status in OrderStatus.values
    if status in transition.sources
]


@pytest.mark.parametrize(("act", "status"), DISALLOWED)
def test_every_act_is_refused_from_every_disallowed_state(
    org: Org, supervisor: User, act: str, status: str
) -> None:
    order = order_in(org, supervisor, status)
    logged = SupervisionLog.objects.filter(order=order).count()
    with pytest.raises(InvalidTransition) as error:
        _act(org, supervisor, act)(order)
    assert error.value.article == ORDER_TRANSITIONS[act].article
    order.refresh_from_db()
    assert order.status == status and SupervisionLog.objects.filter(order=order).count() == logged


@pytest.mark.parametrize(("act", "status"), ALLOWED)
def test_every_act_is_taken_from_every_allowed_state(
    org: Org, supervisor: User, act: str, status: str
) -> None:
    listed = act == OrderAct.UNLIST  # unlisting needs a listed order
    order = order_in(org, supervisor, status, listed=listed)
    _act(org, supervisor, act)(order)
    order.refresh_from_db()
    target = ORDER_TRANSITIONS[act].target
    assert order.status == (target or status)


def test_stale_order_object_is_checked_against_the_stored_state(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor)
    stale = SupervisionOrder.objects.get(pk=order.pk)
    services.supervision_order_submit_feedback(
        order=order, actor=org.housing_handler, feedback="x", adoption="adopted"
    )
    with pytest.raises(InvalidTransition):
        services.supervision_order_submit_feedback(
            order=stale, actor=org.housing_handler, feedback="again", adoption="adopted"
        )


def test_due_date_in_the_past_after_time_passes_still_allows_feedback(org: Org, supervisor: User) -> None:
    order = issue(org, supervisor, due_on=timezone.localdate() + timedelta(days=1))
    SupervisionOrder.objects.filter(pk=order.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    order = services.supervision_order_submit_feedback(
        order=order, actor=org.housing_handler, feedback="逾期反馈", adoption="not_adopted"
    )
    assert order.status == OrderStatus.FEEDBACK_SUBMITTED


def test_an_order_is_numbered_by_its_year_in_beijing(org: Org, supervisor: User) -> None:
    """Issued at 07:00 on New Year's Day in Beijing (still 2026 in UTC): a 2027 number."""
    import time_machine

    petition = petition_in(org, Status.HANDLING)
    with time_machine.travel("2027-01-01 07:00 +0800", tick=False):
        order = issue(org, supervisor, petition=petition)
    assert order.number == f"DB2027{order.pk:05d}"
