"""SM3 / SM4 primitives for personal data at rest and the audit chain.

ID and phone numbers are stored SM4-GCM encrypted (random nonce, authenticated),
so equal values do not produce equal ciphertexts; exact-match search uses a
keyed SM3 HMAC of the normalised value instead.

Keys are versioned. A ciphertext reads ``sm4g<version>:<base64(nonce|body|tag)>``: the version of
the SM4 key that wrote it. ``XINFANG_SM4_KEY`` (with ``XINFANG_SM4_KEY_VERSION``) encrypts; older
keys in ``XINFANG_SM4_OLD_KEYS`` (``"1:hex,2:hex"``) still decrypt, so ``xinfang keys rotate`` can
re-encrypt rows in batches while the service keeps running. Lookup hashes are computed under the
current lookup key; during a rotation ``lookup_hashes`` also yields the hashes under the old lookup
keys (``XINFANG_LOOKUP_OLD_KEYS``) so that search finds rows not yet re-hashed. There is no
fallback key: without configured keys every call raises ``ImproperlyConfigured``.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured

_TOKEN = re.compile(r"^sm4g(\d+):")
_NONCE_BYTES = 12
_TAG_BYTES = 16


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


@dataclass(frozen=True)
class KeyRing:
    version: int
    sm4: dict[int, bytes]  # version → key; includes the current one
    lookup: bytes
    old_lookup: tuple[bytes, ...]


def _sm4_bytes(hex_key: str, name: str) -> bytes:
    try:
        key = bytes.fromhex(hex_key)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be 32 hex digits (128 bits) / {name} 须为 32 位十六进制"
        ) from exc
    if len(key) != 16:
        raise ImproperlyConfigured(f"{name} must be 32 hex digits (128 bits) / {name} 须为 32 位十六进制")
    return key


@lru_cache(maxsize=8)
def _ring(version: int, sm4: str, old_sm4: str, lookup: str, old_lookup: str) -> KeyRing:
    from .secrets import parse_versioned

    if not sm4 or not lookup:
        raise ImproperlyConfigured(
            "XINFANG_SM4_KEY and XINFANG_LOOKUP_KEY are not set / "
            "未配置个人信息加密密钥 (XINFANG_SM4_KEY、XINFANG_LOOKUP_KEY)"
        )
    keys = {v: _sm4_bytes(k, f"XINFANG_SM4_OLD_KEYS[{v}]") for v, k in parse_versioned(old_sm4).items()}
    keys[version] = _sm4_bytes(sm4, "XINFANG_SM4_KEY")
    olds = tuple(k.encode() for k in old_lookup.replace("\n", ",").split(",") if k.strip())
    return KeyRing(version=version, sm4=keys, lookup=lookup.encode(), old_lookup=olds)


def key_ring() -> KeyRing:
    from django.conf import settings

    return _ring(
        int(settings.XINFANG_SM4_KEY_VERSION),
        settings.XINFANG_SM4_KEY,
        settings.XINFANG_SM4_OLD_KEYS,
        settings.XINFANG_LOOKUP_KEY,
        settings.XINFANG_LOOKUP_OLD_KEYS,
    )


def current_keys() -> tuple[bytes, bytes]:
    ring = key_ring()
    return ring.sm4[ring.version], ring.lookup


def encrypt(plaintext: str) -> str:
    ring = key_ring()
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(ring.sm4[ring.version]), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return f"sm4g{ring.version}:" + base64.b64encode(nonce + body + encryptor.tag).decode()


class DecryptionError(ValueError):
    pass


def token_version(token: str) -> int | None:
    match = _TOKEN.match(token)
    return int(match.group(1)) if match else None


def decrypt(token: str) -> str:
    match = _TOKEN.match(token)
    if not match:
        raise DecryptionError("value is not an SM4 token")
    version = int(match.group(1))
    key = key_ring().sm4.get(version)
    if key is None:
        raise DecryptionError(f"SM4 key version {version} is not configured (XINFANG_SM4_OLD_KEYS)")
    raw = base64.b64decode(token[match.end() :])
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionError("SM4 authentication failed (wrong key or altered value)") from exc


def _hmac(key: bytes, normalised: str) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(normalised.encode())
    return mac.finalize().hex()


def lookup_hash(normalised: str) -> str:
    """Keyed SM3 HMAC: equal inputs match, the value cannot be recovered or guessed offline."""
    return _hmac(key_ring().lookup, normalised)


def lookup_hashes(normalised: str) -> list[str]:
    """The hash under the current lookup key first, then under each old key (search during rotation)."""
    ring = key_ring()
    return [_hmac(key, normalised) for key in (ring.lookup, *ring.old_lookup)]
