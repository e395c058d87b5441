"""Derive every statutory clock of a petition from its event log.

Pure: it takes plain event facts and returns clock states, so the same
arithmetic serves the services, the nightly refresh and the bulk demo loader.
Event kinds are the ``petitions.lifecycle.Act`` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .clock import WorkCalendar, coverage_warning, due_date
from .dtable import (
    ART25_RECIPIENTS,
    ART25_REQUIRED,
    ART25_REQUIRED_PETITION_DEPT,
    D1,
    D2,
    D3,
    D4,
    D5,
    D6,
    D7,
    D8,
    D9,
    D10,
    D13,
    DA,
    DUTY,
    WINDOW,
    ClockRule,
    ClockState,
)


@dataclass(frozen=True)
class EventFact:
    kind: str
    on: date
    payload: Mapping[str, Any] = field(default_factory=dict)
    # The event's number in the petition's log: a 送达 names the event that issued its document.
    seq: int = 0


@dataclass(frozen=True)
class ClockOptions:
    """Choices the regulation leaves open (regulation.md §3, [NC]); all configurable."""

    rollover_rest_days: bool = True
    pause_hearing_first_instance: bool = False
    pause_hearing_review: bool = False
    # Whether the days a hearing starts and ends on both count as hearing time (and so are
    # excluded from the clock): "inclusive" counts end - start + 1 days, else end - start.
    hearing_days_inclusive: bool = False


@dataclass
class Clock:
    rule: ClockRule
    instance: int
    start_on: date
    days: int | None
    state: str = ClockState.RUNNING
    due_on: date | None = None
    stopped_on: date | None = None
    paused_days: int = 0
    paused_since: date | None = None
    note: str = ""
    # Day count base when it differs from start_on (the D6 extension counts from acceptance).
    count_from: date | None = None
    # The event that opened this clock (a window waits for the 送达 of that event's document).
    opened_by: int = 0
    # False while a window waits for its 送达: no due date, even once a request has stopped it.
    served: bool = True

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def is_open(self) -> bool:
        return self.state in (ClockState.RUNNING, ClockState.PAUSED, ClockState.UNSERVED)


@dataclass
class _Run:
    facts_type: str
    calendar: WorkCalendar
    options: ClockOptions
    clocks: list[Clock] = field(default_factory=list)
    # Registered facts as corrected by ``correct`` events (ADR 0014 §6), the last correction winning.
    corrected: dict[str, Any] = field(default_factory=dict)
    # Art. 25 reports recorded so far (recipient -> day), and whether a petition department reports.
    reports: dict[str, date] = field(default_factory=dict)
    petition_dept: bool = False

    def open(self, rule: ClockRule, start: date, *, days: int | None = None, **extra: Any) -> Clock:
        instance = 1 + sum(1 for c in self.clocks if c.rule.code == rule.code)
        clock = Clock(rule, instance, start, rule.days if days is None else days, **extra)
        self.clocks.append(clock)
        return clock

    def current(self, *rules: ClockRule) -> list[Clock]:
        codes = {r.code for r in rules}
        return [c for c in self.clocks if c.code in codes and c.is_open]

    def stop(self, *rules: ClockRule, on: date, state: str | None = None, note: str = "") -> None:
        for clock in self.current(*rules):
            self._end_pause(clock, on)
            clock.stopped_on = on
            clock.state = state or ClockState.MET
            clock.note = note or clock.note

    def cancel(self, *rules: ClockRule, on: date, note: str) -> None:
        self.stop(*rules, on=on, state=ClockState.CANCELLED, note=note)

    def pause(self, rules: Iterable[ClockRule], on: date) -> None:
        for clock in self.current(*rules):
            if clock.paused_since is None:
                clock.paused_since = on
                clock.state = ClockState.PAUSED

    def resume(self, rules: Iterable[ClockRule], on: date) -> None:
        for clock in self.current(*rules):
            self._end_pause(clock, on, inclusive=self.options.hearing_days_inclusive)

    @staticmethod
    def _end_pause(clock: Clock, on: date, *, inclusive: bool = False) -> None:
        if clock.paused_since is not None:
            clock.paused_days += (on - clock.paused_since).days + (1 if inclusive else 0)
            clock.paused_since = None
            clock.state = ClockState.RUNNING


def _hearing_rules(options: ClockOptions) -> list[ClockRule]:
    # Art. 36(2) excludes hearing time only at 复核; elsewhere it is a bureau choice.
    rules = [D10]
    if options.pause_hearing_review:
        rules.append(D8)
    if options.pause_hearing_first_instance:
        rules += [D5, D6]
    return rules


def _payload_date(event: EventFact, key: str) -> date:
    value = event.payload.get(key)
    return date.fromisoformat(value) if isinstance(value, str) and value else event.on


def _on_register(run: _Run, event: EventFact) -> None:
    corrected = run.corrected.get("received_on")
    received = date.fromisoformat(corrected) if corrected else _payload_date(event, "received_on")
    run.petition_dept = bool(event.payload.get("registered_by_petition_dept"))
    if event.payload.get("registered_by_petition_dept"):
        run.open(D1, received)
    elif not event.payload.get("name_address_unclear"):
        run.open(D2, received)
    if event.payload.get("major_urgent"):
        run.open(D13, event.on)


def _on_dispatch(run: _Run, event: EventFact) -> None:
    run.stop(D1, on=event.on)
    # D2 is met by a notice to the petitioner, not by the internal 转送交办单 (Art. 23(1), (2)).
    # Logs written before the notice was recorded have no "petitioner_notice" key.
    if event.payload.get("mode") == "assign" and event.payload.get("due_days"):
        # 交办 with a set deadline (Art. 22(1)(3)): its own clock, met by the 办结报告.
        run.open(DA, event.on, days=int(event.payload["due_days"]), opened_by=event.seq)
    notice = event.payload.get("petitioner_notice")
    if notice:
        run.stop(D2, on=event.on, note="已出具转送告知书，告知信访人转送、交办去向（第二十三条第一款）")
    elif notice is None:
        run.stop(D2, on=event.on)
    # Electronic dispatch is received the day it is sent; signing late must not move the clock.
    run.open(D3, event.on)
    run.open(D4, event.on)


def _on_accept(run: _Run, event: EventFact) -> None:
    run.stop(D1, D2, D3, on=event.on)
    run.cancel(D4, on=event.on, note="已受理，未提出异议")
    if run.facts_type == "appeal":
        run.open(D5, event.on)


def _on_terminal_before_acceptance(run: _Run, event: EventFact) -> None:
    run.stop(D1, D2, D3, on=event.on)
    run.cancel(D4, on=event.on, note="已作出处理决定")


def _on_approve_return(run: _Run, event: EventFact) -> None:
    run.cancel(D3, DA, on=event.on, note="经同意退回")
    run.open(D1, event.on, note="退回后重新转送交办")


def _on_classify(run: _Run, event: EventFact) -> None:
    route = event.payload.get("route")
    if route == 5:
        # Art. 34 sets the 60 days for route 6 only; the duty is performed under its own law.
        run.cancel(D5, on=event.on, note="依法履行职责或答复，不适用第三十四条期限（第三十一条第五项）")
    elif route != 6:
        run.cancel(D5, on=event.on, note="已导入法定途径（第三十一条）")


def _on_extend(run: _Run, event: EventFact) -> None:
    for clock in run.current(D5):
        days = int(event.payload.get("days", 0))
        # Not "met": nothing was finished; the same duty now runs to the extended date (D6).
        run.stop(D5, on=event.on, state=ClockState.EXTENDED, note=f"已批准延期{days}日，按延长后的期限办理")
        base_days = (clock.days or 0) + days
        run.open(D6, clock.start_on, days=base_days, count_from=clock.start_on, paused_days=clock.paused_days)


def _on_answer(run: _Run, event: EventFact, window: ClockRule, *finished: ClockRule) -> None:
    """An opinion opens the petitioner's window, which runs from its 送达 (Art. 35, 36(1))."""
    run.stop(*finished, on=event.on)
    if event.payload.get("served_on"):
        # Logs written before the 送达 act carried the service date on the opinion itself.
        run.open(window, _payload_date(event, "served_on"), opened_by=event.seq)
        return
    run.open(
        window, event.on, state=ClockState.UNSERVED, opened_by=event.seq, served=False, note="文书尚未送达"
    )


