from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "xinfang.open311"
    verbose_name = "市民服务接口"
    label = "open311"
