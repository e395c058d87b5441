"""Every D-table clock derived from an event log, on the real 2025 holiday calendar.

2025 facts used: 10-01..10-08 National Day holiday, 09-28 (Sun) and 10-11 (Sat)
make-up working days; 05-01..05-05 Labour Day holiday.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from xinfang.statute.clock import WorkCalendar
from xinfang.statute.deadlines import ClockOptions, EventFact, compute_clocks, next_due
from xinfang.statute.dtable import ClockState

CAL = WorkCalendar()


def ev(kind: str, on: str, **payload: Any) -> EventFact:
    return EventFact(kind, date.fromisoformat(on), payload)


def clocks(events: list[EventFact], today: str, kind: str = "appeal", **options: bool) -> dict[str, Any]:
    result = compute_clocks(
        petition_type=kind,
        events=events,
        today=date.fromisoformat(today),
        calendar=CAL,
        options=ClockOptions(**options),
    )
    return {f"{c.code}#{c.instance}": c for c in result}


REG_BUREAU = {"registered_by_petition_dept": True}


def test_d1_rolls_over_national_day() -> None:
    c = clocks([ev("register", "2025-09-16", received_on="2025-09-16", **REG_BUREAU)], "2025-09-20")["D1#1"]
    assert (c.due_on, c.state, c.rule.article) == (date(2025, 10, 9), "running", "第二十二条第一款")


def test_d1_due_on_make_up_working_day_is_not_rolled() -> None:
    c = clocks([ev("register", "2025-09-26", received_on="2025-09-26", **REG_BUREAU)], "2025-09-27")["D1#1"]
    assert c.due_on == date(2025, 10, 11)


def test_d1_met_and_overdue() -> None:
    met = clocks([ev("register", "2025-06-02", **REG_BUREAU), ev("dispatch", "2025-06-10")], "2025-08-01")
    assert met["D1#1"].state == "met"
    late = clocks([ev("register", "2025-06-02", **REG_BUREAU), ev("dispatch", "2025-07-01")], "2025-08-01")
    assert late["D1#1"].state == "overdue"
    running_late = clocks([ev("register", "2025-06-02", **REG_BUREAU)], "2025-08-01")
    assert running_late["D1#1"].state == "overdue"


def test_d2_for_direct_petition_and_exemption() -> None:
    direct = clocks([ev("register", "2025-06-02")], "2025-06-03")
    assert direct["D2#1"].due_on == date(2025, 6, 17)
    exempt = clocks([ev("register", "2025-06-02", name_address_unclear=True)], "2025-06-03")
    assert "D2#1" not in exempt


def test_d3_and_d4_from_dispatch_with_working_days() -> None:
    result = clocks([ev("register", "2025-09-20", **REG_BUREAU), ev("dispatch", "2025-09-26")], "2025-09-27")
    assert result["D3#1"].due_on == date(2025, 10, 11)
    # Working days after Fri 09-26: 09-28 (make-up), 09-29, 09-30, 10-09, 10-10.
    assert result["D4#1"].due_on == date(2025, 10, 10)
    assert result["D4#1"].rule.unit == "working"


def test_d4_window_used_expired_or_cancelled() -> None:
    base = [ev("register", "2025-06-02", **REG_BUREAU), ev("dispatch", "2025-06-03")]
    assert clocks([*base, ev("request_return", "2025-06-05")], "2025-06-06")["D4#1"].state == "met"
    assert clocks(base, "2025-07-01")["D4#1"].state == "expired"
    accepted = clocks([*base, ev("sign", "2025-06-04"), ev("accept", "2025-06-05")], "2025-06-06")
    assert accepted["D4#1"].state == "cancelled"
    assert accepted["D3#1"].state == "met"


def test_return_approved_reopens_d1() -> None:
    result = clocks(
        [
            ev("register", "2025-06-02", **REG_BUREAU),
            ev("dispatch", "2025-06-03"),
            ev("request_return", "2025-06-04"),
            ev("approve_return", "2025-06-05"),
        ],
        "2025-06-06",
    )
    assert result["D3#1"].state == "cancelled"
    assert result["D1#2"].start_on == date(2025, 6, 5)


def test_d5_sixty_days_from_acceptance_with_rollover() -> None:
    result = clocks(
        [
            ev("register", "2025-07-20", **REG_BUREAU),
            ev("dispatch", "2025-07-25"),
            ev("accept", "2025-08-02"),
        ],
        "2025-08-03",
    )
    assert (result["D5#1"].due_on, result["D5#1"].rule.article) == (date(2025, 10, 9), "第三十四条")


def test_d5_not_for_suggestions_and_cancelled_by_statutory_route() -> None:
    events = [ev("register", "2025-03-01"), ev("accept", "2025-03-02")]
    assert "D5#1" not in clocks(events, "2025-03-03", kind="suggestion")
    routed = clocks([*events, ev("classify", "2025-03-03", route=2)], "2025-03-04")
    assert routed["D5#1"].state == "cancelled"


def test_d6_extension_counts_ninety_days_from_acceptance() -> None:
    result = clocks(
        [ev("register", "2025-02-25"), ev("accept", "2025-03-01"), ev("extend", "2025-04-20", days=30)],
        "2025-04-21",
    )
    # The 60 days were extended, not met: no "按期完成" while the case is still handled.
    assert result["D5#1"].state == "extended" and ClockState.LABELS["extended"] == "已延期"
    assert result["D6#1"].due_on == date(2025, 5, 30)
    assert result["D6#1"].state == "running"


def test_d7_window_after_reply_uses_served_date() -> None:
    result = clocks(
        [
            ev("register", "2025-02-25"),
            ev("accept", "2025-03-01"),
            ev("reply", "2025-04-01", served_on="2025-04-03"),
        ],
        "2025-04-04",
    )
    assert result["D5#1"].state == "met"
    assert result["D7#1"].start_on == date(2025, 4, 3)
    assert result["D7#1"].due_on == date(2025, 5, 6)  # 05-03 falls in the Labour Day holiday


def test_d8_d9_d10_with_hearing_excluded_only_at_recheck() -> None:
    events = [
        ev("register", "2025-01-02"),
        ev("accept", "2025-01-03"),
        ev("reply", "2025-02-10"),
        ev("request_review", "2025-03-01", received_on="2025-03-03"),
        ev("decide_review", "2025-03-20"),
        ev("request_recheck", "2025-06-03"),
        ev("start_hearing", "2025-06-10"),
        ev("end_hearing", "2025-06-17"),
    ]
    result = clocks(events, "2025-06-18")
    assert result["D7#1"].state == "met"
    assert result["D8#1"].start_on == date(2025, 3, 3)
    assert result["D8#1"].state == "met"
    assert result["D9#1"].state == "overdue" or result["D9#1"].stopped_on == date(2025, 6, 3)
    d10 = result["D10#1"]
    assert d10.paused_days == 7
    assert d10.due_on == date(2025, 7, 10)


def test_d9_request_after_window_marks_late() -> None:
    events = [
        ev("register", "2025-01-02"),
        ev("accept", "2025-01-03"),
        ev("reply", "2025-02-10"),
        ev("request_review", "2025-03-01"),
        # A log written before the 送达 act: the service date rode on the opinion.
        ev("decide_review", "2025-03-20", served_on="2025-03-20"),
    ]
    assert clocks(events, "2025-05-01")["D9#1"].state == "expired"


def test_hearing_paused_state_while_open() -> None:
    events = [
        ev("register", "2025-01-02"),
        ev("accept", "2025-01-03"),
        ev("reply", "2025-01-10"),
        ev("request_review", "2025-01-12"),
        ev("decide_review", "2025-01-20"),
        ev("request_recheck", "2025-02-03"),
        ev("start_hearing", "2025-02-10"),
    ]
    d10 = clocks(events, "2025-02-14")["D10#1"]
    assert d10.state == "paused"


def test_first_instance_hearing_pause_is_configurable() -> None:
    events = [
        ev("register", "2025-06-01"),
        ev("accept", "2025-06-03"),
        ev("start_hearing", "2025-06-10"),
        ev("end_hearing", "2025-06-20"),
    ]
    assert clocks(events, "2025-06-21")["D5#1"].paused_days == 0
    assert clocks(events, "2025-06-21", pause_hearing_first_instance=True)["D5#1"].paused_days == 10


def test_d13_report_obligation() -> None:
    open_ = clocks([ev("register", "2025-06-01", major_urgent=True)], "2025-06-02")["D13#1"]
    assert (open_.due_on, open_.state, open_.rule.article) == (None, "running", "第二十五条")
    done = clocks(
        [ev("register", "2025-06-01", major_urgent=True), ev("report_major", "2025-06-01")], "2025-06-02"
    )
    assert done["D13#1"].state == "met"


def test_rollover_can_be_switched_off() -> None:
    events = [ev("register", "2025-09-16", received_on="2025-09-16", **REG_BUREAU)]
    assert clocks(events, "2025-09-17", rollover_rest_days=False)["D1#1"].due_on == date(2025, 10, 1)


def test_year_without_holiday_data_warns_and_counts_weekends_only() -> None:
    c = clocks([ev("register", "2026-12-17", received_on="2026-12-17", **REG_BUREAU)], "2026-12-18")["D1#1"]
    assert c.due_on == date(2027, 1, 1)  # a Friday: no 2027 data, so only weekends are rest days
    assert "2027" in c.note


def test_next_due_is_earliest_unfinished_duty() -> None:
    result = compute_clocks(
        petition_type="appeal",
        calendar=CAL,
        today=date(2025, 6, 4),
        events=[ev("register", "2025-06-02", **REG_BUREAU), ev("dispatch", "2025-06-03")],
    )
    assert next_due(result) == date(2025, 6, 18)  # D3; D4 is a window, D1 is met
