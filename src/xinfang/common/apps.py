from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "xinfang.common"
    label = "common"