def _on_serve(run: _Run, event: EventFact) -> None:
    """送达 starts the window its document opened; the earliest valid service counts (ADR 0014 §3)."""
    seq = event.payload.get("document_seq")
    served = _payload_date(event, "served_on")
    for clock in run.clocks:
        if not seq or clock.opened_by != seq or clock.rule.nature != WINDOW:
            continue
        if not clock.served:
            clock.served, clock.start_on = True, served
            if clock.state == ClockState.UNSERVED:
                clock.state, clock.note = ClockState.RUNNING, ""
        elif served < clock.start_on:
            clock.start_on = served


def _on_report_major(run: _Run, event: EventFact) -> None:
    """D13 (Art. 25) is met when every required addressee has been told, on the last such day."""
    if not any(c.code == D13.code for c in run.clocks):
        run.open(D13, event.on)
    recipient = event.payload.get("recipient")
    if not recipient:
        run.stop(D13, on=event.on)  # a report recorded before addressees were distinguished
        return
    reported = event.payload.get("reported_at")
    day = date.fromisoformat(reported[:10]) if isinstance(reported, str) and reported else event.on
    run.reports.setdefault(str(recipient), day)
    run.petition_dept = run.petition_dept or bool(event.payload.get("by_petition_dept"))
    required = ART25_REQUIRED_PETITION_DEPT if run.petition_dept else ART25_REQUIRED
    missing = [ART25_RECIPIENTS[r] for r in required if r not in run.reports]
    if missing:
        for clock in run.current(D13):
            clock.note = "尚未报告：" + "、".join(missing)
        return
    run.stop(
        D13,
        on=max(run.reports[r] for r in required),
        note="已向" + "、".join(ART25_RECIPIENTS[r] for r in required) + "报告",
    )


