"""Every write to a petition. Import services from here."""

from .attachments import petition_attach
from .conduct import petition_contribute, petition_notify_cadre, petition_recuse, petition_set_joint
from .core import deadlines_refresh
from .corrections import petition_correct
from .handling import (
    petition_close,
    petition_conclude_mediation,
    petition_conclude_suggestion,
    petition_end_hearing,
    petition_evaluate,
    petition_extend,
    petition_note,
    petition_perform_duty,
    petition_refuse_extension,
    petition_reply,
    petition_report_completion,
    petition_report_major,
    petition_request_extension,
    petition_start_hearing,
    petition_start_mediation,
)
from .history import petition_import_history
from .identity import petition_resolve_identity
from .intake import (
    petition_accept,
    petition_approve_return,
    petition_classify,
    petition_decline,
    petition_dispatch,
    petition_divert,
    petition_refuse_repeat,
    petition_reject_return,
    petition_request_return,
    petition_sign,
)
from .online import online_account, petition_register_online
from .registration import petition_check, petition_register
from .review import (
    petition_decide_recheck,
    petition_decide_review,
    petition_request_recheck,
    petition_request_review,
)
from .serving import petition_serve

__all__ = [
    "deadlines_refresh",
    "online_account",
    "petition_accept",
    "petition_approve_return",
    "petition_attach",
    "petition_check",
    "petition_classify",
    "petition_close",
    "petition_conclude_mediation",
    "petition_conclude_suggestion",
    "petition_contribute",
    "petition_correct",
    "petition_decide_recheck",
    "petition_decide_review",
    "petition_decline",
    "petition_dispatch",
    "petition_divert",
    "petition_end_hearing",
    "petition_evaluate",
    "petition_extend",
    "petition_import_history",
    "petition_note",
    "petition_notify_cadre",
    "petition_perform_duty",
    "petition_recuse",
    "petition_refuse_extension",
    "petition_refuse_repeat",
    "petition_register",
    "petition_register_online",
    "petition_reject_return",
    "petition_reply",
    "petition_report_completion",
    "petition_report_major",
    "petition_request_extension",
    "petition_request_recheck",
    "petition_request_return",
    "petition_request_review",
    "petition_resolve_identity",
    "petition_serve",
    "petition_set_joint",
    "petition_sign",
    "petition_start_hearing",
    "petition_start_mediation",
]
