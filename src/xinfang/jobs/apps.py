from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "xinfang.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # django-tasks names its app in English and without gettext; the admin index reads Chinese.
        from django.apps import apps

        apps.get_app_config("django_tasks_database").verbose_name = "任务队列"
