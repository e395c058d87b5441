"""The rules that decide whether an act is possible on a petition now, whatever the input.

State (``lifecycle``) and permission (``permissions``) come first; this module holds the
remaining refusals that depend only on the petition and its clocks — a second extension,
an objection after its five working days, a second rating of the same stage. The services
raise them (``core.legal_act`` calls ``ensure_possible`` before any act runs) and
``permissions.acts_available`` offers an act only when ``act_refusal`` finds nothing, so an
act that is offered is never refused for a reason the user could not have changed
(#11.3). Rules that depend on what the user enters stay in the services and are told on
the form (``form_requirements``): a closing before the 复查/复核 window has lapsed needs the
petitioner's acceptance; a request recorded after its window needs the date it was received.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from xinfang.common.exceptions import RuleViolation, XinfangError
from xinfang.statute.dtable import D4, D5, D6, D7, D9, ClockRule

from .lifecycle import Act, Status
from .models import Deadline, Petition


def _latest(petition: Petition, rule: ClockRule) -> Deadline | None:
    clocks: list[Deadline] | None = getattr(petition, "_clocks_read", None)
    if clocks is None:
        return petition.deadlines.filter(code=rule.code).order_by("-instance").first()
    found = [c for c in clocks if c.code == rule.code]
    return max(found, key=lambda c: c.instance) if found else None


@contextmanager
def clocks_read_once(petition: Petition, *, facts: Any = None) -> Iterator[None]:
    """Within the block, the rules read the petition's clocks from one query (offering many acts),
    and, given ``facts`` (``permissions.ActFacts``), the event facts the refusals check from it.

    Blocks nest: an inner block reuses the clocks an outer one read (a page that shows the clocks
    and offers the acts reads them once) and leaves them to the outer block.
    """
    owns_clocks = not hasattr(petition, "_clocks_read")
    if owns_clocks:
        petition._clocks_read = list(petition.deadlines.all())  # type: ignore[attr-defined]
    owns_facts = facts is not None and not hasattr(petition, "_act_facts")
    if owns_facts:
        petition._act_facts = facts  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if owns_clocks:
            del petition._clocks_read  # type: ignore[attr-defined]
        if owns_facts:
            del petition._act_facts  # type: ignore[attr-defined]


def clocks_read(petition: Petition) -> list[Deadline]:
    """The petition's clocks: those read once by an enclosing ``clocks_read_once``, else one query."""
    clocks: list[Deadline] | None = getattr(petition, "_clocks_read", None)
    return clocks if clocks is not None else list(petition.deadlines.all())


def window_open(petition: Petition, rule: ClockRule, *, on: date | None = None) -> bool:
    """The latest ``rule`` clock has started, is not stopped and ``on`` (default today) is not past due."""
    clock = _latest(petition, rule)
    day = on or timezone.localdate()
    return not (clock is None or clock.stopped_on is not None or clock.due_on is None or day > clock.due_on)


def window_refusal(
    petition: Petition, rule: ClockRule, *, message: str, on: date | None = None
) -> RuleViolation | None:
    if window_open(petition, rule, on=on):
        return None
    clock = _latest(petition, rule)
    due = f"（截止{clock.due_on:%Y年%m月%d日}）" if clock and clock.due_on else ""
    return RuleViolation(message + due, article=rule.article)


def extension_refusal(petition: Petition, act: Act) -> RuleViolation | None:
    """Art. 34: one extension only, asked and granted while the 60 days still run."""
    if act == Act.REQUEST_EXTENSION and petition.pending_extension:
        return RuleViolation("已有延期申请等待单位负责人审批", article=D6.article)
    if act == Act.REFUSE_EXTENSION and not petition.pending_extension:
        return RuleViolation("没有等待审批的延期申请", article=D6.article)
    if _latest(petition, D6) is not None:
        return RuleViolation("办理期限只能延长一次", article=D6.article)
    if act != Act.REFUSE_EXTENSION:
        return window_refusal(petition, D5, message="办理期限已届满，不能再延期")
    return None


