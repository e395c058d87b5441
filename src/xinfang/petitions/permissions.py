"""Who may take which act on a petition they can see.

Visibility (``selectors.petitions_visible_to``) is checked first and answers
"not found"; this module then answers "not allowed" for visible petitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from xinfang.common.exceptions import PermissionDenied
from xinfang.orgs.constants import Perm, UnitKind
from xinfang.orgs.models import User

from .constants import IdentityState, PetitionType, Route
from .lifecycle import TRANSITIONS, Act, Status, allowed_from
from .models import Petition

ACT_PERMS: dict[Act, Perm] = {
    Act.DISPATCH: Perm.DISPATCH,
    Act.SIGN: Perm.SIGN,
    Act.REQUEST_RETURN: Perm.SIGN,
    Act.APPROVE_RETURN: Perm.APPROVE,
    Act.REJECT_RETURN: Perm.APPROVE,
    Act.ACCEPT: Perm.ACCEPT,
    Act.DECLINE: Perm.ACCEPT,
    Act.REFUSE_REPEAT: Perm.ACCEPT,
    Act.DIVERT: Perm.ACCEPT,
    Act.CLASSIFY: Perm.ACCEPT,
    Act.START_MEDIATION: Perm.HANDLE,
    Act.CONCLUDE_MEDIATION: Perm.HANDLE,
    Act.START_HEARING: Perm.HANDLE,
    Act.END_HEARING: Perm.HANDLE,
    Act.EXTEND: Perm.APPROVE,
    Act.REPLY: Perm.REPLY,
    Act.CONCLUDE_SUGGESTION: Perm.REPLY,
    Act.EVALUATE: Perm.EVALUATE,
    Act.REQUEST_REVIEW: Perm.REGISTER,
    Act.DECIDE_REVIEW: Perm.REVIEW,
    Act.REQUEST_RECHECK: Perm.REGISTER,
    Act.DECIDE_RECHECK: Perm.REVIEW,
    Act.CLOSE: Perm.HANDLE,
    Act.REPORT_MAJOR: Perm.HANDLE,
    Act.ATTACH: Perm.HANDLE,
    Act.NOTE: Perm.HANDLE,
    Act.REQUEST_EXTENSION: Perm.HANDLE,
    Act.REFUSE_EXTENSION: Perm.APPROVE,
    Act.PERFORM_DUTY: Perm.REPLY,
    Act.RECUSE: Perm.HANDLE,
    Act.NOTIFY_CADRE: Perm.DISPATCH,
    Act.SET_JOINT: Perm.DISPATCH,
    Act.CONTRIBUTE: Perm.HANDLE,
    Act.SERVE: Perm.HANDLE,
    Act.CORRECT: Perm.REGISTER,
    Act.REPORT_COMPLETION: Perm.HANDLE,
    Act.RESOLVE_IDENTITY: Perm.REGISTER,
    Act.IMPORT_HISTORY: Perm.REGISTER,
}

# Acts taken by the unit that holds the petition now; the others by any visible staff
# with the permission (the return decision belongs to the unit that dispatched).
_AT_CURRENT_UNIT = frozenset(ACT_PERMS) - {
    Act.APPROVE_RETURN,
    Act.REJECT_RETURN,
    Act.EVALUATE,
    Act.REQUEST_REVIEW,
    Act.REQUEST_RECHECK,
    Act.REPORT_MAJOR,
    Act.NOTIFY_CADRE,
    Act.CONTRIBUTE,
    Act.SERVE,
    Act.CORRECT,
    Act.REPORT_COMPLETION,
    Act.RESOLVE_IDENTITY,
}

# Acts that only make sense for some petition types (Art. 29-31).
_TYPES: dict[Act, frozenset[str]] = {
    Act.CLASSIFY: frozenset({PetitionType.APPEAL}),
    Act.START_MEDIATION: frozenset({PetitionType.APPEAL}),
    Act.EXTEND: frozenset({PetitionType.APPEAL}),
    Act.REQUEST_EXTENSION: frozenset({PetitionType.APPEAL}),
    Act.REFUSE_EXTENSION: frozenset({PetitionType.APPEAL}),
    Act.REPLY: frozenset({PetitionType.APPEAL, PetitionType.ACCUSATION}),
    Act.CONCLUDE_SUGGESTION: frozenset({PetitionType.SUGGESTION}),
    Act.PERFORM_DUTY: frozenset({PetitionType.APPEAL}),
}

# Acts of an accepted 申诉求决 matter that belong to one Art. 31 route: the 信访处理意见书, its
# 60-day extension and the first-instance hearing to route 6, performance or answer to route 5.
_ROUTES: dict[Act, int] = {
    Act.REPLY: Route.OPINION,
    Act.EXTEND: Route.OPINION,
    Act.REQUEST_EXTENSION: Route.OPINION,
    Act.PERFORM_DUTY: Route.DUTY,
}

RECUSAL_ARTICLE = "第二十八条第三款"


def _holds(user: User, petition: Petition) -> bool:
    return user.is_superuser or (user.unit_id is not None and user.unit_id == petition.current_unit_id)


def _is_online_platform(user: User) -> bool:
    return user.username == settings.XINFANG_ONLINE_ACCOUNT


def recused(user: User, petition: Petition) -> bool:
    """Art. 28(3): the official withdrew (回避) from this matter; the ``recuse`` events record why."""
    if user.pk is None or petition.pk is None:
        return False
    return petition.events.filter(kind=Act.RECUSE.value, payload__user=user.pk).exists()


@dataclass(frozen=True)
class ActFacts:
    """What the offered-acts rules read beyond the petition row, for one user, in one query.

    ``acts_available`` weighs every act allowed in the state; reading these facts once (instead of
    one query per rule) keeps a petition page's queries constant. ``ensure_may`` (one act) asks
    only what that act needs, as before.
    """

    recused: bool  # Art. 28(3): the user withdrew from this matter
    co_handler: bool  # Art. 24: the user's unit is a 会办单位
    issued: bool  # the user's unit recorded an event (issued a document) on it: 送达
    assigned: bool  # the matter was assigned (交办) to the user's unit: 办结报告
    assignment_open: bool  # a 交办 clock awaits its 办结报告 (Art. 22(1)(3))
    evaluated: bool  # the current stage is rated (Art. 21(2))
    documents_issued: bool  # a document addressed to the petitioner was issued (送达)


def act_facts(user: User, petition: Petition) -> ActFacts:
    from django.db.models import Exists, OuterRef

    from .availability import documents_issued, evaluated
    from .models import Deadline, JointUnit, PetitionEvent

    if petition.pk is None:
        return ActFacts(False, False, False, False, False, False, False)
    unit = user.unit_id or 0  # no unit has id 0: the unit facts are then false
    events = PetitionEvent.objects.filter(petition_id=OuterRef("pk"))
    row = (
        Petition.objects.filter(pk=petition.pk)
        .values(
            recused=Exists(events.filter(kind=Act.RECUSE.value, payload__user=user.pk or 0)),
            co_handler=Exists(JointUnit.objects.filter(petition_id=OuterRef("pk"), unit_id=unit)),
            issued=Exists(events.filter(actor_unit_id=unit)),
            assigned=Exists(events.filter(kind=Act.DISPATCH, payload__mode="assign", payload__to_unit=unit)),
            assignment_open=Exists(
                Deadline.objects.filter(
                    petition_id=OuterRef("pk"), code="DA", stopped_on__isnull=True
                ).exclude(state="cancelled")
            ),
            evaluated=Exists(events.filter(evaluated(petition))),
            documents_issued=Exists(events.filter(documents_issued())),
        )
        .first()
    )
    if row is None:
        return ActFacts(False, False, False, False, False, False, False)
    return ActFacts(**{name: bool(value) for name, value in row.items()})


def _is_co_handler(user: User, petition: Petition, facts: ActFacts | None = None) -> bool:
    """Art. 24: a unit named as 会办单位 of this matter."""
    if facts is not None:
        return facts.co_handler
    return user.unit_id is not None and petition.co_units.filter(unit_id=user.unit_id).exists()


def _assigned_to(user: User, petition: Petition, facts: ActFacts | None) -> bool:
    """The matter was assigned (交办) to the user's unit, which files the 办结报告."""
    if facts is not None:
        return facts.assigned
    return (
        user.unit_id is not None
        and petition.events.filter(
            kind=Act.DISPATCH, payload__mode="assign", payload__to_unit=user.unit_id
        ).exists()
    )


