"""Keyed lookup hashes for exact search on encrypted ID and phone numbers."""

from xinfang.common.crypto import lookup_hash
from xinfang.common.idcard import normalise_id_number, normalise_phone


def id_number_hash(value: str) -> str:
    return lookup_hash("id:" + normalise_id_number(value)) if value else ""


def phone_hash(value: str) -> str:
    return lookup_hash("phone:" + normalise_phone(value)) if value else ""