def _request_window(petition: Petition, act: Act) -> RuleViolation | None:
    """A 复查/复核 request needs its window opened by the opinion and not yet stopped. An unserved
    window (ADR 0014 §3) has not started, so a request then is never late; whether a request
    recorded after the due date was received in time is the service's check on its date."""
    rule = D7 if act == Act.REQUEST_REVIEW else D9
    clock = _latest(petition, rule)
    if clock is None or clock.stopped_on is not None:
        return RuleViolation(f"{rule.name}未开始或已结束", article=rule.article)
    return None


def act_refusal(petition: Petition, act: Act) -> XinfangError | None:
    """Why ``act`` cannot be taken on ``petition`` now whatever is entered; None if it can."""
    if act in (Act.REQUEST_EXTENSION, Act.EXTEND, Act.REFUSE_EXTENSION):
        return extension_refusal(petition, act)
    if act == Act.REQUEST_RETURN:
        return window_refusal(petition, D4, message="已超过5个工作日的异议期限，不能再申请退回")
    if act in (Act.APPROVE_RETURN, Act.REJECT_RETURN) and petition.dispatcher_unit_id is None:
        return RuleViolation("该事项没有转送交办单位，无从审批退回", article="第二十三条第三款")
    if act in (Act.REQUEST_REVIEW, Act.REQUEST_RECHECK):
        return _request_window(petition, act)
    facts = getattr(petition, "_act_facts", None)  # read once by permissions.acts_available
    if act == Act.SERVE and not (
        facts.documents_issued if facts is not None else petition.events.filter(documents_issued()).exists()
    ):
        return RuleViolation("尚未出具须送达信访人的文书", article="第三十五条、第三十六条第一款")
    if act == Act.EVALUATE and (
        facts.evaluated if facts is not None else petition.events.filter(evaluated(petition)).exists()
    ):
        return RuleViolation("本阶段已评价", article="第二十一条第二款")
    return None


def documents_issued() -> Q:
    """Events that issued a document addressed to the petitioner (services.serving.SERVED_DOCUMENTS)."""
    from .services.serving import SERVED_DOCUMENTS

    kinds = {act.value for code, (act, _) in SERVED_DOCUMENTS.items() if code != "transfer_notice"}
    return Q(kind__in=sorted(kinds)) | Q(kind=Act.DISPATCH, payload__petitioner_notice="transfer_notice")


def evaluated(petition: Petition) -> Q:
    """The rating of the petition's current stage (one per stage, Art. 21(2))."""
    return Q(kind=Act.EVALUATE, payload__stage=petition.status)


def ensure_possible(petition: Petition, act: Act) -> None:
    refusal = act_refusal(petition, act)
    if refusal is not None:
        raise refusal


@dataclass(frozen=True)
class Requirement:
    """A form field that the rules make required for this petition now, and why."""

    field: str
    hint: str


def close_window_lapsed(petition: Petition) -> bool:
    window = D7 if petition.status == Status.ANSWERED else D9
    clock = _latest(petition, window)
    return (
        clock is not None
        and clock.stopped_on is None
        and clock.due_on is not None
        and timezone.localdate() > clock.due_on
    )


def form_requirements(petition: Petition, act: Act) -> list[Requirement]:
    """Fields an offered act needs on this petition now (shown as required, with the reason)."""
    if act == Act.CLOSE and not close_window_lapsed(petition):
        window = D7 if petition.status == Status.ANSWERED else D9
        clock = _latest(petition, window)
        until = f"（至{clock.due_on:%Y年%m月%d日}）" if clock and clock.due_on else ""
        return [
            Requirement(
                "petitioner_accepts",
                f"{window.name}尚未届满{until}：期满前办结须信访人表示认可（《条例》{window.article}）",
            )
        ]
    if act in (Act.REQUEST_REVIEW, Act.REQUEST_RECHECK):
        rule = D7 if act == Act.REQUEST_REVIEW else D9
        clock = _latest(petition, rule)
        if clock is not None and clock.due_on is not None and timezone.localdate() > clock.due_on:
            return [
                Requirement(
                    "received_on",
                    f"{rule.name}已于{clock.due_on:%Y年%m月%d日}届满：仅可补录期限内收到的请求，请填写收到日期",
                )
            ]
    return []
