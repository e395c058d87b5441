"""Security log receivers (logins, failures, lockouts, logouts, role and permission changes) and
the 三员分立 guard on role assignment."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from xinfang.orgs.models import Role, User

from . import duties
from .log import record
from .models import SecurityEventKind as K

WATCHED_USER_FIELDS = ("is_active", "is_staff", "is_superuser", "unit_id")


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        import time

        now = int(time.time())
        request.session["xf_login_at"] = now
        request.session["xf_seen_at"] = now
    record(K.LOGIN, request=request, user=user, actor=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record(K.LOGOUT, request=request, user=user, actor=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(K.LOGIN_FAILED, request=getattr(request, "_request", request), username=username)


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    record(K.LOCKED_OUT, request=getattr(request, "_request", request), username=str(username or "")[:150])


@receiver(pre_save, sender=User)
def remember_user_fields(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk:
        before = User.objects.filter(pk=instance.pk).values(*WATCHED_USER_FIELDS).first()
        instance._security_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def log_user_changes(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_security_before", None)
    if created:
        record(K.ACCOUNT_CHANGED, user=instance, change="created")
        return
    if not before:
        return
    changes = {
        field: [before[field], getattr(instance, field)]
        for field in WATCHED_USER_FIELDS
        if before[field] != getattr(instance, field)
    }
    instance._security_before = None  # type: ignore[attr-defined]
    if changes:
        if "is_superuser" in changes and instance.is_superuser:
            duties.check_user_duties(instance, instance.roles.all())
        record(K.ACCOUNT_CHANGED, user=instance, changes=changes)


@receiver(m2m_changed, sender=User.roles.through)
def guard_role_assignment(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, reverse: bool, **kwargs: Any
) -> None:
    if reverse:
        # role.users.add(...): check each affected user against the role.
        if action == "pre_add" and pk_set:
            for user in User.objects.filter(pk__in=pk_set):
                duties.check_user_duties(user, [*user.roles.all(), instance])
        if action in {"post_add", "post_remove"} and pk_set:
            for user in User.objects.filter(pk__in=pk_set):
                record(K.ROLE_CHANGED, user=user, action=action[5:], roles=[instance.key])
        return
    if action == "pre_add" and pk_set:
        roles = [*instance.roles.all(), *Role.objects.filter(pk__in=pk_set)]
        duties.check_user_duties(instance, roles)
    if action in {"post_add", "post_remove", "post_clear"}:
        keys = sorted(Role.objects.filter(pk__in=pk_set or ()).values_list("key", flat=True))
        record(K.ROLE_CHANGED, user=instance, action=action[5:], roles=keys)
    for attr in ("_perms_granted", "_roles_cached"):
        if hasattr(instance, attr):
            delattr(instance, attr)


@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=User.groups.through)
def log_django_permission_changes(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, reverse: bool, **kwargs: Any
) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        record(
            K.PERMISSION_CHANGED,
            user=instance,
            action=action[5:],
            ids=sorted(pk_set or ()),
            via=sender._meta.model_name,
        )


@receiver(pre_save, sender=Role)
def guard_role_permissions(sender: Any, instance: Role, **kwargs: Any) -> None:
    duties.check_role_duties(instance.permissions or [])
    if instance.pk:
        before = (
            Role.objects.filter(pk=instance.pk).values("permissions", "data_scope", "requires_otp").first()
        )
        instance._security_before = before  # type: ignore[attr-defined]
        if before and set(before["permissions"]) != set(instance.permissions or []):
            for user in instance.users.all():
                others = [r for r in user.roles.all() if r.pk != instance.pk]
                duties.check_user_duties(user, [*others, instance])


@receiver(post_save, sender=Role)
def log_role_permissions(sender: Any, instance: Role, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_security_before", None)
    after = {
        "permissions": list(instance.permissions or []),
        "data_scope": instance.data_scope,
        "requires_otp": instance.requires_otp,
    }
    if created:
        from .log import record as _record

        _record(K.PERMISSION_CHANGED, username="", role=instance.key, change="created", after=after)
    elif before and any(before[k] != after[k] for k in after):
        record(K.PERMISSION_CHANGED, role=instance.key, before=before, after=after)
