"""The recruitment page's filters, on a hand-made frame of positions (what `dedupe` gives)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from recruitment.aggregate import Filters, filter_options, filter_positions
from recruitment.dedupe import SEPARATOR, on_boards
from recruitment.normalize import EDUCATION_LEVELS, EDUCATION_ORDER


@pytest.fixture
def positions() -> pd.DataFrame:
    """Four positions: one on two boards (as dedupe joins them), one without industry, salary or
    date, a board whose name holds another's (`BOSS直聘招聘` is not `BOSS直聘`)."""
    return pd.DataFrame(
        {
            "boards": [f"智联招聘{SEPARATOR}BOSS直聘", "前程无忧", "BOSS直聘招聘", "智联招聘"],
            "industry": ["制造业", None, "制造业", "物流"],
            "city": ["郑州", "郑州", "洛阳", "郑州"],
            "district": ["高新区", "金水区", None, "高新区"],
            "education": pd.Categorical(
                ["大专", "不限", None, "本科"], categories=EDUCATION_LEVELS
            ),
            "salary_midpoint": [6000.0, np.nan, 9000.0, 4000.0],
            "posted_first": pd.to_datetime(["2020-03-01", None, "2020-02-10", "2020-03-31"]),
        }
    )


def test_a_board_is_matched_whole_not_inside_another_name(positions):
    assert on_boards(positions["boards"], ["BOSS直聘"]).tolist() == [True, False, False, False]
    kept = filter_positions(positions, Filters(boards=("BOSS直聘", "前程无忧")))
    assert kept["boards"].tolist() == [f"智联招聘{SEPARATOR}BOSS直聘", "前程无忧"]


def test_unknown_chooses_the_positions_without_a_value(positions):
    assert filter_positions(positions, Filters(industries=("未注明",)))["boards"].tolist() == [
        "前程无忧"
    ]
    assert len(filter_positions(positions, Filters(districts=("高新区", "未注明")))) == 3


def test_salary_ends_are_inclusive_and_unstated_pay_is_a_choice(positions):
    assert len(filter_positions(positions, Filters(salary=(6000, 9000)))) == 3  # + unstated
    strict = filter_positions(positions, Filters(salary=(6000, 9000), salary_unstated=False))
    assert strict["salary_midpoint"].tolist() == [6000.0, 9000.0]
    assert len(filter_positions(positions, Filters(salary_unstated=False))) == 3


def test_the_posted_span_includes_its_last_day_and_drops_undated(positions):
    march = filter_positions(positions, Filters(posted=(dt.date(2020, 3, 1), dt.date(2020, 3, 31))))
    assert march["boards"].tolist() == [f"智联招聘{SEPARATOR}BOSS直聘", "智联招聘"]
    assert len(filter_positions(positions, Filters(posted=(None, dt.date(2020, 2, 29))))) == 1


def test_open_filters_keep_everything_and_describe_only_what_is_set(positions):
    assert filter_positions(positions, Filters()).equals(positions)
    assert Filters().is_open()
    chosen = Filters(boards=("BOSS直聘",), posted=(dt.date(2020, 3, 1), None))
    assert chosen.describe() == {"boards": ["BOSS直聘"], "posted": ["2020-03-01", None]}


def test_education_is_offered_in_one_order(positions):
    assert EDUCATION_ORDER[0] == "不限" and set(EDUCATION_ORDER) == set(EDUCATION_LEVELS)
    assert filter_options(positions, "education") == ["不限", "大专", "本科", "未注明"]
    assert filter_options(positions, "city") == ["郑州", "洛阳"]
