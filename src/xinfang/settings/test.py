"""Fast test settings: cheap hashing, in-memory caches, same database selection."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
XINFANG_SM4_KEY = "00112233445566778899aabbccddeeff"
XINFANG_LOOKUP_KEY = "test-lookup-key"
DEBUG = False

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: memory databases lock whole tables without
    # waiting, so concurrent-request tests would fail instead of queueing as the
    # real embedded database does. pytest-xdist suffixes the name per worker; the run id
    # (or the process id without xdist) keeps two runs on one machine apart.
    import os
    import tempfile

    _run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"xinfang-test-{_run[:12]}.sqlite3")  # noqa: F405
    }

import tempfile as _tempfile  # noqa: E402

MEDIA_ROOT = Path(_tempfile.mkdtemp(prefix="xinfang-media-"))  # noqa: F405
