from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "xinfang.common"
    verbose_name = "公共组件"
    label = "common"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers xinfang.E001–E005)