def _issued_by(user: User, petition: Petition, facts: ActFacts | None) -> bool:
    """The user's unit recorded an act (issued a document) on the matter, so it records the 送达."""
    if facts is not None:
        return facts.issued
    return user.unit_id is not None and petition.events.filter(actor_unit_id=user.unit_id).exists()


def act_permitted(user: User, petition: Petition, act: Act, facts: ActFacts | None = None) -> bool:
    """``facts``: read once by ``acts_available``; without them each rule asks what it needs."""
    if not user.may(ACT_PERMS[act]):
        return False
    if act == Act.CONTRIBUTE:
        return _is_co_handler(user, petition, facts)
    if act == Act.NOTIFY_CADRE:
        # Art. 30: the petition department (党委和政府信访部门) notifies the organisation department.
        return user.is_superuser or (user.unit is not None and user.unit.kind == UnitKind.PETITION_BUREAU)
    if act == Act.ATTACH and _is_online_platform(user):
        return True  # the petitioner's own materials reach the matter wherever it is (Art. 19(1))
    if act == Act.RESOLVE_IDENTITY:
        # The registering unit (whose registrar recorded the identity) or the unit holding it now.
        return user.is_superuser or (
            user.unit_id is not None
            and user.unit_id in (petition.registered_unit_id, petition.current_unit_id)
        )
    if act in (Act.APPROVE_RETURN, Act.REJECT_RETURN):
        return user.is_superuser or (user.unit_id is not None and user.unit_id == petition.dispatcher_unit_id)
    if act == Act.REPORT_COMPLETION:
        # The organ the matter was assigned to (交办) reports, wherever the matter is now.
        return _holds(user, petition) or _assigned_to(user, petition, facts)
    if act == Act.CORRECT:
        # The unit that registered the matter, or the one holding it, corrects what was recorded.
        return _holds(user, petition) or (
            user.unit_id is not None and user.unit_id == petition.registered_unit_id
        )
    if act == Act.SERVE:
        # The unit holding the matter, or the unit that issued a document, records its service.
        return _holds(user, petition) or _issued_by(user, petition, facts)
    return act not in _AT_CURRENT_UNIT or _holds(user, petition)


