"""Test settings: every control of production, only faster hashing and throw-away keys.

Lockout, password rules, session timeouts, CSP, OTP for administrators and leaders and
control-character rejection all stay on (ADR 0014 §8). The changes are speed (a fast hasher, a
local-memory cache, plain static storage that needs no collectstatic) and keys: random per test run
and exported to the environment, so server and worker processes that a test starts read the same
keys, and the key checks (xinfang.E001–E005) stay active rather than being silenced for a fixed
test key. Requests in tests travel over plain HTTP to the test client or a loopback live server,
so the HTTPS redirect is off; the Secure cookie flag stays on.
"""

import os
import secrets

for _name, _make in (
    ("XINFANG_SECRET_KEY", lambda: secrets.token_urlsafe(50)),
    ("XINFANG_SM4_KEY", lambda: secrets.token_hex(16)),
    ("XINFANG_LOOKUP_KEY", lambda: secrets.token_urlsafe(32)),
):
    if not os.environ.get(_name) and not os.environ.get(f"{_name}_FILE"):
        os.environ[_name] = _make()

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process unless a test starts real worker processes (tests/jobs), which set
# XINFANG_TASK_BACKEND=database for themselves.
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("XINFANG_TASK_BACKEND", "immediate")]}}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: memory databases lock whole tables without
    # waiting, so concurrent-request tests would fail instead of queueing as the
    # real embedded database does. pytest-xdist suffixes the name per worker; the run id
    # (or the process id without xdist) keeps two runs on one machine apart.
    import tempfile

    _run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"xinfang-test-{_run[:12]}.sqlite3")  # noqa: F405
    }

import tempfile as _tempfile  # noqa: E402

MEDIA_ROOT = Path(_tempfile.mkdtemp(prefix="xinfang-media-"))  # noqa: F405
STATIC_ROOT = Path(_tempfile.mkdtemp(prefix="xinfang-static-"))  # noqa: F405
WHITENOISE_USE_FINDERS = True
