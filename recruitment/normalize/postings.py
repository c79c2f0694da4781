"""A whole postings frame: every normalised column added to a frame from `recruitment.readers`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.locations import location_text, place_columns
from recruitment.normalize.fields import (
    date_columns,
    education_levels,
    experience_columns,
    headcount_columns,
)
from recruitment.normalize.industry import industries
from recruitment.normalize.keys import company_columns, title_keys
from recruitment.normalize.salary import salary_columns

UNKNOWN = "未注明"
"""Label for a missing district, industry, education or experience in tables."""

NORMALISED_COLUMNS = (
    "title_key",
    "company_key",
    "company_truncated",
    "salary_min",
    "salary_max",
    "salary_months",
    "salary_period",
    "salary_stated",
    "salary_implausible",
    "education",
    "experience",
    "experience_min",
    "experience_max",
    "headcount",
    "posted",
    "city",
    "district",
    "industry",
    "unreadable",
)
"""Columns `normalize_postings` adds (the text columns stay as they were read)."""


def normalize_postings(postings: pd.DataFrame, *, reference_year: int) -> pd.DataFrame:
    """Add the normalised columns (`NORMALISED_COLUMNS`) to a frame from `recruitment.readers`.

    Returns a new frame; the input is not changed and its text columns are kept, so normalising
    the result again gives the same frame. `unreadable` lists, per row, the fields whose text was
    there but could not be read (`salary`, `headcount`, `posted`, `education`, `experience`);
    those values are missing, not guessed. A date without a year takes `reference_year`.

    >>> from recruitment.readers import POSTING_COLUMNS
    >>> raw = pd.DataFrame([dict.fromkeys(POSTING_COLUMNS, "")], dtype="str").assign(
    ...     title="普工", company="郑州某某电子有限公司", salary_text="4.5-7.5千/月",
    ...     address="郑州-航空港区", headcount_text="招若干人", posted_text="09-03")
    >>> normalize_postings(raw, reference_year=2020)[
    ...     ["company_key", "salary_min", "district", "headcount", "posted"]]
      company_key  salary_min district  headcount     posted
    0        某某电子      4500.0     航空港区       <NA> 2020-09-03
    """
    salary = salary_columns(postings["salary_text"])
    experience = experience_columns(postings["experience_text"])
    headcount = headcount_columns(postings["headcount_text"])
    dates = date_columns(postings["posted_text"], reference_year)
    education = education_levels(postings["education_text"])
    places = place_columns(
        location_text(postings["city_text"], postings["district_text"], postings["address"])
    )
    unreadable = {
        "salary": salary["salary_malformed"],
        "salary_per_job": salary["salary_per_job"],
        "headcount": headcount["headcount_malformed"],
        "posted": dates["posted_malformed"],
        "education": education.isna() & (postings["education_text"].str.strip() != ""),
        "experience": experience["experience"].isna()
        & (postings["experience_text"].str.strip() != ""),
    }
    issues = pd.Series("", index=postings.index, dtype="str")
    for field, flags in unreadable.items():
        issues = issues + np.where(flags.to_numpy(), f"{field};", "")
    columns = {
        "title_key": title_keys(postings["title"]),
        **company_columns(postings["company"]).to_dict("series"),
        **salary.drop(columns=["salary_malformed", "salary_per_job"]).to_dict("series"),
        "education": education,
        **experience.to_dict("series"),
        "headcount": headcount["headcount"],
        "posted": dates["posted"],
        "city": places["city"],
        "district": places["district"],
        "industry": industries(postings["industry_text"]),
        "unreadable": issues.str.rstrip(";"),
    }
    return postings.assign(**columns)
