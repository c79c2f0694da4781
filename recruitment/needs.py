"""Employers' hiring needs: a typed, self-checking record, and the comparison with postings.

Pure: storing needs is `store.needs`' job; this module knows no database.

>>> need = HiringNeed(employer="郑州某某电子有限公司", position="SMT操作员", headcount=20,
...                   contact_person="王经理", contact_phone="13800138000", salary_min=4500)
>>> need.employer_key, need.headcount
('某某电子', 20)
>>> HiringNeed(employer="某某电子", position="普工", headcount=0, contact_person="王经理",
...            contact_phone="13800138000")
Traceback (most recent call last):
...
ValueError: headcount must be a whole number 1..100000
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from intake import check_phone
from recruitment.dedupe import DEFAULT_TITLE_SIMILARITY
from recruitment.normalize import EDUCATION_LEVELS, company_key, title_keys

MAX_HEADCOUNT = 100_000
MAX_MONTHLY_SALARY = 1_000_000


@dataclass(frozen=True)
class HiringNeed:
    """What an employer told the bureau it needs. Salaries are monthly CNY; `education` is one of
    `EDUCATION_LEVELS`; `contact_phone` is in `intake.check_phone` form (digits only); `id` is
    set by the store. Contact details stay out of `repr` (and so out of logs)."""

    employer: str
    position: str
    headcount: int
    contact_person: str = field(repr=False)
    contact_phone: str = field(repr=False)
    salary_min: int | None = None
    salary_max: int | None = None
    education: str | None = None
    skills: tuple[str, ...] = ()
    start_date: dt.date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        for name in ("employer", "position", "contact_person"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name.replace('_', ' ')} must be given")
        if not _is_int(self.headcount) or not 1 <= self.headcount <= MAX_HEADCOUNT:
            raise ValueError(f"headcount must be a whole number 1..{MAX_HEADCOUNT}")
        for name in ("salary_min", "salary_max"):
            value = getattr(self, name)
            if value is not None and (not _is_int(value) or not 0 < value <= MAX_MONTHLY_SALARY):
                raise ValueError(f"{name} must be a monthly amount 1..{MAX_MONTHLY_SALARY} CNY")
        low, high = self.salary_min, self.salary_max
        if low is not None and high is not None and low > high:
            raise ValueError("salary_min exceeds salary_max")
        if self.education is not None and self.education not in EDUCATION_LEVELS:
            raise ValueError(f"education must be one of {', '.join(EDUCATION_LEVELS)}")
        if not isinstance(self.skills, tuple) or not all(
            isinstance(skill, str) and skill.strip() for skill in self.skills
        ):
            raise ValueError("skills must be a tuple of non-empty texts")
        if self.start_date is not None and (
            not isinstance(self.start_date, dt.date) or isinstance(self.start_date, dt.datetime)
        ):
            raise ValueError("start_date must be a date")
        if self.id is not None and (not _is_int(self.id) or self.id < 1):
            raise ValueError("id must be a positive whole number (set by the store)")
        canonical = check_phone(self.contact_phone)  # raises ValueError with the reason
        if canonical != self.contact_phone:
            raise ValueError(
                f"contact phone {self.contact_phone!r} is not in canonical form; "
                f"use check_phone() first ({canonical!r})"
            )

    @property
    def employer_key(self) -> str:
        """The employer as de-duplication compares it (`recruitment.normalize.company_key`)."""
        return company_key(self.employer)


@dataclass(frozen=True)
class NeedsComparison:
    """Registered needs against published positions.

    `matches`: one row per (need, position) pair of the same employer with alike titles
    (`need` = index into the needs given, `need_id`, `position_id`, `score`);
    `needs_without_posting`: needs no position matches;
    `positions_without_need`: positions no need matches, with `employer_registered` telling whether
    the employer registered any need at all."""

    matches: pd.DataFrame
    needs_without_posting: tuple[HiringNeed, ...]
    positions_without_need: pd.DataFrame


def compare_needs(
    needs: Sequence[HiringNeed],
    positions: pd.DataFrame,
    *,
    title_similarity: float = DEFAULT_TITLE_SIMILARITY,
) -> NeedsComparison:
    """Match needs to de-duplicated positions (`recruitment.dedupe.Deduplicated.positions`): the
    same employer key and title keys at least `title_similarity` alike (rapidfuzz `ratio`)."""
    wanted = pd.DataFrame(
        {
            "need": np.arange(len(needs)),
            "need_id": pd.array([need.id for need in needs], dtype="Int64"),
            "employer_key": [need.employer_key for need in needs],
            "need_title": title_keys(pd.Series([need.position for need in needs], dtype="str")),
        }
    )
    published = positions[["position_id", "employer_key", "title_key"]].assign(
        employer_key=positions["employer_key"].astype("str"),
        title_key=positions["title_key"].astype("str"),
    )
    pairs = wanted.astype({"employer_key": "str", "need_title": "str"}).merge(
        published, on="employer_key"
    )
    scores = process.cpdist(
        pairs["need_title"].tolist(), pairs["title_key"].tolist(), scorer=fuzz.ratio
    )
    matches = pairs.assign(score=scores)[scores >= title_similarity]
    matches = matches[["need", "need_id", "position_id", "score"]].reset_index(drop=True)
    matched_needs = set(matches["need"].tolist())
    registered = set(wanted["employer_key"])
    unmatched = positions[~positions["position_id"].isin(matches["position_id"])]
    return NeedsComparison(
        matches=matches,
        needs_without_posting=tuple(n for i, n in enumerate(needs) if i not in matched_needs),
        positions_without_need=unmatched.assign(
            employer_registered=unmatched["employer_key"].astype("str").isin(registered)
        ).reset_index(drop=True),
    )


def per_need(
    needs: Sequence[HiringNeed], comparison: NeedsComparison, positions: pd.DataFrame
) -> pd.DataFrame:
    """One row per need, in the order given: its id, employer, position and headcount, how many
    published positions match it (`positions`) and their known openings (`openings`). A need is
    posted when `positions` > 0."""
    matched = comparison.matches.merge(
        positions[["position_id", "openings"]], on="position_id", how="left"
    )
    counts = (
        matched.groupby("need")
        .agg(positions=("position_id", "nunique"), openings=("openings", "sum"))
        .reindex(range(len(needs)))
    )
    return pd.DataFrame(
        {
            "id": [need.id for need in needs],
            "employer": [need.employer for need in needs],
            "position": [need.position for need in needs],
            "headcount": [need.headcount for need in needs],
            "positions": counts["positions"].fillna(0).astype("int64").to_numpy(),
            "openings": counts["openings"].fillna(0).astype("int64").to_numpy(),
        }
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
