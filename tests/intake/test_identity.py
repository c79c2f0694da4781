import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake import check_id_number, check_name, check_phone, mask_id_number, mask_phone
from intake.identity import id_check_char

VALID_ID = "11010519491231002X"  # the example printed in GB 11643-1999


def make_id(region="411625", birth="19900101", sequence="123"):
    first17 = region + birth + sequence
    return first17 + id_check_char(first17)


def test_the_standards_own_example_is_valid():
    assert check_id_number(VALID_ID.lower()) == VALID_ID


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("4.11625E+17", "stored as a number"),
        ("411625900101123", "15-digit"),
        ("41162519900101123", "18 characters"),
        ("41162519900101123A", "17 digits followed by a digit or X"),
        (make_id(region="991625"), "no province code"),
        (make_id(birth="19900231"), "no valid birth date"),
        (make_id(birth="18000101"), "impossible birth date"),
        (VALID_ID[:-1] + "1", "check digit"),
    ],
)
def test_invalid_id_numbers_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        check_id_number(text, today=dt.date(2026, 1, 1))


@given(st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_breaks_the_checksum(position, delta):
    valid = make_id()
    changed = valid[:position] + str((int(valid[position]) + delta) % 10) + valid[position + 1 :]
    with pytest.raises(ValueError):
        check_id_number(changed)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0371-67891234", "037167891234"),
    ],
)
def test_phone_forms(text, expected):
    assert check_phone(text) == expected


@pytest.mark.parametrize(
    "text", ["", "1380013800", "12800138000", "138001380001", "abc", "00000000000", "0371-0123456"]
)
def test_bad_phones(text):
    with pytest.raises(ValueError):
        check_phone(text)


def test_masks_keep_only_the_ends():
    assert mask_id_number("411625199001011234") == "4116**********1234"
    assert mask_phone("13800138000") == "138****8000"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("张\u200b伟", "张伟"),
        ("\u202e伟张", "伟张"),
        ("\ufeff刘洋 ", "刘洋"),
        ("陈\u0301静", "陈\u0301静"),
    ],
)
def test_names_lose_invisible_characters(text, expected):
    assert check_name(text) == expected


@pytest.mark.parametrize(
    "text", ["", "\u200b", "\x1b[31m红\x1b[0m", "李\x0b娜", "赵\u2028六", "\x7f"]
)
def test_bad_names(text):
    with pytest.raises(ValueError):
        check_name(text)
