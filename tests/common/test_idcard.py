"""Resident ID numbers (GB 11643-1999) and phone numbers."""

from __future__ import annotations

import pytest

from xinfang.common.idcard import (
    id_check_digit,
    is_valid_id_number,
    is_valid_mobile,
    is_valid_phone,
    normalise_id_number,
    normalise_phone,
)

# The example number of the standard itself: check character X.
STANDARD_EXAMPLE = "11010519491231002X"


def test_check_digit_of_the_standard_example() -> None:
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 % 11 = 2 -> "X"
    assert id_check_digit(STANDARD_EXAMPLE[:17]) == "X"
    assert is_valid_id_number(STANDARD_EXAMPLE)


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("44030619800101001", "X"),  # weighted sum 178, 178 % 11 = 2
        ("44030619900228123", "8"),  # weighted sum 268, 268 % 11 = 4
    ],
)
def test_check_digit_by_hand(first17: str, check: str) -> None:
    assert id_check_digit(first17) == check
    assert is_valid_id_number(first17 + check)


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "1101051949123100A"])
def test_check_digit_needs_17_digits(first17: str) -> None:
    with pytest.raises(ValueError, match="17"):
        id_check_digit(first17)


def test_lowercase_x_is_valid_and_normalised() -> None:
    lower = STANDARD_EXAMPLE.lower()
    assert is_valid_id_number(lower)
    assert normalise_id_number(lower) == STANDARD_EXAMPLE
    assert normalise_id_number(" 110105 19491231 002x ") == STANDARD_EXAMPLE
    assert normalise_id_number("１１０１０５１９４９１２３１００２ｘ") == STANDARD_EXAMPLE  # full-width input


def test_wrong_check_digit() -> None:
    for check in "0123456789":
        assert not is_valid_id_number(STANDARD_EXAMPLE[:17] + check)


@pytest.mark.parametrize(
    "birth",
    [
        "19490230",  # no 30 February
        "19491301",  # no 13th month
        "19490000",  # no month 0 / day 0
        "18991231",  # before 1900
        "29991231",  # in the future
    ],
)
def test_bad_birth_date(birth: str) -> None:
    first17 = f"110105{birth}002"
    assert not is_valid_id_number(first17 + id_check_digit(first17))


def test_leap_day() -> None:
    leap = "11010520000229002"
    assert is_valid_id_number(leap + id_check_digit(leap))
    not_leap = "11010519000229002"  # 1900 was not a leap year
    assert not is_valid_id_number(not_leap + id_check_digit(not_leap))


@pytest.mark.parametrize(
    "value",
    [
        "",
        "11010519491231002",
        "11010519491231002XX",
        "1101051949123100X2",
        "X1010519491231002X",
        "110105194912310O2X",
    ],
)
def test_bad_shape(value: str) -> None:
    assert not is_valid_id_number(value)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+86-13800138000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("0755-12345678", "075512345678"),
        ("(0755) 1234 5678", "075512345678"),
        ("+86 755 1234 5678", "075512345678"),  # international form drops the trunk 0
        ("１３８００１３８０００", "13800138000"),  # full-width digits
    ],
)
def test_normalise_phone(raw: str, normalised: str) -> None:
    assert normalise_phone(raw) == normalised
    assert normalise_phone(normalised) == normalised  # idempotent


@pytest.mark.parametrize(
    "value",
    ["13800138000", "19912345678", "+86 166 1234 5678", "0755-12345678", "010-12345678", "0571-8765432"],
)
def test_valid_phone(value: str) -> None:
    assert is_valid_phone(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12800138000",  # 12x is not a mobile segment
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "0755-123456",  # local number too short
        "010-1234567",  # Beijing numbers have 8 digits
        "400-123-4567",  # service numbers are not personal phones
        "abc",
    ],
)
def test_invalid_phone(value: str) -> None:
    assert not is_valid_phone(value)


def test_mobile_only() -> None:
    assert is_valid_mobile("+86 138-0013-8000")
    assert not is_valid_mobile("0755-12345678")
