from django.apps import AppConfig


class StatuteConfig(AppConfig):
    name = "xinfang.statute"
    label = "statute"
