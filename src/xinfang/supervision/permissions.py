"""Who may supervise, and who answers an order.

Art. 40 gives 督办 to "党委和政府信访部门"; Art. 38 also lets the Party committee and
government's own 督查 offices supervise. So a supervisor is staff holding
``Perm.SUPERVISE`` in a petition bureau or a government (Party committee) unit.
Handlers in functional departments may hold broad permission sets in some
deployments; the unit kind keeps them from issuing orders to their peers.
"""

from __future__ import annotations

from django.db.models import QuerySet

from xinfang.common.exceptions import PermissionDenied
from xinfang.orgs.constants import Perm, UnitKind
from xinfang.orgs.models import Role, Unit, User

from .models import SupervisionOrder

SUPERVISING_KINDS = frozenset({UnitKind.PETITION_BUREAU, UnitKind.GOVERNMENT})


def is_supervisor(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    unit = user.unit
    return user.may(Perm.SUPERVISE) and unit is not None and unit.kind in SUPERVISING_KINDS


def ensure_supervisor(user: User, what: str) -> None:
    if not is_supervisor(user):
        raise PermissionDenied(
            f"只有信访部门或党委政府督查人员可以{what}（《信访工作条例》第三十八条、第四十条）"
        )


def answers_for(user: User, order: SupervisionOrder) -> bool:
    """The target unit's staff answer the order (the unit head or a handler)."""
    return user.is_active and user.unit_id is not None and user.unit_id == order.target_unit_id


def ensure_answers_for(user: User, order: SupervisionOrder) -> None:
    if not answers_for(user, order):
        raise PermissionDenied("只有被督办单位的工作人员可以书面反馈")


def supervisors() -> QuerySet[User]:
    """Everyone who supervises: the 督查 role holders in petition bureaus and governments."""
    # Role permissions are a JSON list; SQLite cannot query inside it, and roles are few.
    roles = [role.pk for role in Role.objects.all() if str(Perm.SUPERVISE) in role.permissions]
    return (
        User.objects.filter(is_active=True, roles__in=roles, unit__kind__in=SUPERVISING_KINDS)
        .select_related("unit")
        .distinct()
    )


def unit_staff(unit: Unit | int) -> QuerySet[User]:
    unit_id = unit if isinstance(unit, int) else unit.pk
    return User.objects.filter(is_active=True, unit_id=unit_id)
