from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "xinfang.security"
    label = "security"
    verbose_name = "安全管理"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (security log receivers, 三员分立 guard)
        from .admin_scope import scope_admin_site

        scope_admin_site()