def _on_request(run: _Run, event: EventFact, window: ClockRule, duty: ClockRule) -> None:
    # A request counts from the day it was received, however late it was recorded: the window is
    # met on that day and the organ's clock runs from it (Art. 35, 36: "自收到…请求之日起").
    received = _payload_date(event, "received_on")
    run.stop(window, on=received, note="已提出请求")
    run.open(duty, received)


def _on_revoke(run: _Run, event: EventFact, duty: ClockRule) -> None:
    """撤销，责令重新办理: the review is decided; the 承办单位 handles the matter again.

    A new D5 instance runs 60 days from the decision (Art. 34 by analogy, ADR 0014 §1).
    """
    run.stop(duty, on=event.on)
    run.open(D5, event.on, note="复查（复核）撤销原处理意见，责令重新办理")


def _apply(run: _Run, event: EventFact) -> None:  # noqa: C901 - a flat dispatch table reads best
    kind = event.kind
    if kind == "register":
        _on_register(run, event)
    elif kind == "dispatch":
        _on_dispatch(run, event)
    elif kind == "request_return":
        run.stop(D4, on=event.on, note="已提出异议")
    elif kind == "approve_return":
        _on_approve_return(run, event)
    elif kind == "accept":
        _on_accept(run, event)
    elif kind in ("decline", "refuse_repeat", "divert"):
        _on_terminal_before_acceptance(run, event)
    elif kind == "classify":
        _on_classify(run, event)
    elif kind == "extend":
        _on_extend(run, event)
    elif kind == "start_hearing":
        # From the day the hearing was held, which may be recorded later (Art. 36(2)).
        run.pause(_hearing_rules(run.options), _payload_date(event, "held_on"))
    elif kind == "end_hearing":
        run.resume(_hearing_rules(run.options), _payload_date(event, "ended_on"))
    elif kind == "reply":
        if run.facts_type == "accusation":
            # Art. 30, 23(4): answered under the disciplinary organs' rules; no 复查 window.
            run.stop(D5, D6, on=event.on)
        else:
            _on_answer(run, event, D7, D5, D6)
    elif kind in ("conclude_suggestion", "conclude_mediation") and event.payload.get("closes", True):
        run.stop(D5, D6, on=event.on)
    elif kind == "request_review":
        _on_request(run, event, D7, D8)
    elif kind == "decide_review" and event.payload.get("outcome") == "revoke":
        _on_revoke(run, event, D8)
    elif kind == "decide_review":
        _on_answer(run, event, D9, D8)
    elif kind == "request_recheck":
        _on_request(run, event, D9, D10)
    elif kind == "decide_recheck" and event.payload.get("outcome") == "revoke":
        _on_revoke(run, event, D10)
    elif kind == "decide_recheck":
        run.stop(D10, on=event.on)
    elif kind == "close":
        run.cancel(D7, D9, on=event.on, note="信访人认可或期限届满，已办结")
    elif kind == "serve":
        _on_serve(run, event)
    elif kind == "import_history":
        # Handled before the system existed: whether its time limits were kept is not known here.
        closed = _payload_date(event, "closed_on")
        for clock in [c for c in run.clocks if c.is_open]:
            run.cancel(clock.rule, on=closed, note="系统启用前已办理完毕的历史事项（台账导入），不计期限")
    elif kind == "report_major":
        _on_report_major(run, event)
    elif kind == "report_completion":
        run.stop(DA, on=event.on, note="已提交办结报告")


