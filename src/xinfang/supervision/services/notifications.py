"""Reading notifications: a user can only mark their own."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import NotFound
from xinfang.orgs.models import User

from ..models import Notification
from ..unread import unread_add


@transaction.atomic
def notification_mark_read(*, notification_id: int, user: User) -> Notification:
    notification = Notification.objects.select_for_update().filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise NotFound("通知不存在")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        unread_add({user.pk: -1})
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    marked = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    unread_add({user.pk: -marked})
    return marked
