"""Walk one synthetic petition through a plausible life, stopping at "now".

Delays are drawn so that most acts meet their clocks and a realistic share
does not, giving the demo every state, overdue clocks and late replies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from xinfang.petitions.constants import (
    ClosedReason,
    DeclineGround,
    DivertTarget,
    DutyManner,
    PetitionType,
    RefuseGround,
    ReplyOutcome,
    ReturnReason,
    ReviewOutcome,
    Route,
    SuggestionOutcome,
)
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.services.serving import SERVED_DOCUMENTS
from xinfang.statute.dtable import ART25_RECIPIENTS


@dataclass
class Cast:
    """Who acts: unit ids and, per unit, the user id that acts for it."""

    bureau: int
    government: int
    discipline: int
    political_legal: int
    registrar: int
    reviewer: int
    recheck_unit: int
    actor_of: dict[int, int]


@dataclass
class SimEvent:
    kind: str
    actor_id: int
    unit_id: int
    at: datetime
    from_status: str
    to_status: str
    payload: dict[str, Any]


@dataclass
class Life:
    type: str
    handling_unit: int
    received_at: datetime
    status: str = Status.REGISTERED
    current_unit: int = 0
    dispatcher_unit: int | None = None
    handler: int | None = None
    route: int | None = None
    # Days of an open 交办 (Art. 22(1)(3)) awaiting its 办结报告, if assigned.
    assign_days: int | None = None
    divert_target: str = ""
    reply_outcome: str = ""
    suggestion_outcome: str = ""
    evaluation: str = ""
    closed_reason: str = ""
    closed_at: datetime | None = None
    events: list[SimEvent] = field(default_factory=list)
    # Some petitions are held at a chosen state (a backlog), so every state is represented.
    stop_at: str = ""
    # A major or urgent matter (Art. 25), reported to each addressee (D13).
    major_urgent: bool = False
    # A life the first chunk always shows, so even a small demo has it: "revoked" (a 复查 that
    # revoked the opinion, back in the 承办单位's queue) or "major" (Art. 25, fully reported).
    showcase: str = ""


# Art. 25: the share of matters registered as major or urgent, the addressees a petition
# department reports to (statute.dtable.ART25_REQUIRED_PETITION_DEPT) and their names.
MAJOR_SHARE = 0.02
ART25_REPORTS = {
    "party_government": "区委、区政府",
    "joint_office": "区信访工作联席会议办公室",
    "upper_petition_dept": "市信访局",
    "national_bureau": "国家信访局",
}
# Of the 复查 decided, the share "撤销，责令重新办理" back to the 承办单位 (Art. 35, ADR 0014 §1).
REVOKE_SHARE = 0.15


class _OutOfTime(Exception):
    """The next act would happen after now: the petition stays where it is."""


class Simulator:
    def __init__(self, rng: random.Random, cast: Cast, now: datetime) -> None:
        self.rng, self.cast, self.now = rng, cast, now

    def _at(self, life: Life, lo: float, hi: float) -> datetime:
        last = life.events[-1].at if life.events else life.received_at
        at = last + timedelta(days=self.rng.uniform(lo, hi), minutes=self.rng.randint(5, 300))
        if at > self.now:
            raise _OutOfTime
        return at

    def _act(
        self,
        life: Life,
        act: Act,
        to: str | None,
        lo: float,
        hi: float,
        *,
        serves: str = "",
        changes: dict[str, Any] | None = None,
        by: int | None = None,
        **payload: Any,
    ) -> None:
        """One event, taken at the unit holding the matter (or ``by`` another unit, such as the
        bureau approving a return). ``changes`` are the row's changes the act makes (as in
        ``apply_act``): they land with the event, so a life held at the act's target state is
        written where the act left it (held in the next unit's queue)."""
        at = self._at(life, lo, hi) if life.events else life.received_at + timedelta(minutes=20)
        unit = by or life.current_unit
        actor = self.cast.actor_of.get(unit, self.cast.registrar)
        life.events.append(SimEvent(act.value, actor, unit, at, life.status, to or life.status, payload))
        life.status = to or life.status
        for name, value in (changes or {}).items():
            setattr(life, name, value)
        if serves:
            self._serve(life, serves)
        if act in (Act.REPLY, Act.CONCLUDE_SUGGESTION) or (
            act == Act.CONCLUDE_MEDIATION and payload.get("agreed")
        ):
            self._report_completion(life)
        if life.status == life.stop_at:
            raise _OutOfTime

    def _report_completion(self, life: Life) -> None:
        """The assigned organ's 办结报告 to the bureau a few days after it finished (Art. 22(1)(3))."""
        if not life.assign_days or self.rng.random() < 0.1:
            return
        try:
            at = self._at(life, 0.5, 5)
        except _OutOfTime:
            return
        last = life.events[-1]
        payload = {
            "summary": "已办理完毕，办理结果已书面答复信访人。",
            "assignment_seq": None,
            "to_unit": self.cast.bureau,
            "to_unit_name": "",
            "due_days": life.assign_days,
        }
        life.events.append(
            SimEvent(
                Act.REPORT_COMPLETION.value,
                last.actor_id,
                last.unit_id,
                at,
                life.status,
                life.status,
                payload,
            )
        )
        life.assign_days = None

    def _serve(self, life: Life, document: str) -> None:
        """送达 of the document just issued, a few days later; a few stay unserved (ADR 0014 §3)."""
        issued = life.events[-1]
        if self.rng.random() < 0.05:
            return
        try:
            at = self._at(life, 0, 3)
        except _OutOfTime:
            return
        manner = self.rng.choice(["direct", "direct", "post", "electronic"])
        payload = {
            "document": document,
            "document_title": SERVED_DOCUMENTS[document][1],
            "document_seq": len(life.events),
            "served_on": timezone.localdate(at).isoformat(),
            "manner": manner,
            "manner_label": {"direct": "直接送达", "post": "邮寄送达", "electronic": "电子送达"}[manner],
            "attachment": None,
            "attachment_name": "",
            "note": "",
        }
        life.events.append(
            SimEvent(Act.SERVE.value, issued.actor_id, issued.unit_id, at, life.status, life.status, payload)
        )

    def _report_major(self, life: Life) -> None:
        """Art. 25: the bureau reports a major or urgent matter to each addressee within hours; a
        few are reported in part, so D13 stays open naming who is still to be told."""
        recipients = list(ART25_REPORTS)
        if self.rng.random() < 0.15 and life.showcase != "major":
            recipients = recipients[: self.rng.randint(1, 3)]
        for recipient in recipients:
            at = self._at(life, 0.01, 0.25)
            payload = {
                "recipient": recipient,
                "recipient_label": ART25_RECIPIENTS[recipient],
                "reported_to": ART25_REPORTS[recipient],
                "reported_at": timezone.localtime(at).isoformat(),
                "by_petition_dept": True,
                "summary": "群众反映问题涉及人数较多、情绪激动，已先期稳控，现将有关情况报告如下。",
            }
            life.events.append(
                SimEvent(
                    Act.REPORT_MAJOR.value,
                    self.cast.registrar,
                    self.cast.bureau,
                    at,
                    life.status,
                    life.status,
                    payload,
                )
            )

    def run(self, life: Life, *, registered_by_bureau: bool, litigation: bool) -> Life:
        life.current_unit = self.cast.bureau
        life.major_urgent = self.rng.random() < MAJOR_SHARE or life.showcase == "major"
        life.events.append(
            SimEvent(
                Act.REGISTER.value,
                self.cast.registrar,
                self.cast.bureau,
                life.received_at + timedelta(minutes=20),
                "",
                Status.REGISTERED,
                {
                    "received_on": timezone.localdate(life.received_at).isoformat(),
                    "registered_by_petition_dept": registered_by_bureau,
                    "name_address_unclear": False,
                    "major_urgent": life.major_urgent,
                    "channel": "",
                    "rule_checks": [],
                },
            )
        )
        try:
            if life.major_urgent:
                self._report_major(life)
            if life.stop_at == Status.REGISTERED:
                return life
            self._intake(life, litigation)
        except _OutOfTime:
            pass
        return life

    def _intake(self, life: Life, litigation: bool) -> None:
        rng, cast = self.rng, self.cast
        roll = rng.random()
        if litigation or (life.type == PetitionType.ACCUSATION and roll < 0.85):
            target = DivertTarget.POLITICAL_LEGAL if litigation else DivertTarget.DISCIPLINE
            unit = cast.political_legal if litigation else cast.discipline
            self._act(
                life,
                Act.DIVERT,
                Status.DIVERTED,
                0.5,
                12,
                changes={"divert_target": target, "current_unit": unit, "handler": None},
                target=target,
                to_unit=unit,
                note="",
            )
            return
        if life.stop_at or life.showcase:
            roll = 1.0  # a petition held at an open state (or shown) is not declined at intake
        if roll < 0.04:
            self._act(
                life,
                Act.DECLINE,
                Status.NOT_ACCEPTED,
                0.5,
                10,
                ground=DeclineGround.DUPLICATE_UPWARD,
                reason="同一事项正在下级机关办理",
                article="第十九条第三款",
            )
            return
        if roll < 0.07:
            self._act(
                life,
                Act.REFUSE_REPEAT,
                Status.NO_LONGER_ACCEPTED,
                0.5,
                10,
                ground=RefuseGround.AFTER_RECHECK,
                reason="已复核终结，仍以同一事实和理由反映",
                article="第三十六条第三款",
                earlier=None,
            )
            return
        self._dispatch(life)
        self._handle(life)

    def _dispatch(self, life: Life) -> None:
        rng = self.rng
        mode = rng.choice(["transfer", "assign"])
        days = rng.choice([45, 60]) if mode == "assign" else None
        # A matter received directly (not by the bureau) is transferred with a 转送告知书 (Art. 23(1)).
        direct = not life.events[0].payload.get("registered_by_petition_dept")
        life.assign_days = days
        # Mostly within 15 days (D1); a tail runs late.
        self._act(
            life,
            Act.DISPATCH,
            Status.DISPATCHED,
            0.2,
            19 if rng.random() < 0.15 else 9,
            mode=mode,
            to_unit=life.handling_unit,
            due_days=days,
            note="",
            petitioner_notice="transfer_notice" if direct else "",
            changes={
                "dispatcher_unit": life.current_unit,
                "current_unit": life.handling_unit,
                "handler": None,
            },
        )
        if (rng.random() < 0.06 and not life.stop_at) or life.stop_at == Status.RETURN_REQUESTED:
            self._act(
                life,
                Act.REQUEST_RETURN,
                Status.RETURN_REQUESTED,
                0.5,
                4,
                reason_code=rng.choice(ReturnReason.values),
                reason="经核实不属本单位职责范围",
            )
            if rng.random() < 0.5:
                self._act(
                    life,
                    Act.APPROVE_RETURN,
                    Status.REGISTERED,
                    0.5,
                    5,
                    by=self.cast.bureau,
                    changes={"current_unit": self.cast.bureau, "handler": None},
                    note="",
                    returned_from=life.handling_unit,
                )
                self._act(
                    life,
                    Act.DISPATCH,
                    Status.DISPATCHED,
                    0.5,
                    6,
                    mode="transfer",
                    to_unit=life.handling_unit,
                    due_days=None,
                    note="重新转送",
                    petitioner_notice="",
                    changes={"current_unit": life.handling_unit, "handler": None, "assign_days": None},
                )
            else:
                self._act(life, Act.REJECT_RETURN, Status.SIGNED, 0.5, 5, reason="属于本单位职责，请依法办理")
        here = self.cast.actor_of.get(life.current_unit)  # the unit's handler signs and accepts
        if life.status == Status.DISPATCHED:
            self._act(life, Act.SIGN, Status.SIGNED, 0.1, 3, changes={"handler": here})
        target = Status.ACCEPTED if life.type == PetitionType.APPEAL else Status.HANDLING
        self._act(
            life,
            Act.ACCEPT,
            target,
            0.5,
            18 if rng.random() < 0.1 else 10,
            notice="",
            changes={"handler": life.handler or here},
        )

    def _handle(self, life: Life) -> None:
        rng = self.rng
        if life.type == PetitionType.SUGGESTION:
            outcome = rng.choice(SuggestionOutcome.values)
            self._act(
                life,
                Act.CONCLUDE_SUGGESTION,
                Status.CLOSED,
                10,
                50,
                outcome=outcome,
                reply="感谢您的建议，已研究办理",
            )
            life.suggestion_outcome, life.closed_reason = outcome, ClosedReason.SUGGESTION
            life.closed_at = life.events[-1].at
            return
        if life.type == PetitionType.APPEAL:
            route = (
                Route.OPINION if rng.random() < 0.88 or life.stop_at or life.showcase else rng.randint(1, 5)
            )
            # Routes 1-4 leave for their procedure; route 5 stays and is performed or answered (Art. 31(5)).
            to = Status.HANDLING if route in (Route.OPINION, Route.DUTY) else Status.DIVERTED
            changes: dict[str, Any] = {"route": route}
            if to == Status.DIVERTED:
                changes["divert_target"] = DivertTarget.STATUTORY_ROUTE
            self._act(
                life,
                Act.CLASSIFY,
                to,
                0.2,
                3,
                changes=changes,
                route=route,
                route_label=Route(route).label,
                note="",
            )
            if to == Status.DIVERTED:
                return
            if route == Route.DUTY:
                manner = rng.choice(DutyManner.values)
                self._act(
                    life,
                    Act.PERFORM_DUTY,
                    Status.CLOSED,
                    5,
                    40,
                    manner=manner,
                    manner_label=DutyManner(manner).label,
                    content="经依法调查处理，现将履行职责情况告知如下。",
                    legal_basis="《中华人民共和国行政处罚法》",
                    article="第三十一条第五项",
                )
                life.closed_reason, life.closed_at = ClosedReason.DUTY, life.events[-1].at
                return
            mediate = (rng.random() < 0.12 and not life.stop_at and not life.showcase) or (
                life.stop_at == Status.MEDIATING
            )
            if mediate and self._mediate(life):
                return
        if life.type == PetitionType.APPEAL and rng.random() < 0.08:
            self._act(
                life,
                Act.EXTEND,
                None,
                40,
                55,
                days=30,
                reason="情况复杂，需进一步调查核实",
                approved_by=0,
                notified=True,
            )
        late = rng.random() < 0.08
        # An accusation is answered with no 复查 (Art. 30).
        accusation: dict[str, Any] = (
            {"no_review": True, "article": "第三十条"} if life.type == PetitionType.ACCUSATION else {}
        )
        self._act(
            life,
            Act.REPLY,
            Status.ANSWERED,
            15 if not late else 50,
            55 if not late else 80,
            outcome=(outcome := rng.choice(ReplyOutcome.values)),
            opinion="经调查核实，现答复如下。",
            legal_basis="《信访工作条例》第三十二条",
            served_on=None,
            **accusation,
            serves="opinion",
            changes={"reply_outcome": outcome},
        )
        self._after_answer(life)

    def _mediate(self, life: Life) -> bool:
        self._act(life, Act.START_MEDIATION, Status.MEDIATING, 3, 15, other_party="争议相对方")
        agreed = self.rng.random() < 0.75
        self._act(
            life,
            Act.CONCLUDE_MEDIATION,
            Status.CLOSED if agreed else Status.HANDLING,
            5,
            25,
            agreed=agreed,
            agreement_kind="mediation" if agreed else "",
            agreement="双方自愿达成调解协议" if agreed else "",
            closes=agreed,
        )
        if agreed:
            life.closed_reason, life.closed_at = ClosedReason.MEDIATED, life.events[-1].at
        return agreed

    def _evaluate(self, life: Life) -> None:
        if self.rng.random() < 0.7:
            option = self.rng.choices(["satisfied", "basically_satisfied", "dissatisfied"], [70, 20, 10])[0]
            self._act(
                life,
                Act.EVALUATE,
                None,
                0.5,
                10,
                option=option,
                label=option,
                satisfied=option != "dissatisfied",
                stage=str(life.status),
                comment="",
            )
            life.evaluation = option

    def _after_answer(self, life: Life) -> None:
        rng = self.rng
        self._evaluate(life)
        wants_review = life.stop_at in (Status.UNDER_REVIEW, Status.REVIEWED, Status.UNDER_RECHECK) or (
            life.showcase == "revoked"
        )
        if life.type == PetitionType.ACCUSATION:
            # Answered under the disciplinary organs' rules: no 复查 window to wait for (Art. 30).
            self._act(
                life,
                Act.CLOSE,
                Status.CLOSED,
                0.5,
                5,
                petitioner_accepts=False,
                window_lapsed=False,
                article="第三十条",
            )
            life.closed_reason, life.closed_at = ClosedReason.ANSWERED, life.events[-1].at
            return
        if life.type != PetitionType.APPEAL or (rng.random() > 0.15 and not wants_review):
            self._act(life, Act.CLOSE, Status.CLOSED, 31, 40, petitioner_accepts=False, window_lapsed=True)
            life.closed_reason, life.closed_at = ClosedReason.ANSWERED, life.events[-1].at
            return
        cast = self.cast
        self._act(
            life,
            Act.REQUEST_REVIEW,
            Status.UNDER_REVIEW,
            3,
            25,
            received_on=None,
            unit=cast.government,
            unit_name="",
            from_unit=life.current_unit,
            reason="对处理意见不服",
            changes={"current_unit": cast.government, "handler": None},
        )
        if life.showcase == "revoked" or (not life.stop_at and rng.random() < REVOKE_SHARE):
            self._revoke(life)
            return
        self._act(
            life,
            Act.DECIDE_REVIEW,
            Status.REVIEWED,
            8,
            33,
            outcome=rng.choice([ReviewOutcome.UPHOLD, ReviewOutcome.CHANGE]),
            opinion="经复查，意见如下。",
            serves="review_opinion",
        )
        if rng.random() > 0.35 and life.stop_at != Status.UNDER_RECHECK:
            self._act(life, Act.CLOSE, Status.CLOSED, 31, 40, petitioner_accepts=False, window_lapsed=True)
            life.closed_reason, life.closed_at = ClosedReason.REVIEWED, life.events[-1].at
            return
        self._act(
            life,
            Act.REQUEST_RECHECK,
            Status.UNDER_RECHECK,
            3,
            25,
            received_on=None,
            unit=cast.recheck_unit,
            unit_name="",
            from_unit=life.current_unit,
            reason="对复查意见不服",
            changes={"current_unit": cast.recheck_unit, "handler": None},
        )
        if rng.random() < 0.2:
            self._act(life, Act.START_HEARING, None, 3, 10)
            self._act(life, Act.END_HEARING, None, 1, 6, summary="听证会已举行")
        self._act(
            life,
            Act.DECIDE_RECHECK,
            Status.CLOSED,
            8,
            30,
            outcome=ReviewOutcome.UPHOLD,
            opinion="经复核，维持复查意见。",
            serves="recheck_opinion",
            publish=False,
        )
        life.closed_reason, life.closed_at = ClosedReason.RECHECKED, life.events[-1].at

    def _revoke(self, life: Life) -> None:
        """复查 "撤销，责令重新办理" (services.review._revoke): the matter goes back to its 承办单位
        with a new D5; it handles the matter again and answers anew, or is still at it now."""
        unit = next(e.unit_id for e in reversed(life.events) if e.kind in ("accept", "sign"))
        self._act(
            life,
            Act.DECIDE_REVIEW,
            Status.HANDLING,
            8,
            33,
            outcome=ReviewOutcome.REVOKE,
            opinion="经复查，原处理意见认定事实不清，予以撤销。",
            reason="原处理意见认定事实不清、证据不足，责令重新调查处理",
            returned_to=unit,
            returned_to_name="",
            new_clock="D5",
            serves="review_opinion",
            changes={"current_unit": unit, "handler": None, "reply_outcome": ""},
        )
        if life.showcase == "revoked":
            raise _OutOfTime  # shown where it now waits: the 承办单位's queue, the new D5 running
        self._act(
            life,
            Act.REPLY,
            Status.ANSWERED,
            20,
            58,
            outcome=(outcome := self.rng.choice(ReplyOutcome.values)),
            opinion="经重新调查核实，现重新答复如下。",
            legal_basis="《信访工作条例》第三十二条",
            served_on=None,
            serves="opinion",
            changes={"reply_outcome": outcome},
        )
        self._act(life, Act.CLOSE, Status.CLOSED, 31, 40, petitioner_accepts=False, window_lapsed=True)
        life.closed_reason, life.closed_at = ClosedReason.ANSWERED, life.events[-1].at
