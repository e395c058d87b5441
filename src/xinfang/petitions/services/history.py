"""导入历史办理情况: a petition handled before the system existed, recorded as its ledger says.

The ledger importer registers the row and, in the same transaction, takes this act: the state the
ledger recorded (办结, 不予受理, 不再受理, 已导入法定途径), the closing date and the outcome go
into the event log like any other act, and the clocks the registration opened are cancelled
("不计期限") — whether they were kept before the system existed is not known, so they are
neither met nor overdue (usability finding "Imported history arrives as 已登记 and is overdue at
once").
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from xinfang.common.exceptions import ValidationFailed
from xinfang.orgs.models import User

from ..constants import ReplyOutcome
from ..lifecycle import HISTORICAL_STATES, Act, Status
from ..models import Petition
from .core import apply_act, legal_act


@legal_act(Act.IMPORT_HISTORY)
def petition_import_history(
    *,
    petition: Petition,
    actor: User,
    status: str,
    closed_on: date,
    outcome: str = "",
    source: str = "",
    expected_version: int | None = None,
) -> Petition:
    """Record the state a pre-system petition reached (``HISTORICAL_STATES``), on ``closed_on``."""
    errors = history_problems(
        status=status,
        closed_on=closed_on,
        outcome=outcome,
        received_on=timezone.localdate(petition.received_at),
    )
    if errors:
        raise ValidationFailed(fields=errors)
    changes: dict[str, object] = {
        "closed_at": timezone.make_aware(datetime.combine(closed_on, time(12, 0))),
    }
    if outcome:
        changes["reply_outcome"] = outcome
    return apply_act(
        petition,
        actor=actor,
        act=Act.IMPORT_HISTORY,
        target=Status(status),
        expected_version=expected_version,
        changes=changes,
        payload={
            "historical_status": status,
            "closed_on": closed_on.isoformat(),
            "outcome": outcome,
            "source": source,
        },
    )


def history_problems(*, status: str, closed_on: date, outcome: str, received_on: date) -> dict[str, str]:
    """What is wrong with a ledger's historical state, by field (empty when nothing); the importer
    checks every row with it before anything is written."""
    errors: dict[str, str] = {}
    if status not in HISTORICAL_STATES:
        errors["status"] = "应为 " + "、".join(str(Status(s).label) for s in HISTORICAL_STATES) + " 之一"
    if closed_on < received_on:
        errors["closed_on"] = f"不能早于收到时间（{received_on:%Y-%m-%d}）"
    elif closed_on > timezone.localdate():
        errors["closed_on"] = "不能晚于今天"
    if outcome and outcome not in ReplyOutcome.values:
        errors["outcome"] = "应为 " + "、".join(str(label) for label in ReplyOutcome.labels) + " 之一"
    elif outcome and status != Status.CLOSED:
        errors["outcome"] = "只有已办结的事项才有处理结果"
    return errors