def _finish(clock: Clock, *, today: date, calendar: WorkCalendar, options: ClockOptions) -> Clock:
    if clock.days is None or not clock.served:
        return clock
    base = clock.count_from or clock.start_on
    running_pause = (today - clock.paused_since).days if clock.paused_since else 0
    days = clock.days + clock.paused_days + running_pause
    if options.rollover_rest_days or clock.rule.unit != "calendar":
        due = due_date(base, days, clock.rule.unit, calendar)
    else:
        due = date.fromordinal(base.toordinal() + days)
    clock = replace(clock, due_on=due)
    warning = coverage_warning(base, due, calendar)
    if warning and warning not in clock.note:
        clock.note = f"{clock.note}；{warning}" if clock.note else warning
    if clock.state == ClockState.MET and clock.stopped_on and clock.stopped_on > due:
        clock.state = ClockState.OVERDUE
        clock.note = clock.note or "逾期完成"
    elif clock.state == ClockState.RUNNING and today > due:
        clock.state = ClockState.OVERDUE if clock.rule.nature == DUTY else ClockState.EXPIRED
    return clock


def compute_clocks(
    *,
    petition_type: str,
    events: Iterable[EventFact],
    today: date,
    calendar: WorkCalendar,
    options: ClockOptions | None = None,
) -> list[Clock]:
    """Replay the events in order and return every clock with its due date and state as of ``today``."""
    options = options or ClockOptions()
    run = _Run(petition_type, calendar, options)
    events = list(events)
    # A correction changes the fact from the start: replay as if it had been recorded right.
    for event in events:
        if event.kind == "correct" and event.payload.get("field"):
            run.corrected[str(event.payload["field"])] = event.payload.get("new")
    for event in events:
        _apply(run, event)
    return [_finish(c, today=today, calendar=calendar, options=options) for c in run.clocks]


def next_due(clocks: Iterable[Clock]) -> date | None:
    """The earliest due date among unfinished duty clocks (what staff must meet next)."""
    dues = [
        c.due_on
        for c in clocks
        if c.rule.nature == DUTY
        and c.stopped_on is None
        and c.due_on is not None
        and c.state != ClockState.CANCELLED
    ]
    return min(dues) if dues else None


def latest(clocks: Iterable[Clock], rule: ClockRule) -> Clock | None:
    """The most recent instance of ``rule`` (e.g. the D7 window opened by the last reply)."""
    found = [c for c in clocks if c.code == rule.code]
    return found[-1] if found else None
