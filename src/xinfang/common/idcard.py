"""Resident ID numbers (GB 11643-1999) and phone numbers: normalise and validate.

Pure functions without Django, shared by the petition drafts, the lookup hashes
and the demo generator.  ``normalise_*`` results feed the lookup hashes, so they
must stay stable: changing them would orphan hashes already stored.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

# GB 11643-1999: weight of each of the first 17 digits, and check character by (sum mod 11).
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_FIRST17 = re.compile(r"[0-9]{17}")
_EARLIEST_BIRTH = date(1900, 1, 1)
_CHINA = timezone(timedelta(hours=8))  # no daylight saving time in China

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area code 010 / 02x + 8 digits, or 0xxx + 7-8 digits; dashes already removed.
_LANDLINE = re.compile(r"0(?:10|2[0-9])[0-9]{8}|0[3-9][0-9]{2}[0-9]{7,8}")
_PHONE_NOISE = re.compile(r"[\s\-()–—]+")  # spaces, dashes, brackets (full-width ones are NFKC-folded first)


def id_check_digit(first17: str) -> str:
    """The check character ("0"-"9" or "X") for the first 17 digits of an ID number."""
    if not _FIRST17.fullmatch(first17):
        raise ValueError("expected exactly 17 ASCII digits")
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    """Drop whitespace, fold full-width characters, upper-case a trailing x."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def is_valid_id_number(value: str) -> bool:
    """After normalising: 17 digits plus digit or X/x, a real birth date (1900..today), the right check."""
    value = normalise_id_number(value)
    if not _ID_SHAPE.fullmatch(value):
        return False
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not _EARLIEST_BIRTH <= born <= datetime.now(_CHINA).date():
        return False
    return id_check_digit(value[:17]) == value[17]


def normalise_phone(value: str) -> str:
    """Digits only: drop spaces, dashes, brackets and a +86 / 0086 country code."""
    digits = _PHONE_NOISE.sub("", unicodedata.normalize("NFKC", value))
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            # International format drops the trunk 0 of a landline: +86 755 ... -> 0755 ...
            if digits and digits[0] not in "01":
                digits = "0" + digits
            break
    return digits


def is_valid_mobile(value: str) -> bool:
    """A mainland mobile number (11 digits, 13x-19x), after normalising."""
    return _MOBILE.fullmatch(normalise_phone(value)) is not None


def is_valid_phone(value: str) -> bool:
    """A mainland mobile number or a landline with area code (e.g. 0755-12345678), after normalising."""
    digits = normalise_phone(value)
    return _MOBILE.fullmatch(digits) is not None or _LANDLINE.fullmatch(digits) is not None
