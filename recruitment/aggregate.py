"""Headline figures and tables over de-duplicated positions, DataFrames ready to chart or export.

Definitions (the same everywhere: command line, JSON, XLSX, the app):

- `postings`: every accepted row of every file, duplicates included;
- `unique_positions`: positions after cross-board de-duplication (`recruitment.dedupe`);
- `openings`: the sum over unique positions of their known headcount (a merged position counts its
  largest copy); positions whose headcount is unknown (`招若干人`, blank) add nothing and are
  counted in `openings_unknown`;
- `employers`: distinct employer keys among the positions;
- `salary_stated_share`: the share of unique positions that state a salary range;
- `median_monthly_salary`: the median, over unique positions that state a salary, of the midpoint
  of the monthly range (one end of a one-sided range; `·13薪` does not change the monthly figure).

Every table has the grouping column(s), then `postings`, `unique_positions`, `openings`,
`openings_unknown`, `salary_stated` (positions with a salary) and `median_monthly_salary`; a
position is counted in the group of its own (de-duplicated) attributes, so each table's
`postings` and `unique_positions` add up to the headline figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recruitment.normalize import EDUCATION_LEVELS, UNKNOWN

SALARY_BANDS = (
    (0, 3000, "3千以下"),
    (3000, 5000, "3千-5千"),
    (5000, 8000, "5千-8千"),
    (8000, 12000, "8千-1.2万"),
    (12000, 20000, "1.2万-2万"),
    (20000, math.inf, "2万以上"),
)
"""Bands of the monthly midpoint: lower bound inclusive, upper exclusive."""
NO_SALARY_BAND = "面议/未注明"
EXPERIENCE_BANDS = ((1, 3, "1-3年"), (3, 5, "3-5年"), (5, 10, "5-10年"), (10, math.inf, "10年以上"))
"""Bands of the minimum years of experience asked for, after `不限`, `无经验` and `1年以下`."""
TABLES = (
    "by_industry",
    "by_employer",
    "by_district",
    "by_education",
    "by_experience",
    "by_salary_band",
    "by_week",
)


@dataclass(frozen=True)
class Headline:
    """The headline figures (see the module docstring for their definitions)."""

    postings: int
    unique_positions: int
    openings: int
    openings_unknown: int
    employers: int
    salary_stated_share: float
    median_monthly_salary: float | None

    def __post_init__(self) -> None:
        counts = (
            self.postings,
            self.unique_positions,
            self.openings,
            self.openings_unknown,
            self.employers,
        )
        if any(count < 0 for count in counts):
            raise ValueError(f"headline counts must not be negative: {counts}")
        if self.unique_positions > self.postings or self.employers > self.unique_positions:
            raise ValueError("more unique positions than postings, or employers than positions")
        if self.openings_unknown > self.unique_positions:
            raise ValueError("more positions with unknown openings than positions")
        if not 0 <= self.salary_stated_share <= 1:
            raise ValueError(f"salary_stated_share must be 0..1, not {self.salary_stated_share}")
        if self.median_monthly_salary is not None and not self.median_monthly_salary > 0:
            raise ValueError(
                f"median monthly salary must be positive: {self.median_monthly_salary}"
            )


def headline(positions: pd.DataFrame) -> Headline:
    """Headline figures of de-duplicated positions (`recruitment.dedupe.Deduplicated.positions`)."""
    count = len(positions)
    midpoints = positions["salary_midpoint"].dropna()
    return Headline(
        postings=int(positions["copies"].sum()),
        unique_positions=count,
        openings=int(positions["openings"].sum()),
        openings_unknown=int(positions["openings"].isna().sum()),
        employers=int(positions["employer_key"].nunique()),
        salary_stated_share=round(len(midpoints) / count, 4) if count else 0.0,
        median_monthly_salary=round(float(midpoints.median()), 2) if len(midpoints) else None,
    )


def tables(positions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """All tables, keyed by the names in `TABLES`."""
    return {name: TABLE_BUILDERS[name](positions) for name in TABLES}


def by_industry(positions: pd.DataFrame) -> pd.DataFrame:
    return _largest_first(_grouped(positions, "industry", _known(positions["industry"])))


def by_district(positions: pd.DataFrame) -> pd.DataFrame:
    return _largest_first(_grouped(positions, "district", _known(positions["district"])))


def by_employer(positions: pd.DataFrame) -> pd.DataFrame:
    table = _grouped(positions, "employer", positions["employer"].astype("str"))
    return _largest_first(table)


def by_education(positions: pd.DataFrame) -> pd.DataFrame:
    order = ("不限", *(level for level in EDUCATION_LEVELS if level != "不限"), UNKNOWN)
    return _in_order(_grouped(positions, "education", _known(positions["education"])), order)


def by_experience(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by experience band: the years a posting asks for at least (`2年以上` and `1-3年`
    are both in `1-3年`); `不限` and `无经验` as printed."""
    label = positions["experience"]
    low = positions["experience_min"].to_numpy()
    bands = np.select(
        [
            (label == "不限").to_numpy(),
            (label == "无经验").to_numpy(),
            low < 1,
            *[(low >= start) & (low < end) for start, end, _ in EXPERIENCE_BANDS],
        ],
        ["不限", "无经验", "1年以下", *[band for _, _, band in EXPERIENCE_BANDS]],
        default=UNKNOWN,
    )
    table = _grouped(positions, "experience", pd.Series(bands, index=positions.index))
    order = ("不限", "无经验", "1年以下", *(band for _, _, band in EXPERIENCE_BANDS), UNKNOWN)
    return _in_order(table, order)


