"""Bugs the bad-input corpus and the fuzzing found, one test each, so they stay fixed."""

import pandas as pd
import pytest

from recruitment import normalize
from recruitment.normalize import headcount_columns, parse_headcount, parse_salary, salary_columns

# Found by postings_hostile.csv: pandas' to_numeric leaves digits beyond int64 as text (then
# `*` or the Int64 cast raised TypeError), and 400 digits made an infinite salary that `Salary`
# refused with ValueError even under errors="null". Such figures are now unreadable text.
LONG_HEADCOUNTS = ["招99999999999999999999人", "招9223372036854775808人", "1" + "0" * 19]
LONG_SALARIES = [
    "10000000000000000000元/天",
    "9" * 400 + "元/月",
    "5-7千·" + "9" * 30 + "薪",
    "1-" + "9" * 30 + "千",
    "9999999999999999999999元/月",
]


@pytest.mark.parametrize("text", LONG_HEADCOUNTS)
def test_a_headcount_too_long_for_any_board_is_unreadable_not_a_crash(text):
    assert parse_headcount(text, errors="null") is None
    with pytest.raises(ValueError, match="not a number of openings"):
        parse_headcount(text)
    assert headcount_columns(pd.Series([text], dtype="str")).loc[0, "headcount_malformed"]


@pytest.mark.parametrize("text", LONG_SALARIES)
def test_a_salary_too_long_for_any_board_is_unreadable_not_a_crash(text):
    assert parse_salary(text, errors="null") is None
    with pytest.raises(ValueError, match="not a pay range"):
        parse_salary(text)
    assert salary_columns(pd.Series([text], dtype="str")).loc[0, "salary_malformed"]


def test_the_largest_figures_a_board_prints_still_read():
    assert parse_headcount("招999999999人") == 999_999_999
    assert parse_salary("100000-999999999元/月").max_monthly == 999_999_999
    assert parse_salary("6-8千·24薪").months == 24


# Found by test_fuzz.py: `\d` also matches other scripts' digits (Arabic-Indic ٠, Bengali ০,
# Gujarati ૦), which pandas' to_numeric cannot read: one such cell crashed build_report.
OTHER_DIGITS = ["٥٠٠٠元/月", "০", "招৫人", "٣年", "1-٣年", "২০২০-০২-১০", "0月٠"]


@pytest.mark.parametrize("text", OTHER_DIGITS)
def test_digits_of_other_scripts_are_unreadable_text_not_a_crash(text):
    assert normalize.parse_salary(text, errors="null") is None
    assert normalize.parse_headcount(text, errors="null") is None
    assert normalize.parse_experience(text, errors="null") is None
    assert normalize.parse_date(text, 2020, errors="null") is None


def test_full_width_digits_still_read():
    assert normalize.parse_salary("６-８千").max_monthly == 8000
    assert normalize.parse_headcount("招５人") == 5
