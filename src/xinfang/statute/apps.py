from typing import Any

from django.apps import AppConfig


class StatuteConfig(AppConfig):
    name = "xinfang.statute"
    verbose_name = "法规与期限"
    label = "statute"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import HolidayOverride

        post_save.connect(holiday_changed, sender=HolidayOverride, dispatch_uid="statute-holiday-saved")
        post_delete.connect(holiday_changed, sender=HolidayOverride, dispatch_uid="statute-holiday-deleted")


def holiday_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An override saved or deleted (admin, shell or import): the affected clocks follow at once.

    The worker re-clocks the open petitions whose clocks span the day (ADR 0014 §9), after the
    override is committed so that it reads the new calendar.
    """
    from django.db import transaction

    from xinfang.jobs.tasks import clocks_refresh_spanning_task

    from .calendar import calendar_invalidate

    calendar_invalidate()
    day = instance.day.isoformat()
    transaction.on_commit(lambda: clocks_refresh_spanning_task.enqueue(day))
