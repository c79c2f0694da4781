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

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from recruitment.dedupe import on_boards
from recruitment.normalize import EDUCATION_ORDER, UNKNOWN

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
    "by_city",
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


def by_city(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by city (地级市; 北京市 etc. for the municipalities)."""
    return _largest_first(_grouped(positions, "city", _known(positions["city"])))


def by_district(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by (city, district): 郑州市 高新区 and 合肥市 高新区 are two rows; a position whose
    district is not stated counts under its city's `未注明`."""
    city, district = _known(positions["city"]), _known(positions["district"])
    separator = "\x1f"
    pair = (city.astype("str") + separator + district.astype("str")).astype("category")
    table = _largest_first(_grouped(positions, "pair", pair), unknown_after=separator + UNKNOWN)
    split = table["pair"].str.split(separator, n=1, expand=True).reindex(columns=[0, 1])
    return table.drop(columns="pair").assign(city=split[0], district=split[1])[
        ["city", "district", *table.columns.drop("pair")]
    ]


def by_employer(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by employer; `names` lists every name the employer was printed under
    (`华为技术有限公司、华为`), so merged names can be checked."""
    table = _grouped(positions, "employer_key", _known(positions["employer_key"]))
    # Both names are the employer's own (dedupe gives every position of one employer the same).
    first = ~positions["employer_key"].duplicated().to_numpy()
    names = positions[first].set_index("employer_key")
    table.insert(0, "employer", table["employer_key"].map(names["employer"]).astype("str"))
    table["names"] = table["employer_key"].map(names["employer_names"]).astype("str")
    return _largest_first(table.drop(columns="employer_key"))


def by_education(positions: pd.DataFrame) -> pd.DataFrame:
    levels = positions["education"].astype("category").cat.set_categories(list(EDUCATION_ORDER))
    return _in_order(_grouped(positions, "education", _known(levels)))


def by_experience(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by experience band: the years a posting asks for at least (`2年以上` and `1-3年`
    are both in `1-3年`); `不限` and `无经验` as printed."""
    label = positions["experience"]
    low = positions["experience_min"].to_numpy()
    bands = ["不限", "无经验", "1年以下", *(band for _, _, band in EXPERIENCE_BANDS)]
    conditions = [
        (label == "不限").to_numpy(),
        (label == "无经验").to_numpy(),
        low < 1,
        *[(low >= start) & (low < end) for start, end, _ in EXPERIENCE_BANDS],
    ]
    codes = np.select(conditions, range(len(bands)), default=-1)
    return _in_order(_grouped(positions, "experience", _from_codes(codes, bands)))


def by_salary_band(positions: pd.DataFrame) -> pd.DataFrame:
    midpoint = positions["salary_midpoint"].to_numpy()
    conditions = [(midpoint >= low) & (midpoint < high) for low, high, _ in SALARY_BANDS]
    codes = np.select(conditions, range(len(SALARY_BANDS)), default=len(SALARY_BANDS))
    bands = [*(label for _, _, label in SALARY_BANDS), NO_SALARY_BAND]
    return _in_order(_grouped(positions, "salary_band", _from_codes(codes, bands)))


def by_week(positions: pd.DataFrame) -> pd.DataFrame:
    """Positions by the week (Monday's date) of their first posting."""
    first = positions["posted_first"]
    monday = first.dt.normalize() - pd.to_timedelta(first.dt.day_of_week, unit="D")
    codes, weeks = pd.factorize(monday, sort=True)
    labels = _from_codes(codes, list(weeks.strftime("%Y-%m-%d")))
    return _in_order(_grouped(positions, "week", labels))


TABLE_BUILDERS: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
    "by_industry": by_industry,
    "by_employer": by_employer,
    "by_city": by_city,
    "by_district": by_district,
    "by_education": by_education,
    "by_experience": by_experience,
    "by_salary_band": by_salary_band,
    "by_week": by_week,
}


def _known(values: pd.Series) -> pd.Series:
    """Group labels as a categorical, a missing label as `未注明` (the last category)."""
    labels = values.astype("category")
    if UNKNOWN not in labels.cat.categories:
        labels = labels.cat.add_categories([UNKNOWN])
    return labels.fillna(UNKNOWN)


def _from_codes(codes: np.ndarray, labels: list[str]) -> pd.Series:
    """Labels from integer codes (-1: unknown), as a categorical in the order given."""
    return _known(pd.Series(pd.Categorical.from_codes(codes, categories=labels)))


def _grouped(positions: pd.DataFrame, name: str, keys: pd.Series) -> pd.DataFrame:
    """The table's figures per label of `keys` (a categorical aligned with `positions`)."""
    frame = pd.DataFrame(
        {
            name: keys.array,
            "copies": positions["copies"].to_numpy(),
            "openings": positions["openings"].array,
            "unknown": positions["openings"].isna().to_numpy(),
            "midpoint": positions["salary_midpoint"].to_numpy(),
        }
    )
    groups = frame.groupby(name, observed=True, sort=False)
    table = pd.DataFrame(
        {
            "postings": groups["copies"].sum(),
            "unique_positions": groups.size(),
            "openings": groups["openings"].sum().astype("int64"),
            "openings_unknown": groups["unknown"].sum(),
            "salary_stated": groups["midpoint"].count(),
            "median_monthly_salary": groups["midpoint"].median().round(2),
        }
    )
    return table.reset_index()


def _largest_first(table: pd.DataFrame, unknown_after: str | None = None) -> pd.DataFrame:
    """Largest first, `未注明` last (or labels ending in `unknown_after`)."""
    name = table.columns[0]
    labels = table[name].astype("str")
    unknown = labels.str.endswith(unknown_after) if unknown_after else labels == UNKNOWN
    ordered = table.assign(**{name: labels, "_unknown": unknown}).sort_values(
        ["_unknown", "unique_positions", "postings", name], ascending=[True, False, False, True]
    )
    return ordered.drop(columns="_unknown").reset_index(drop=True)


def _in_order(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order of the label categories (education levels, bands, weeks), unknown last."""
    name = table.columns[0]
    ordered = table.sort_values(name).reset_index(drop=True)
    return ordered.assign(**{name: ordered[name].astype("str")})


# --- filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which positions to count; an empty choice means everything. A position is kept when one
    of its copies is on a chosen board, its industry, city, district and education are chosen
    (`未注明` chooses the positions without one), its monthly midpoint lies in `salary` (either
    end None: open; no stated salary: kept only with `salary_unstated`) and its first posting
    date lies in `posted` (no date: kept only when `posted` is open)."""

    boards: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    educations: tuple[str, ...] = ()
    salary: tuple[int | None, int | None] = (None, None)
    salary_unstated: bool = True
    posted: tuple[dt.date | None, dt.date | None] = (None, None)

    def is_open(self) -> bool:
        return self == Filters()

    def describe(self) -> dict[str, object]:
        """The filters as plain values, for the audit trail (they hold no personal data)."""
        return {
            name: [str(v) if isinstance(v, dt.date) else v for v in value]
            if isinstance(value, tuple)
            else value
            for name, value in asdict(self).items()
            if value != getattr(Filters(), name)
        }


def filter_positions(positions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The positions `filters` keep (see `Filters`), as a new frame."""
    keep = pd.Series(True, index=positions.index)
    if filters.boards:
        keep &= on_boards(positions["boards"], filters.boards)
    for column, chosen in (
        ("industry", filters.industries),
        ("city", filters.cities),
        ("district", filters.districts),
        ("education", filters.educations),
    ):
        if chosen:
            labels = positions[column].astype("str").where(positions[column].notna(), UNKNOWN)
            keep &= labels.isin(chosen)
    keep &= _salary_kept(positions["salary_midpoint"], filters)
    keep &= _posted_kept(positions["posted_first"], filters.posted)
    return positions[keep.to_numpy()].reset_index(drop=True)


def _salary_kept(midpoint: pd.Series, filters: Filters) -> pd.Series:
    low, high = filters.salary
    if low is None and high is None and filters.salary_unstated:
        return pd.Series(True, index=midpoint.index)
    inside = midpoint.notna()
    if low is not None:
        inside &= midpoint >= low
    if high is not None:
        inside &= midpoint <= high
    return inside | (midpoint.isna() & filters.salary_unstated)


def _posted_kept(posted: pd.Series, span: tuple[dt.date | None, dt.date | None]) -> pd.Series:
    start, end = span
    inside = (
        posted.notna()
        if start is not None or end is not None
        else pd.Series(True, index=posted.index)
    )
    if start is not None:
        inside &= posted >= pd.Timestamp(start)
    if end is not None:
        inside &= posted < pd.Timestamp(end) + pd.Timedelta(days=1)
    return inside


def filter_options(positions: pd.DataFrame, column: str) -> list[str]:
    """The labels `column` takes, to filter by: education levels in `EDUCATION_ORDER`, other
    columns most frequent first; `未注明` last when some position has none."""
    values = positions[column]
    present = values.dropna().astype("str")
    if column == "education":
        labels = [level for level in EDUCATION_ORDER if level in set(present)]
    else:
        labels = present.value_counts().index.tolist()
    return labels + ([UNKNOWN] if values.isna().any() else [])
