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
    """Load at start what the first request would otherwise pay for: the search word dictionary
    (about a second) and every view module behind the URLconf (scikit-learn for the intake views
    among them: 5 s for the first home page of a fresh worker on a loaded machine)."""
    from django.urls import get_resolver

    from xinfang.petitions.search import warm_up

    warm_up()
    get_resolver().url_patterns  # noqa: B018 - importing the URLconf is the point


_warm_up()
