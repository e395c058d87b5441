"""Clock options from settings, read lazily (never at import)."""

from django.conf import settings

from .deadlines import ClockOptions


def clock_options() -> ClockOptions:
    rules = settings.XINFANG_RULES
    return ClockOptions(
        rollover_rest_days=bool(rules.get("rollover_rest_days", True)),
        pause_hearing_first_instance=bool(rules.get("pause_hearing_first_instance", False)),
        pause_hearing_review=bool(rules.get("pause_hearing_review", False)),
        hearing_days_inclusive=bool(rules.get("hearing_days_inclusive", False)),
    )
