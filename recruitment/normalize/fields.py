"""The short fields a posting states: education and experience asked for, headcount, the date
posted, and the district."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from intake.dates import DATE_PATTERN
from intake.dates import parse_date as read_date
from recruitment.locations import district_labels, place_columns
from recruitment.normalize.distinct import Errors, by_distinct, clean, fail, is_blank, scalar

# --- education ----------------------------------------------------------------------------------

EDUCATION_LEVELS = ("初中及以下", "中专/高中", "大专", "本科", "硕士", "博士", "不限")
EDUCATION_ORDER = ("不限", *EDUCATION_LEVELS[:-1])
"""The levels as choices are offered: no requirement first, then from the lowest up."""
# Checked lowest first, so `大专/本科` and `本科及以上` give the minimum the posting asks for.
EDUCATION_RULES = (
    ("初中及以下", r"初中|小学"),
    ("中专/高中", r"中专|高中|中技|技校|职高|中职"),
    ("大专", r"大专|专科|高职"),
    ("本科", r"本科|学士"),
    ("硕士", r"硕士|研究生|mba"),
    ("博士", r"博士"),
    ("不限", r"不限|无要求|无学历要求"),
)


def _education(texts: pd.Series) -> pd.Series:
    cleaned = clean(texts)
    conditions = [cleaned.str.contains(p, regex=True).to_numpy() for _, p in EDUCATION_RULES]
    codes = np.select(
        conditions, [EDUCATION_LEVELS.index(level) for level, _ in EDUCATION_RULES], -1
    )
    return pd.Series(pd.Categorical.from_codes(codes, EDUCATION_LEVELS), index=texts.index)


def education_levels(texts: pd.Series) -> pd.Series:
    """One of `EDUCATION_LEVELS` per text (the minimum asked for), NaN when blank or unknown."""
    return by_distinct(texts, _education)


def parse_education(text: str, *, errors: Errors = "raise") -> str | None:
    return scalar(text, education_levels, errors, "an education level")


# --- experience ---------------------------------------------------------------------------------

CHINESE_DIGITS = str.maketrans(
    {
        "一": "1",
        "二": "2",
        "两": "2",
        "三": "3",
        "四": "4",
        "五": "5",
        "六": "6",
        "七": "7",
        "八": "8",
        "九": "9",
        "十": "10",
    }
)
EXPERIENCE_PATTERN = (
    r"^(?:经验)?(?:"
    r"(?P<none>无经验|无需经验|零经验|0年|应届(?:毕业)?生?|在校(?:生)?(?:/应届(?:生)?)?|无)"
    r"|(?P<any>不限|无要求|无经验要求)"
    r"|(?P<lo>[0-9]+)-(?P<hi>[0-9]+)年"
    r"|(?P<at_least>[0-9]+)年(?:经验)?以上"
    r"|(?P<at_most>[0-9]+)年(?:以下|以内)"
    r"|(?P<years>[0-9]+)年"
    r")(?:经验)?$"
)


def _experience_frame(texts: pd.Series) -> pd.DataFrame:
    cleaned = clean(texts).str.translate(CHINESE_DIGITS).str.replace("工作", "", regex=False)
    cleaned = cleaned.str.replace(r"[~～至到—–－]", "-", regex=True)
    parts = cleaned.str.extract(EXPERIENCE_PATTERN)
    number = {
        name: pd.to_numeric(parts[name]).to_numpy(dtype=float)
        for name in ("lo", "hi", "at_least", "at_most", "years")
    }
    none, any_ = parts["none"].notna().to_numpy(), parts["any"].notna().to_numpy()
    ranged = ~np.isnan(number["lo"]) & (number["lo"] <= number["hi"])
    at_least = ~np.isnan(number["at_least"]) | ~np.isnan(number["years"])
    at_most = ~np.isnan(number["at_most"])
    conditions = [none, any_, ranged, at_least, at_most]
    low = np.select(
        conditions,
        [0, 0, number["lo"], np.fmax(number["at_least"], number["years"]), 0],
        default=np.nan,
    )
    high = np.select(conditions, [0, np.nan, number["hi"], np.nan, number["at_most"]], np.nan)

    def as_int(years: np.ndarray) -> np.ndarray:
        return np.char.mod("%d", np.nan_to_num(years)).astype(object)

    labels = np.select(
        conditions,
        [
            "无经验",
            "不限",
            as_int(low) + "-" + as_int(high) + "年",
            as_int(low) + "年以上",
            as_int(high) + "年以下",
        ],
        default="",
    )
    return pd.DataFrame(
        {
            "experience": pd.Series(labels, index=texts.index, dtype="str").replace("", np.nan),
            "experience_min": low,
            "experience_max": high,
        },
        index=texts.index,
    )


def experience_columns(texts: pd.Series) -> pd.DataFrame:
    """`experience` (a canonical label: 无经验, 不限, `1-3年`, `5年以上`, `1年以下`) and the
    range in years (`experience_min`, `experience_max`; max NaN when open). `3年经验` reads as
    `3年以上`."""
    return by_distinct(texts, _experience_frame)


def parse_experience(text: str, *, errors: Errors = "raise") -> tuple[float, float | None] | None:
    """Years of experience asked for as (min, max); max None when open-ended."""
    row = experience_columns(pd.Series([text], dtype="str")).iloc[0]
    if pd.isna(row["experience"]):
        if is_blank(clean(pd.Series([text], dtype="str")))[0]:
            return None
        fail(errors, f"{text!r} is not an experience requirement")
        return None
    high = row["experience_max"]
    return float(row["experience_min"]), None if pd.isna(high) else float(high)


EXPERIENCE_WORDS = (
    r"经验不限|无经验|无需经验|无工作经验|不要求经验|应届(?:毕业)?生?|在校/应届|在校生?"
    r"|(?:经验)?\d+-\d+年(?:经验)?|(?:经验)?\d+年以上(?:经验)?|\d+年(?:以下|以内)(?:经验)?"
    r"|\d+年(?:经验)?|经验\d+年(?:以上|以下)?"
)
"""Experience as boards print it among other things (`本科|3-4年经验|招2人`, `经验3-5年`)."""


# --- headcount ----------------------------------------------------------------------------------

HEADCOUNT_PATTERN = (
    r"^(?:招聘?)?(?:(?P<n>[0-9]{1,9})(?:人|名|位)?(?:以上)?|(?P<some>若干|多|数|不限)(?:人|名)?)$"
)


def _headcount_frame(texts: pd.Series) -> pd.DataFrame:
    cleaned = clean(texts)
    parts = cleaned.str.extract(HEADCOUNT_PATTERN)
    number = pd.to_numeric(parts["n"])
    known = number.notna() & (number > 0)
    unreadable = ~known.to_numpy() & parts["some"].isna().to_numpy() & ~is_blank(cleaned)
    return pd.DataFrame(
        {
            "headcount": pd.array(number.where(known), dtype="Int64"),
            "headcount_malformed": unreadable,
        },
        index=texts.index,
    )


def headcount_columns(texts: pd.Series) -> pd.DataFrame:
    """`headcount` (Int64; NA for `若干` or blank: unknown, not 1) and `headcount_malformed`."""
    return by_distinct(texts, _headcount_frame)


def parse_headcount(text: str, *, errors: Errors = "raise") -> int | None:
    row = headcount_columns(pd.Series([text], dtype="str")).iloc[0]
    if row["headcount_malformed"]:
        fail(errors, f"{text!r} is not a number of openings")
        return None
    return None if pd.isna(row["headcount"]) else int(row["headcount"])


# --- dates --------------------------------------------------------------------------------------


def _date_frame(texts: pd.Series, reference_year: int) -> pd.DataFrame:
    parts = clean(texts).str.extract(DATE_PATTERN)
    year = pd.to_numeric(parts["year"]).fillna(reference_year)
    month, day = pd.to_numeric(parts["month"]), pd.to_numeric(parts["day"])
    dates = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
    ).astype("datetime64[s]")
    return pd.DataFrame(
        {
            "posted": dates,
            "posted_malformed": dates.isna().to_numpy() & ~is_blank(clean(texts)),
            "posted_year_given": parts["year"].notna().to_numpy(),
        },
        index=texts.index,
    )


def date_columns(texts: pd.Series, reference_year: int) -> pd.DataFrame:
    """`posted` (datetime64, NaT when blank or impossible such as `02-30`), `posted_malformed`,
    and `posted_year_given`. A date without a year (`09-03发布`) takes `reference_year`."""
    return by_distinct(texts, lambda distinct: _date_frame(distinct, reference_year))


def parse_date(text: str, reference_year: int, *, errors: Errors = "raise") -> dt.date | None:
    """`intake.dates.parse_date` (the one date grammar) with the error policy of the other
    parsers here; blank text is None."""
    if is_blank(clean(pd.Series([text], dtype="str")))[0]:
        return None
    try:
        return read_date(text, reference_year)
    except ValueError as error:
        fail(errors, str(error))
        return None


def infer_reference_year(texts: pd.Series, default: int) -> int:
    """The year most dates that state one are in (the year of the export), else `default`."""
    columns = date_columns(texts, default)
    years = columns.loc[columns["posted_year_given"], "posted"].dt.year
    return int(years.mode().min()) if len(years) else default


# --- district -----------------------------------------------------------------------------------

DISTRICTS = (
    "中原区",
    "二七区",
    "管城回族区",
    "金水区",
    "上街区",
    "惠济区",
    "郑东新区",
    "高新区",
    "经开区",
    "航空港区",
    "中牟县",
    "巩义市",
    "荥阳市",
    "新密市",
    "新郑市",
    "登封市",
)
"""Zhengzhou's districts, development zones and county-level cities, as tables name them (other
cities' districts are named as the gazetteer names them)."""


def districts(texts: pd.Series) -> pd.Series:
    """The district (区/县, or a development zone) each location text names: `郑州-高新区` →
    高新区, `南京-栖霞区` → 栖霞区; NaN when it names none (`郑州`). See `recruitment.locations`."""
    return place_columns(texts)["district"]


def parse_district(text: str, *, errors: Errors = "raise") -> str | None:
    label = text.strip()
    if label in DISTRICTS or label in district_labels():  # `朝阳区` alone is still a district
        return label
    return scalar(text, districts, errors, "a district")
