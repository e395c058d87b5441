"""Keyed lookup hashes for exact search on encrypted ID numbers, phone numbers and emails.

``id_number_hash`` / ``phone_hash`` / ``email_hash`` are what a row stores (current lookup key).
Searches use the ``…_hashes`` forms, which add the hashes under old lookup keys while
``xinfang keys rotate`` is re-hashing rows, so every row stays findable during a rotation.
"""

from xinfang.common.crypto import lookup_hash, lookup_hashes
from xinfang.common.idcard import normalise_id_number, normalise_phone


def normalise_email(value: str) -> str:
    """Trimmed and lower-cased: mail systems treat addresses case-insensitively in practice."""
    return value.strip().lower()


def id_number_hash(value: str) -> str:
    return lookup_hash("id:" + normalise_id_number(value)) if value else ""


def phone_hash(value: str) -> str:
    return lookup_hash("phone:" + normalise_phone(value)) if value else ""


def email_hash(value: str) -> str:
    return lookup_hash("email:" + normalise_email(value)) if value else ""


def id_number_hashes(value: str) -> list[str]:
    return lookup_hashes("id:" + normalise_id_number(value)) if value else []


def phone_hashes(value: str) -> list[str]:
    return lookup_hashes("phone:" + normalise_phone(value)) if value else []


def email_hashes(value: str) -> list[str]:
    return lookup_hashes("email:" + normalise_email(value)) if value else []
