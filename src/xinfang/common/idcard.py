"""Resident ID numbers (GB 11643-1999) and phone numbers: normalise and validate."""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def is_valid_id_number(value: str) -> bool:
    value = normalise_id_number(value)
    if not _ID_SHAPE.match(value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return id_check_digit(value[:17]) == value[17]


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s()]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    if _LANDLINE.match(digits):
        return digits.replace("-", "")
    return digits.replace("-", "")


def is_valid_phone(value: str) -> bool:
    digits = normalise_phone(value)
    return bool(_MOBILE.match(digits) or re.match(r"^0\d{9,11}$", digits))
