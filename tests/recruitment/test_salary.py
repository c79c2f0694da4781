import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recruitment.normalize import Salary, parse_salary, salary_columns

# text, min_monthly, max_monthly, months, period
FORMS = [
    ("6-8千/月", 6000, 8000, 12, "month"),
    ("4.5-7.5千/月", 4500, 7500, 12, "month"),
    ("0.8-1.3万/月", 8000, 13000, 12, "month"),
    ("8千-1.3万", 8000, 13000, 12, "month"),
    ("6千-1.2万", 6000, 12000, 12, "month"),
    ("1.5-2万/月", 15000, 20000, 12, "month"),
    ("20-50万/年", 16666.67, 41666.67, 12, "year"),
    ("200元/天", 4350, 4350, 12, "day"),
    ("150-300元/天", 3262.5, 6525, 12, "day"),
    ("100-120元/时", 17400, 20880, 12, "hour"),
    ("12-18K", 12000, 18000, 12, "month"),
    ("10k-20k", 10000, 20000, 12, "month"),
    ("10-15K·13薪", 10000, 15000, 13, "month"),
    ("3000-10000元/月", 3000, 10000, 12, "month"),
    ("10001-15000", 10001, 15000, 12, "month"),
    ("1千以下", None, 1000, 12, "month"),
    ("4500元以上", 4500, None, 12, "month"),
    # the same forms as other exports print them
    ("６－８千／月", 6000, 8000, 12, "month"),
    ("6千~8千", 6000, 8000, 12, "month"),
    (" 12-18k ", 12000, 18000, 12, "month"),
    ("8千以上/月", 8000, None, 12, "month"),
    ("150-300元/日", 3262.5, 6525, 12, "day"),
    ("25元/小时", 4350, 4350, 12, "hour"),
    ("1.5万元/月", 15000, 15000, 12, "month"),
    ("12-18K·14薪", 12000, 18000, 14, "month"),
    ("500-800元/周", 2166.67, 3466.67, 12, "week"),  # a week's pay x 52 / 12
    ("1500元/周", 6500, 6500, 12, "week"),
    ("['1-1.5万/月']".strip("[]'"), 10000, 15000, 12, "month"),
]


@pytest.mark.parametrize("text, low, high, months, period", FORMS, ids=[f[0] for f in FORMS])
def test_every_board_form_gives_the_monthly_range(text, low, high, months, period):
    salary = parse_salary(text)
    assert (salary.min_monthly, salary.max_monthly) == (low, high)
    assert (salary.months, salary.period, salary.text) == (months, period, text)


@pytest.mark.parametrize("text", ["面议", "", "  ", "薪资面议", "-"])
def test_no_range_is_none_not_zero(text):
    assert parse_salary(text) is None
    row = salary_columns(pd.Series([text])).iloc[0]
    assert not row["salary_stated"] and not row["salary_malformed"]
    assert math.isnan(row["salary_min"]) and math.isnan(row["salary_max"])


MALFORMED = [
    ("8-6千", "not a pay range"),  # lower end above the upper end
    ("0-3000", "not a pay range"),
    ("6-8千以上", "not a pay range"),  # a range cannot also be open-ended
    ("10-15K·3薪", "not a pay range"),  # fewer than 12 monthly salaries a year
    ("6-8千/旬", "not a pay range"),
    ("6--8千", "not a pay range"),
    ("abc", "not a pay range"),
]


@pytest.mark.parametrize("text, reason", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_salaries_raise_or_give_null(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_salary(text)
    assert parse_salary(text, errors="null") is None
    assert salary_columns(pd.Series([text])).iloc[0]["salary_malformed"]


@pytest.mark.parametrize("text", ["计件工资", "50元/次", "2元/件", "按件计酬", "8元/单"])
def test_pay_per_job_is_counted_apart_not_as_unreadable(text):
    row = salary_columns(pd.Series([text])).iloc[0]
    assert row["salary_per_job"] and not row["salary_malformed"] and not row["salary_stated"]
    assert parse_salary(text, errors="null") is None
    with pytest.raises(ValueError, match="not a pay range"):
        parse_salary(text)


def test_an_unknown_error_policy_is_refused():
    with pytest.raises(ValueError, match="errors must be"):
        parse_salary("计件工资", errors="ignore")


def test_implausible_pay_is_kept_and_flagged():
    row = salary_columns(pd.Series(["100001-150000"])).iloc[0]
    assert (row["salary_min"], row["salary_max"]) == (100001, 150000)
    assert row["salary_stated"] and row["salary_implausible"]
    assert parse_salary("100001-150000").implausible
    assert not parse_salary("6-8千/月").implausible


def test_midpoint_uses_the_one_end_of_a_one_sided_range_and_ignores_13_salaries():
    assert parse_salary("4500元以上").midpoint == 4500
    assert parse_salary("1千以下").midpoint == 1000
    assert parse_salary("10-15K·13薪").midpoint == 12500


def test_the_vectorised_step_keeps_the_index_and_reads_each_row():
    texts = pd.Series(["12-18K", "面议", "12-18K", "计件工资"], index=[10, 11, 12, 13])
    columns = salary_columns(texts)
    assert columns.index.tolist() == [10, 11, 12, 13]
    assert columns["salary_min"].tolist()[0] == columns["salary_min"].tolist()[2] == 12000
    assert columns["salary_stated"].tolist() == [True, False, True, False]


@pytest.mark.parametrize(
    "fields, reason",
    [
        (dict(min_monthly=None, max_monthly=None), "at least one end"),
        (dict(min_monthly=9000.0, max_monthly=8000.0), "lower end exceeds"),
        (dict(min_monthly=-1.0, max_monthly=8000.0), "positive"),
        (dict(min_monthly=6000.0, max_monthly=8000.0, months=11), "monthly salaries"),
        (dict(min_monthly=6000.0, max_monthly=8000.0, period="fortnight"), "period"),
    ],
)
def test_salary_checks_itself(fields, reason):
    with pytest.raises(ValueError, match=reason):
        Salary(text="x", **fields)


amounts = st.integers(min_value=1, max_value=300).map(lambda n: n * 100)


@pytest.mark.slow
@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(
    low=amounts,
    extra=amounts,
    unit=st.sampled_from(["", "元", "元/月", "元/天", "元/时", "/年"]),
    months=st.sampled_from(["", "·13薪", "·15薪"]),
)
def test_normalising_twice_changes_nothing(low, extra, unit, months):
    first = parse_salary(f"{low}-{low + extra}{unit}{months}")
    again = parse_salary(first.canonical_text())
    assert (again.min_monthly, again.max_monthly, again.months) == (
        first.min_monthly,
        first.max_monthly,
        first.months,
    )
    assert parse_salary(again.canonical_text()) == again
