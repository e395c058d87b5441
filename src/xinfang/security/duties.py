"""三员分立: the system, security and audit administrators' duties never meet in one account.

- 系统管理员 (``Perm.ADMIN`` or Django superuser / staff with account rights): accounts, roles,
  configuration. Never reads the security log.
- 安全管理员 (``Perm.SECURITY``): unlocks accounts, resets second factors, revokes tokens.
- 审计管理员 (``Perm.AUDIT_LOG``): reads and exports the security log, nothing else.

The guard runs where roles are assigned (``signals.guard_role_assignment``) and where a role's
permissions are saved, and the read checks below refuse a conflicting account even if the data were
edited around the guard.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.constants import Perm
from xinfang.orgs.models import Role, User

DUTIES = {
    str(Perm.ADMIN): "系统管理员",
    str(Perm.SECURITY): "安全管理员",
    str(Perm.AUDIT_LOG): "审计管理员",
}
ACCOUNT_ADMIN_PERMS = ("orgs.change_user", "orgs.change_role", "orgs.add_user", "orgs.add_role")


def duties_of_perms(perms: Iterable[str]) -> set[str]:
    return {p for p in perms if p in DUTIES}


def duty_conflict(perms: Iterable[str], *, superuser: bool = False) -> str | None:
    """A Chinese explanation when a set of permissions breaks 三员分立, else None."""
    duties = duties_of_perms(perms)
    if superuser:
        duties.add(str(Perm.ADMIN))
    if len(duties) > 1:
        names = "、".join(DUTIES[d] for d in sorted(duties))
        return f"三员分立：同一账号不得同时担任{names}（系统管理员、安全管理员、审计管理员须由不同人员担任）"
    return None


def can_manage_accounts(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if user.is_superuser or str(Perm.ADMIN) in user.perms_granted():
        return True
    return user.is_staff and any(user.has_perm(p) for p in ACCOUNT_ADMIN_PERMS)


def may_read_security_log(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)
    return user.may(Perm.AUDIT_LOG) and not can_manage_accounts(user) and not user.may(Perm.SECURITY)


def may_administer_security(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    assert isinstance(user, User)
    return user.may(Perm.SECURITY) and not user.may(Perm.AUDIT_LOG)


def check_user_duties(user: User, roles: Iterable[Role]) -> None:
    perms: set[str] = set()
    for role in roles:
        perms.update(role.permissions)
    problem = duty_conflict(perms, superuser=user.is_superuser)
    if problem:
        raise ValidationFailed(problem, fields={"roles": problem})


def check_role_duties(permissions: Iterable[str]) -> None:
    problem = duty_conflict(permissions)
    if problem:
        raise ValidationFailed(problem, fields={"permissions": problem})


def requires_otp(user: User) -> bool:
    """Administrators and holders of a role marked 须双因素登录 (bureau leaders) need a TOTP code."""
    if user.is_superuser or user.is_staff:
        return True
    if duties_of_perms(user.perms_granted()):
        return True
    return any(role.requires_otp for role in user.roles_cached())
