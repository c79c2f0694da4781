import datetime as dt

import pandas as pd
import pytest

from intake.dates import parse_date
from recruitment.normalize import date_columns

FEB_18 = [
    "2020-02-18",
    "2020/2/18",
    "2020.2.18",
    "20200218",
    "2020年2月18日",
    "2月18日",
    "02-18",
    "2020-02-18 10:30:00",
    "发布于02-18",
    "02-18发布",
    "２０２０－０２－１８",
]


@pytest.mark.parametrize("text", FEB_18)
def test_one_grammar_for_ready_dates_and_posting_dates(text):
    assert parse_date(text, 2020) == dt.date(2020, 2, 18)
    assert date_columns(pd.Series([text]), 2020)["posted"].iloc[0] == pd.Timestamp("2020-02-18")


@pytest.mark.parametrize("text", ["02-30", "2020-13-01", "2020", "202002181", "next week", ""])
def test_a_non_date_says_how_to_write_one_in_chinese(text):
    with pytest.raises(ValueError, match=r"不是日期.*2020-02-18"):
        parse_date(text, 2020)


def test_the_module_examples_hold():
    import doctest

    import intake.dates
    import intake.exports

    for module in (intake.dates, intake.exports):
        assert doctest.testmod(module).failed == 0
