"""Fast test settings: cheap hashing, in-memory caches, same database selection."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
XINFANG_SM4_KEY = "00112233445566778899aabbccddeeff"
XINFANG_LOOKUP_KEY = "test-lookup-key"
DEBUG = False
