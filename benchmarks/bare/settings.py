"""Production settings plus the bare insert endpoint, so both are served by one server in one run.

DJANGO_SETTINGS_MODULE=bare.settings PYTHONPATH=benchmarks gunicorn xinfang.wsgi
"""

from xinfang.settings.base import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bare"]  # noqa: F405
ROOT_URLCONF = "bare.urls"
