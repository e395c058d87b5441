"""WSGI entry point for gunicorn (``xinfang serve``): refuses to load without the deployment's keys."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings.base")
application = get_wsgi_application()


def _refuse_without_keys() -> None:
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    errors = [e for e in checks.run_checks(tags=[checks.Tags.security]) if e.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.id}: {e.msg}" for e in errors))


_refuse_without_keys()


def _warm_up() -> None:
    """Load at start what the first request would otherwise pay for (``common.warmup``); the
    database connection is warmed per worker by gunicorn's ``post_worker_init`` hook."""
    from xinfang.common.warmup import process_warm_up

    process_warm_up()


_warm_up()
