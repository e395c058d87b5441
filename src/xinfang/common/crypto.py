"""SM3 / SM4 primitives for personal data at rest and the audit chain.

ID and phone numbers are stored SM4-GCM encrypted (random nonce, authenticated),
so equal values do not produce equal ciphertexts; exact-match search uses a
keyed SM3 HMAC of the normalised value instead.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_PREFIX = "sm4g1:"
_NONCE_BYTES = 12
_TAG_BYTES = 16


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _derive(label: str) -> bytes:
    # Development fallback only: derive a key from SECRET_KEY so a fresh demo
    # works; production sets XINFANG_SM4_KEY / XINFANG_LOOKUP_KEY explicitly.
    from django.conf import settings

    return bytes.fromhex(sm3_hex(f"{label}:{settings.SECRET_KEY}".encode()))


@lru_cache(maxsize=4)
def _keys(sm4_setting: str, lookup_setting: str) -> tuple[bytes, bytes]:
    sm4_key = bytes.fromhex(sm4_setting) if sm4_setting else _derive("sm4")[:16]
    if len(sm4_key) != 16:
        raise ValueError("XINFANG_SM4_KEY must be 32 hex digits (128 bits)")
    lookup_key = lookup_setting.encode() if lookup_setting else _derive("lookup")
    return sm4_key, lookup_key


def current_keys() -> tuple[bytes, bytes]:
    from django.conf import settings

    return _keys(settings.XINFANG_SM4_KEY, settings.XINFANG_LOOKUP_KEY)


def encrypt(plaintext: str) -> str:
    key, _ = current_keys()
    nonce = os.urandom(_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return _PREFIX + base64.b64encode(nonce + body + encryptor.tag).decode()


class DecryptionError(ValueError):
    pass


def decrypt(token: str) -> str:
    if not token.startswith(_PREFIX):
        raise DecryptionError("value is not an SM4 token")
    raw = base64.b64decode(token[len(_PREFIX) :])
    nonce, body, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    key, _ = current_keys()
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionError("SM4 authentication failed (wrong key or altered value)") from exc


def lookup_hash(normalised: str) -> str:
    """Keyed SM3 HMAC: equal inputs match, the value cannot be recovered or guessed offline."""
    _, key = current_keys()
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(normalised.encode())
    return mac.finalize().hex()
