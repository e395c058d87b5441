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
from .dtable import D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D13, DUTY, ClockRule, ClockState


@dataclass(frozen=True)
class EventFact:
    kind: str
    on: date
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClockOptions:
    """Choices the regulation leaves open (regulation.md §3, [NC]); all configurable."""

    rollover_rest_days: bool = True
    pause_hearing_first_instance: bool = False
    pause_hearing_review: bool = False


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

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def is_open(self) -> bool:
        return self.state in (ClockState.RUNNING, ClockState.PAUSED)


@dataclass
class _Run:
    facts_type: str
    calendar: WorkCalendar
    options: ClockOptions
    clocks: list[Clock] = field(default_factory=list)

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
            self._end_pause(clock, on)

    @staticmethod
    def _end_pause(clock: Clock, on: date) -> None:
        if clock.paused_since is not None:
            clock.paused_days += (on - clock.paused_since).days
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
    received = _payload_date(event, "received_on")
    if event.payload.get("registered_by_petition_dept"):
        run.open(D1, received)
    elif not event.payload.get("name_address_unclear"):
        run.open(D2, received)
    if event.payload.get("major_urgent"):
        run.open(D13, event.on)


def _on_dispatch(run: _Run, event: EventFact) -> None:
    run.stop(D1, D2, on=event.on)
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
    run.cancel(D3, on=event.on, note="经同意退回")
    run.open(D1, event.on, note="退回后重新转送交办")


def _on_classify(run: _Run, event: EventFact) -> None:
    if event.payload.get("route") != 6:
        run.cancel(D5, on=event.on, note="已导入法定途径（第三十一条）")


def _on_extend(run: _Run, event: EventFact) -> None:
    for clock in run.current(D5):
        days = int(event.payload.get("days", 0))
        run.stop(D5, on=event.on, note=f"已批准延期{days}日")
        base_days = (clock.days or 0) + days
        run.open(D6, clock.start_on, days=base_days, count_from=clock.start_on, paused_days=clock.paused_days)


def _on_answer(run: _Run, event: EventFact, window: ClockRule, *finished: ClockRule) -> None:
    run.stop(*finished, on=event.on)
    run.open(window, _payload_date(event, "served_on"))


def _on_request(run: _Run, event: EventFact, window: ClockRule, duty: ClockRule) -> None:
    run.stop(window, on=event.on, note="已提出请求")
    run.open(duty, _payload_date(event, "received_on"))


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
        run.pause(_hearing_rules(run.options), event.on)
    elif kind == "end_hearing":
        run.resume(_hearing_rules(run.options), event.on)
    elif kind == "reply":
        _on_answer(run, event, D7, D5, D6)
    elif kind in ("conclude_suggestion", "conclude_mediation") and event.payload.get("closes", True):
        run.stop(D5, D6, on=event.on)
    elif kind == "request_review":
        _on_request(run, event, D7, D8)
    elif kind == "decide_review":
        _on_answer(run, event, D9, D8)
    elif kind == "request_recheck":
        _on_request(run, event, D9, D10)
    elif kind == "decide_recheck":
        run.stop(D10, on=event.on)
    elif kind == "close":
        run.cancel(D7, D9, on=event.on, note="信访人认可或期限届满，已办结")
    elif kind == "report_major":
        if not run.current(D13):
            run.open(D13, event.on)
        run.stop(D13, on=event.on)


def _finish(clock: Clock, *, today: date, calendar: WorkCalendar, options: ClockOptions) -> Clock:
    if clock.days is None:
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
