from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "xinfang.supervision"
    verbose_name = "督查督办"
    label = "supervision"

    def ready(self) -> None:
        from xinfang.common.counters import counters_register
        from xinfang.petitions.signals import petition_event_committed

        from .listeners import on_petition_event

        petition_event_committed.connect(on_petition_event, dispatch_uid="supervision-queue-notifications")

        from .unread import unread_problems, unread_rebuild

        counters_register(name="未读通知计数", check=unread_problems, rebuild=unread_rebuild)
