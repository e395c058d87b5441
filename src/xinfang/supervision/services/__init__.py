"""Every supervision write. Keyword-only, typed, atomic, named ``<entity>_<verb>``."""

from .keycases import key_case_close, key_case_create, key_case_set_officials, key_case_set_status
from .notifications import notification_mark_all_read, notification_mark_read
from .orders import (
    supervision_order_accept,
    supervision_order_close,
    supervision_order_issue,
    supervision_order_list,
    supervision_order_return,
    supervision_order_submit_feedback,
)
from .ownership import case_ownership_assign, case_ownership_raise, case_ownership_release
from .reminders import reminder_send_for_order, reminder_send_for_petition
from .reviews import quality_review_submit

__all__ = [
    "case_ownership_assign",
    "case_ownership_raise",
    "case_ownership_release",
    "key_case_close",
    "key_case_create",
    "key_case_set_officials",
    "key_case_set_status",
    "notification_mark_all_read",
    "notification_mark_read",
    "quality_review_submit",
    "reminder_send_for_order",
    "reminder_send_for_petition",
    "supervision_order_accept",
    "supervision_order_close",
    "supervision_order_issue",
    "supervision_order_list",
    "supervision_order_return",
    "supervision_order_submit_feedback",
]
