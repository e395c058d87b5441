"""Secrets from the environment or from files (``NAME`` or ``NAME_FILE``), never from the source.

A deployment puts keys in a secret store (systemd ``LoadCredential=``, a mounted file, an HSM
agent that writes a file) and points ``XINFANG_SM4_KEY_FILE`` at it; ``XINFANG_SM4_KEY`` in the
environment works too. Nothing here has a usable default: a missing secret reads as "" and the
system checks in ``xinfang.common.checks`` refuse to start.
"""

from __future__ import annotations

import os
from pathlib import Path


def read_secret(name: str) -> str:
    value = os.environ.get(name, "")
    path = os.environ.get(f"{name}_FILE", "")
    if not value and path:
        value = Path(path).read_text(encoding="utf-8")
    return value.strip()


def parse_versioned(raw: str) -> dict[int, str]:
    """``"1:aa…,2:bb…"`` → ``{1: "aa…", 2: "bb…"}`` (old keys kept for reading during rotation)."""
    keys: dict[int, str] = {}
    for item in raw.replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        version, _, key = item.partition(":")
        keys[int(version)] = key.strip()
    return keys


# Every key, secret or password that has stood in this repository's source or documentation as a
# default or an example. A deployment using one of them, or a key derived from one the way old
# versions derived the SM4 and lookup keys from the secret, is refused (xinfang.E004): anyone with
# the source could decrypt its personal data.
KNOWN_FROM_SOURCE = (
    "dev-only-insecure-key-change-me-in-production",
    "00112233445566778899aabbccddeeff",
    "test-lookup-key",
    "change-me",
    "changeme",
    "Xinfang@2026",
)


def known_values() -> set[str]:
    from .crypto import sm3_hex

    values = set(KNOWN_FROM_SOURCE)
    for secret in KNOWN_FROM_SOURCE:
        values.add(sm3_hex(f"sm4:{secret}".encode())[:32])  # the old derived SM4 key (hex)
        values.add(sm3_hex(f"lookup:{secret}".encode()))
    return values
