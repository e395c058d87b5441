"""The warning job: clocks and 督办 orders past the warn ratio or overdue notify their owners once.

Levels, as Znuny's "notify before" and escalation events:

* ``warn``: a running duty clock has used ``XINFANG_RULES["warn_ratio"]`` of its
  time (the same share the workbench colours as 即将到期) — the responsible staff;
* ``overdue``: its due day has passed — the responsible staff and the 包案 leader;
* ``escalated``: overdue, reported to the supervising office (staff with
  ``Perm.SUPERVISE`` in a petition bureau or government who can see the petition,
  Art. 14(3), 40); for an overdue order, the issuer.

Idempotency: every notification is created together with a ``WarningMark`` whose
(subject, level, recipient) is unique in the database. Running twice, or two
runs at once, creates each notification exactly once. Each chunk of duties is
one short transaction (bulk inserts; a long run holds no locks for long); if a
concurrent run marked one of its notifications first, the chunk is rolled back
and written row by row, each row its own transaction.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES
from xinfang.petitions.models import Deadline
from xinfang.petitions.selectors import petitions_visible_to
from xinfang.statute.dtable import DUTY, ClockState

from .constants import AWAITING_FEEDBACK, NotificationKind, WarningLevel
from .models import CaseOwnership, Notification, SupervisionOrder, WarningMark
from .permissions import supervisors
from .senders import deliver
from .unread import unread_add

# Longest duty clock span considered (D6 runs up to 90 days from acceptance; pauses and
# rest-day rollover add some). Clocks due further out cannot have reached any sane ratio.
MAX_SPAN_DAYS = 180
CHUNK = 500  # petition ids per visibility query
# Duties per transaction: one read of their marks, two bulk inserts. 5,000 (0.5 s) rather than 500:
# the first run over a million petitions writes 291,000 notifications in 42 s instead of 58 s.
EMIT_CHUNK = 5000


def clock_level(start: date, due: date, today: date, ratio: float) -> str | None:
    """warn / overdue / None, by local calendar date (the same rule as the workbench colours)."""
    if today > due:
        return WarningLevel.OVERDUE
    total = max((due - start).days, 1)
    return WarningLevel.WARN if (today - start).days / total >= ratio else None


@dataclass(frozen=True)
class Watched:
    """A duty with a due date: a statutory clock or a 督办 order."""

    subject: str
    due_on: date
    link: str
    petition_id: int | None = None
    order_id: int | None = None


@dataclass
class Duty:
    """The message one level of a watched duty sends, and to whom."""

    watched: Watched
    level: str
    kind: str
    title: str
    body: str
    recipients: list[int]  # user ids


@dataclass
class WarningRun:
    created: dict[str, int] = field(default_factory=lambda: {level: 0 for level in WarningLevel.values})
    already_sent: int = 0
    notification_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.created.values())


def warn_ratio() -> float:
    return float(settings.XINFANG_RULES.get("warn_ratio", 0.8))


def warnings_run(*, today: date | None = None) -> WarningRun:
    """Notify every owed warning once; returns what was created and what had been sent before."""
    today = today or timezone.localdate()
    ratio = warn_ratio()
    run = WarningRun()
    duties = [*_clock_duties(today, ratio), *_order_duties(today, ratio)]
    for chunk in _chunks(duties, EMIT_CHUNK):
        _emit(chunk, run)
    if run.notification_ids:
        ids = list(run.notification_ids)
        transaction.on_commit(lambda: deliver(ids))
    return run


def _chunks(items: list[Duty], size: int) -> Iterator[list[Duty]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _emit(duties: list[Duty], run: WarningRun) -> None:
    """One chunk: the notifications not yet marked, written with their marks in one transaction."""
    sent = set(
        WarningMark.objects.filter(subject__in={d.watched.subject for d in duties}).values_list(
            "subject", "level", "recipient_id"
        )
    )
    now = timezone.now()
    owed: list[tuple[Duty, int]] = []
    for duty in duties:
        for recipient in dict.fromkeys(duty.recipients):
            key = (duty.watched.subject, duty.level, recipient)
            if key in sent:
                run.already_sent += 1
                continue
            sent.add(key)
            owed.append((duty, recipient))
    if not owed:
        return
    try:
        with transaction.atomic():
            notifications = Notification.objects.bulk_create(
                [_notification(duty, recipient, now) for duty, recipient in owed]
            )
            WarningMark.objects.bulk_create(
                [
                    _mark(duty, recipient, n, now)
                    for (duty, recipient), n in zip(owed, notifications, strict=True)
                ]
            )
            unread_add(Counter(recipient for _, recipient in owed))
        written = [(duty, n) for (duty, _), n in zip(owed, notifications, strict=True)]
    except IntegrityError:
        # A concurrent run marked one of these first: the chunk is rolled back, then each is
        # written on its own, so every notification still exists exactly once.
        written = []
        for duty, recipient in owed:
            notification = _create_once(duty, recipient, now)
            if notification is None:
                run.already_sent += 1
            else:
                written.append((duty, notification))
    for duty, notification in written:
        run.created[duty.level] += 1
        run.notification_ids.append(notification.pk)


def _notification(duty: Duty, recipient: int, now: datetime) -> Notification:
    return Notification(
        recipient_id=recipient,
        kind=duty.kind,
        title=duty.title[:200],
        body=duty.body,
        link=duty.watched.link[:200],
        petition_id=duty.watched.petition_id,
        order_id=duty.watched.order_id,
        created_at=now,
    )


def _mark(duty: Duty, recipient: int, notification: Notification, now: datetime) -> WarningMark:
    return WarningMark(
        subject=duty.watched.subject,
        level=duty.level,
        recipient_id=recipient,
        notification=notification,
        due_on=duty.watched.due_on,
        created_at=now,
    )


def _create_once(duty: Duty, recipient: int, now: datetime) -> Notification | None:
    try:
        with transaction.atomic():
            notification = _notification(duty, recipient, now)
            notification.save()
            _mark(duty, recipient, notification, now).save()
            unread_add({recipient: 1})
    except IntegrityError:
        return None
    return notification


# --- statutory clocks ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Clock:
    """One running duty clock with what its messages name (read as a row, not as models)."""

    petition_id: int
    code: str
    instance: int
    name: str
    article: str
    start_on: date
    due_on: date
    number: str
    title: str
    handler_id: int | None
    handler_active: bool | None
    unit_id: int
    unit_name: str


_CLOCK_COLUMNS = (
    "petition_id",
    "code",
    "instance",
    "name",
    "article",
    "start_on",
    "due_on",
    "petition__number",
    "petition__title",
    "petition__handler_id",
    "petition__handler__is_active",
    "petition__current_unit_id",
    "petition__current_unit__name",
)


def _running_clocks(today: date, ratio: float) -> list[tuple[_Clock, str]]:
    """Running duty clocks past the warn ratio or overdue, as rows (a model instance per clock,
    petition, handler and unit, and each petition's personal data decrypted, served nothing)."""
    horizon = today + timedelta(days=math.ceil(MAX_SPAN_DAYS * (1 - ratio)) + 1)
    rows = (
        Deadline.objects.filter(
            nature=DUTY,
            stopped_on__isnull=True,
            due_on__isnull=False,
            due_on__lte=horizon,
            state__in=[ClockState.RUNNING, ClockState.OVERDUE],
            petition__status__in=OPEN_STATES,
        )
        .order_by("due_on", "pk")
        .values_list(*_CLOCK_COLUMNS)
    )
    found = []
    # Read in one go, not through a server-side cursor: PostgreSQL plans a cursor for its first
    # tenth of rows (cursor_tuple_fraction), a nested loop that took 15 s for the 140,000 running
    # clocks of a million petitions against 1.2 s for the whole result. The list of warned clocks
    # returned holds as many rows anyway.
    for row in rows:
        clock = _Clock(*row)
        level = clock_level(clock.start_on, clock.due_on, today, ratio)
        if level is not None:
            found.append((clock, level))
    return found


def _clock_duties(today: date, ratio: float) -> list[Duty]:
    clocks = _running_clocks(today, ratio)
    if not clocks:
        return []
    handlers = _unit_handlers({clock.unit_id for clock, _ in clocks})
    overdue_ids = {clock.petition_id for clock, level in clocks if level == WarningLevel.OVERDUE}
    owners = _owners(overdue_ids)
    watchers = _supervisors_seeing(overdue_ids)
    duties = []
    link = _link_maker("web:petition-detail")
    for clock, level in clocks:
        watched = Watched(
            subject=f"clock:{clock.petition_id}:{clock.code}:{clock.instance}",
            due_on=clock.due_on,
            link=link(clock.petition_id),
            petition_id=clock.petition_id,
        )
        texts = _clock_texts(clock, today)
        responsible = _responsible(clock, handlers)
        if level == WarningLevel.WARN:
            duties.append(Duty(watched, level, NotificationKind.CLOCK_WARN, *texts["warn"], responsible))
            continue
        owner = [owners[clock.petition_id]] if clock.petition_id in owners else []
        duties.append(
            Duty(watched, level, NotificationKind.CLOCK_OVERDUE, *texts["overdue"], responsible + owner)
        )
        duties.append(
            Duty(
                watched,
                WarningLevel.ESCALATED,
                NotificationKind.CLOCK_ESCALATED,
                *texts["escalated"],
                watchers.get(clock.petition_id, []),
            )
        )
    return duties


def _link_maker(name: str) -> Callable[[int], str]:
    """The URL of the named one-key view for any key: reversed once, then formatted (``reverse``
    resolves the pattern on every call; a first run over a million petitions builds 300,000 links)."""
    marker = 9_876_543_210
    return reverse(name, args=[marker]).replace(str(marker), "{}").format


def _clock_texts(clock: _Clock, today: date) -> dict[str, tuple[str, str]]:
    """(title, body) per level."""
    what = f"信访事项{clock.number}「{clock.title[:30]}」的{clock.name}"
    basis = f"依据《信访工作条例》{clock.article}，应于{clock.due_on:%Y-%m-%d}前完成。"
    late = (today - clock.due_on).days
    return {
        "warn": (f"期限预警：{what}将于{clock.due_on:%Y-%m-%d}到期", basis),
        "overdue": (f"期限已超：{what}已超期{late}天", basis + "请尽快办理。"),
        "escalated": (
            f"超期督查：{clock.unit_name}办理的{what}已超期{late}天",
            basis + "请督促承办单位办理，必要时督办（第四十条）。",
        ),
    }


def _unit_handlers(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """Staff who handle petitions in each unit (Perm.HANDLE), for clocks without a named handler."""
    by_unit: dict[int, list[int]] = defaultdict(list)
    people = User.objects.filter(is_active=True, unit_id__in=set(unit_ids)).prefetch_related("roles")
    for user in people:
        if user.may(Perm.HANDLE) and user.unit_id is not None:
            by_unit[user.unit_id].append(user.pk)
    return by_unit


def _responsible(clock: _Clock, handlers: dict[int, list[int]]) -> list[int]:
    if clock.handler_id is not None and clock.handler_active:
        return [clock.handler_id]
    return list(handlers.get(clock.unit_id, []))


def _owners(petition_ids: set[int]) -> dict[int, int]:
    rows = CaseOwnership.objects.filter(
        petition_id__in=petition_ids, ended_at__isnull=True, leader__is_active=True
    ).values_list("petition_id", "leader_id")
    return dict(rows)


def _supervisors_seeing(petition_ids: set[int]) -> dict[int, list[int]]:
    """Escalation goes to the supervisors whose data scope covers the petition."""
    seeing: dict[int, list[int]] = defaultdict(list)
    if not petition_ids:
        return seeing
    ids = sorted(petition_ids)
    for supervisor in supervisors().prefetch_related("roles", "roles__custom_units"):
        visible = petitions_visible_to(supervisor)
        for start in range(0, len(ids), CHUNK):
            for pk in visible.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", flat=True):
                seeing[pk].append(supervisor.pk)
    return seeing


# --- 督办 orders ------------------------------------------------------------------------------


def _order_duties(today: date, ratio: float) -> list[Duty]:
    orders = SupervisionOrder.objects.filter(status__in=AWAITING_FEEDBACK).select_related(
        "target_unit", "issued_by"
    )
    pending = []
    for order in orders:
        level = clock_level(timezone.localtime(order.issued_at).date(), order.due_on, today, ratio)
        if level is not None:
            pending.append((order, level))
    staff: dict[int, list[int]] = defaultdict(list)
    people = User.objects.filter(is_active=True, unit_id__in={o.target_unit_id for o, _ in pending})
    for user_id, unit_id in people.values_list("pk", "unit_id"):
        staff[unit_id].append(user_id)
    duties = []
    order_link = _link_maker("supervision:order-detail")
    for order, level in pending:
        watched = Watched(
            subject=f"order:{order.pk}",
            due_on=order.due_on,
            link=order_link(order.pk),
            petition_id=order.petition_id,
            order_id=order.pk,
        )
        what = f"督办单{order.number}（{order.get_reason_display()}）"
        unit_staff = staff[order.target_unit_id]
        if level == WarningLevel.WARN:
            title = f"督办即将到期：{what}应于{order.due_on:%Y-%m-%d}前书面反馈"
            duties.append(Duty(watched, level, NotificationKind.ORDER_WARN, title, order.content, unit_staff))
            continue
        late = (today - order.due_on).days
        title = f"督办超期：{what}已超过反馈期限{late}天"
        duties.append(Duty(watched, level, NotificationKind.ORDER_OVERDUE, title, order.content, unit_staff))
        duties.append(
            Duty(
                watched,
                WarningLevel.ESCALATED,
                NotificationKind.ORDER_OVERDUE,
                f"{order.target_unit.name}逾期未反馈{what}（{late}天）",
                "可催办或挂牌督办（第三十九条、第四十条）。",
                [order.issued_by_id] if order.issued_by.is_active else [],
            )
        )
    return duties
