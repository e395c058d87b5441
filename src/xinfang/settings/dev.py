"""Development settings for ``make run`` only: DEBUG on, plain HTTP, keys generated at random.

Keys come from ``var/dev-secrets.env``, written at random on first use (``devkeys``). Every other
control of production stays on (lockout, password rules, session timeouts, OTP, CSP).
"""

import os

from .devkeys import load_dev_keys

load_dev_keys()

from .base import *  # noqa: E402, F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# The demo is served over plain HTTP on the loopback interface.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# `make run` starts no worker: tasks run in-process unless XINFANG_TASK_BACKEND=database.
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("XINFANG_TASK_BACKEND", "immediate")]}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
