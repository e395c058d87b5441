"""Who may take which act on a petition they can see.

Visibility (``selectors.petitions_visible_to``) is checked first and answers
"not found"; this module then answers "not allowed" for visible petitions.
"""

from __future__ import annotations

from xinfang.common.exceptions import PermissionDenied
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import User

from .constants import PetitionType, Route
from .lifecycle import Act, allowed_from
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
}

# Acts that only make sense for some petition types (Art. 29-31).
_TYPES: dict[Act, frozenset[str]] = {
    Act.CLASSIFY: frozenset({PetitionType.APPEAL}),
    Act.START_MEDIATION: frozenset({PetitionType.APPEAL}),
    Act.EXTEND: frozenset({PetitionType.APPEAL}),
    Act.REQUEST_EXTENSION: frozenset({PetitionType.APPEAL}),
    Act.REPLY: frozenset({PetitionType.APPEAL, PetitionType.ACCUSATION}),
    Act.CONCLUDE_SUGGESTION: frozenset({PetitionType.SUGGESTION}),
}


def _holds(user: User, petition: Petition) -> bool:
    return user.is_superuser or (user.unit_id is not None and user.unit_id == petition.current_unit_id)


def act_permitted(user: User, petition: Petition, act: Act) -> bool:
    if not user.may(ACT_PERMS[act]):
        return False
    if act in (Act.APPROVE_RETURN, Act.REJECT_RETURN):
        return user.is_superuser or (user.unit_id is not None and user.unit_id == petition.dispatcher_unit_id)
    return act not in _AT_CURRENT_UNIT or _holds(user, petition)


def act_applies(petition: Petition, act: Act) -> bool:
    types = _TYPES.get(act)
    if types is not None and petition.type not in types:
        return False
    if act == Act.REQUEST_REVIEW:
        return petition.route == Route.OPINION
    if act in (Act.START_HEARING, Act.END_HEARING):
        return petition.hearing_open == (act == Act.END_HEARING)
    return True


def ensure_may(user: User, petition: Petition, act: Act) -> None:
    if not act_applies(petition, act):
        raise PermissionDenied(f"该信访事项（{petition.get_type_display()}）当前不适用「{act.label}」")
    if not act_permitted(user, petition, act):
        raise PermissionDenied(f"您无权对该信访事项执行「{act.label}」")


def acts_available(user: User, petition: Petition) -> list[Act]:
    """Exactly the acts this user may take on this petition now (state, type and permission)."""
    return [
        act
        for act in allowed_from(petition.status)
        if act_applies(petition, act) and act_permitted(user, petition, act)
    ]
