"""Signals other apps listen to instead of reaching into the petition services.

``petition_event_committed`` is sent once per event, after the transaction that
wrote it commits, so listeners (risk scoring, duplicate index, webhooks,
warnings) never see an act that was rolled back and never slow the act itself
down with a failure of their own.
"""

import logging
from typing import Any

from django.dispatch import Signal

logger = logging.getLogger(__name__)

# kwargs: petition_id, event_id, seq, kind, from_status, to_status
petition_event_committed = Signal()


def event_committed_send(**fields: Any) -> None:
    """Send the signal; a failing listener is logged, never raised into the act that was taken."""
    from .models import Petition

    for receiver, result in petition_event_committed.send_robust(sender=Petition, **fields):
        if isinstance(result, Exception):
            logger.error("listener %r failed on petition event %s", receiver, fields, exc_info=result)