def act_applies(petition: Petition, act: Act, facts: ActFacts | None = None) -> bool:
    types = _TYPES.get(act)
    if types is not None and petition.type not in types:
        return False
    route = _ROUTES.get(act)
    if route is not None and petition.type == PetitionType.APPEAL and petition.route != route:
        return False
    if act == Act.REQUEST_REVIEW:
        return petition.route == Route.OPINION
    if act == Act.START_HEARING and petition.status == Status.HANDLING:
        # A first-instance hearing belongs to route 6 (Art. 31(6)); 36(2) covers 复核.
        return petition.type != PetitionType.APPEAL or petition.route == Route.OPINION
    if act == Act.SERVE:
        # A matter only registered has issued nothing to its petitioner yet.
        return petition.status != Status.REGISTERED
    if act == Act.REPORT_COMPLETION:
        # Offered only while a 交办 awaits its 办结报告 (Art. 22(1)(3)).
        if facts is not None:
            return facts.assignment_open
        return (
            petition.deadlines.filter(code="DA", stopped_on__isnull=True).exclude(state="cancelled").exists()
        )
    if act == Act.RESOLVE_IDENTITY:
        return petition.identity_state == IdentityState.CONFLICT
    if act in (Act.START_HEARING, Act.END_HEARING):
        return petition.hearing_open == (act == Act.END_HEARING)
    return True


def ensure_may(user: User, petition: Petition, act: Act) -> None:
    if not act_applies(petition, act):
        raise PermissionDenied(f"该信访事项（{petition.get_type_display()}）当前不适用「{act.label}」")
    if recused(user, petition):
        raise PermissionDenied(
            f"您与该信访事项有直接利害关系，已回避，不能执行「{act.label}」", article=RECUSAL_ARTICLE
        )
    if not act_permitted(user, petition, act):
        raise PermissionDenied(f"您无权对该信访事项执行「{act.label}」")


# Taken by the ledger importer with the registration itself, never offered on a petition's page.
IMPORTER_ONLY = frozenset({Act.IMPORT_HISTORY})


def acts_available(user: User, petition: Petition) -> list[Act]:
    """Exactly the acts this user may take on this petition now.

    State, type, permission and recusal (Art. 28(3)), then the same rule checks that would
    refuse the act (``availability.act_refusal``, run by every service): an offered act is never
    refused for a reason the user cannot change by what they enter.
    """
    from .availability import act_refusal, clocks_read_once

    facts = act_facts(user, petition)
    if facts.recused:
        return []
    permitted = [
        act
        for act in allowed_from(petition.status)
        if act not in IMPORTER_ONLY
        and act_applies(petition, act, facts)
        and act_permitted(user, petition, act, facts)
    ]
    if not permitted:
        return []
    with clocks_read_once(petition, facts=facts):
        return [act for act in permitted if act_refusal(petition, act) is None]


# Acts that never make a petition "wait for" someone (``Transition.waits`` is False): materials
# and reports can come at any time, the approvals (延期) reach the approver through their own queue
# (ADR 0014 §1), and recusal, cadre notices, joint handling, service, corrections and identity
# decisions may be taken at any stage; none of them is what the holder of the matter owes next.
NOT_WAITING = frozenset(act for act, transition in TRANSITIONS.items() if not transition.waits)


def desk_acts(acts: list[Act]) -> list[Act]:
    """The acts that put a petition on its holder's desk (``selectors.todo_for``)."""
    return [act for act in acts if act not in NOT_WAITING]


def actionable_statuses(user: User) -> frozenset[str]:
    """The open states in which this user holds a desk act on a petition at their own unit."""
    from .lifecycle import OPEN_STATES

    return frozenset(
        str(status)
        for act, transition in TRANSITIONS.items()
        if act in ACT_PERMS
        and act in _AT_CURRENT_UNIT
        and act not in NOT_WAITING
        and user.may(ACT_PERMS[act])
        for status in transition.sources
        if status in OPEN_STATES
    )
