from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "xinfang.integrations"
    label = "integrations"