def by_salary_band(positions: pd.DataFrame) -> pd.DataFrame:
    midpoint = positions["salary_midpoint"].to_numpy()
    bands = np.select(
        [(midpoint >= low) & (midpoint < high) for low, high, _ in SALARY_BANDS],
        [label for _, _, label in SALARY_BANDS],
        default=NO_SALARY_BAND,
    )
    table = _grouped(positions, "salary_band", pd.Series(bands, index=positions.index))
    return _in_order(table, (*(label for _, _, label in SALARY_BANDS), NO_SALARY_BAND))


def by_week(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by the week (Monday's date) of their first posting."""
    first = positions["posted_first"]
    monday = (first - pd.to_timedelta(first.dt.dayofweek, unit="D")).dt.strftime("%Y-%m-%d")
    table = _grouped(positions, "week", _known(monday))
    table = table.sort_values("week", key=lambda week: week.where(week != UNKNOWN, "9999"))
    return table.reset_index(drop=True)


TABLE_BUILDERS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "by_industry": by_industry,
    "by_employer": by_employer,
    "by_district": by_district,
    "by_education": by_education,
    "by_experience": by_experience,
    "by_salary_band": by_salary_band,
    "by_week": by_week,
}


def _known(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna(UNKNOWN)


def _grouped(positions: pd.DataFrame, name: str, keys: pd.Series) -> pd.DataFrame:
    frame = positions.assign(**{name: keys.to_numpy(), "_unknown": positions["openings"].isna()})
    groups = frame.groupby(name, sort=False)
    table = pd.DataFrame(
        {
            "postings": groups["copies"].sum(),
            "unique_positions": groups.size(),
            "openings": groups["openings"].sum().astype("int64"),
            "openings_unknown": groups["_unknown"].sum(),
            "salary_stated": groups["salary_midpoint"].count(),
            "median_monthly_salary": groups["salary_midpoint"].median().round(2),
        }
    )
    return table.reset_index()


def _largest_first(table: pd.DataFrame) -> pd.DataFrame:
    name = table.columns[0]
    ordered = table.assign(_unknown=table[name] == UNKNOWN).sort_values(
        ["_unknown", "unique_positions", name], ascending=[True, False, True]
    )
    return ordered.drop(columns="_unknown").reset_index(drop=True)


def _in_order(table: pd.DataFrame, order: tuple[str, ...]) -> pd.DataFrame:
    name = table.columns[0]
    rank = {label: position for position, label in enumerate(order)}
    return table.sort_values(name, key=lambda labels: labels.map(rank)).reset_index(drop=True)
