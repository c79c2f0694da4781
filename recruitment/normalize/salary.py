"""Salary: the pay range a board prints (`6-8千/月`, `200元/天`, `10-15K·13薪`) as monthly CNY."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recruitment.normalize.distinct import BLANK_MARKERS, Errors, by_distinct, clean, fail, is_blank

WORKING_DAYS_PER_MONTH = 21.75  # the national convention for converting day rates
HOURS_PER_DAY = 8
WEEKS_PER_MONTH = 52 / 12
PERIODS = ("month", "day", "hour", "year", "week")
PERIOD_TO_MONTHLY = {
    "month": 1.0,
    "day": WORKING_DAYS_PER_MONTH,
    "hour": HOURS_PER_DAY * WORKING_DAYS_PER_MONTH,
    "year": 1 / 12,
    "week": WEEKS_PER_MONTH,
}
PLAUSIBLE_MONTHLY = (500.0, 100_000.0)
"""Monthly pay outside this range is kept but flagged `implausible` (`100001-150000` a month)."""
PAY_MONTHS = (12, 24)  # `·13薪` ... `·24薪`

UNIT_FACTORS = {"千": 1000.0, "k": 1000.0, "万": 10_000.0, "w": 10_000.0}
PERIOD_WORDS = {
    "月": "month",
    "天": "day",
    "日": "day",
    "时": "hour",
    "小时": "hour",
    "年": "year",
    "周": "week",
}
PER_JOB_PATTERN = r"/(?:次|件|单|个|趟|票|份|套|台)|计件|按件|件工资"
"""Pay per piece or per job (`50元/次`, `计件工资`): no monthly figure can be read from it; such
texts are counted apart (`salary_per_job`), not as unreadable."""
NO_SALARY = (*BLANK_MARKERS, "面议", "薪资面议", "薪酬面议", "工资面议", "待遇面议", "面谈")

# [0-9], not \d: \d also matches other scripts' digits (٠, ০), which to_numeric cannot read.
_NUMBER = r"[0-9]{1,9}(?:\.[0-9]+)?"  # no board prints a 10-digit figure; longer overflows
_UNIT = r"[千万kw]"
SALARY_PATTERN = (
    rf"^(?P<lo>{_NUMBER})(?P<lo_unit>{_UNIT})?元?"
    rf"(?:-(?P<hi>{_NUMBER})(?P<hi_unit>{_UNIT})?元?)?"
    r"(?P<bound>以下|以上)?"
    r"(?:/(?P<per>月|天|日|小时|时|年|周))?"
    r"(?P<bound_after>以下|以上)?"
    r"(?:[·*x×](?P<months>[0-9]{1,2})薪)?$"
)


@dataclass(frozen=True)
class Salary:
    """A pay range as monthly CNY. One end may be open (`4500元以上`, `1千以下`), not both.

    `period` is what the board quoted (a day rate is converted with 21.75 working days a month,
    an hour rate with 8 hours a day, a yearly figure divided by 12); `months` is the number of
    monthly salaries a year (`·13薪`), which does not change the monthly figures."""

    text: str
    min_monthly: float | None
    max_monthly: float | None
    months: int = 12
    period: str = "month"

    def __post_init__(self) -> None:
        bounds = [v for v in (self.min_monthly, self.max_monthly) if v is not None]
        if not bounds:
            raise ValueError(f"salary {self.text!r}: a range needs at least one end")
        if any(not np.isfinite(v) or v <= 0 for v in bounds):
            raise ValueError(f"salary {self.text!r}: pay must be a positive amount")
        if len(bounds) == 2 and bounds[0] > bounds[1]:
            raise ValueError(f"salary {self.text!r}: the lower end exceeds the upper end")
        if not PAY_MONTHS[0] <= self.months <= PAY_MONTHS[1]:
            raise ValueError(f"salary {self.text!r}: {self.months} monthly salaries a year")
        if self.period not in PERIODS:
            raise ValueError(f"salary {self.text!r}: period must be one of {PERIODS}")

    @property
    def midpoint(self) -> float:
        """The middle of the range; a one-sided range uses its one end."""
        bounds = [v for v in (self.min_monthly, self.max_monthly) if v is not None]
        return sum(bounds) / len(bounds)

    @property
    def implausible(self) -> bool:
        low, high = PLAUSIBLE_MONTHLY
        return any(
            v is not None and not low <= v <= high for v in (self.min_monthly, self.max_monthly)
        )

    def canonical_text(self) -> str:
        """The range as monthly yuan, a text `parse_salary` reads back to the same figures."""

        def amount(value: float) -> str:
            return f"{value:.2f}".rstrip("0").rstrip(".")

        if self.min_monthly is None:
            text = f"{amount(self.max_monthly or 0)}元以下"
        elif self.max_monthly is None:
            text = f"{amount(self.min_monthly)}元以上"
        elif self.min_monthly == self.max_monthly:
            text = f"{amount(self.min_monthly)}元/月"
        else:
            text = f"{amount(self.min_monthly)}-{amount(self.max_monthly)}元/月"
        return text if self.months == 12 else f"{text}·{self.months}薪"


def _salary_frame(texts: pd.Series) -> pd.DataFrame:
    cleaned = clean(texts).str.replace(r"[~～至到—–－]", "-", regex=True)
    cleaned = cleaned.str.replace("人民币", "", regex=False).str.replace("/每", "/", regex=False)
    parts = cleaned.str.extract(SALARY_PATTERN)
    lo, hi = pd.to_numeric(parts["lo"]), pd.to_numeric(parts["hi"])
    # One unit printed for both ends (`0.8-1.3万`) applies to both; `8千-1.3万` has one each.
    lo_unit = parts["lo_unit"].fillna(parts["hi_unit"])
    hi_unit = parts["hi_unit"].fillna(parts["lo_unit"])
    lo = lo * lo_unit.map(UNIT_FACTORS).fillna(1.0)
    hi = hi * hi_unit.map(UNIT_FACTORS).fillna(1.0)
    bound = parts["bound"].fillna(parts["bound_after"])
    period = parts["per"].map(PERIOD_WORDS).fillna("month")
    factor = period.map(PERIOD_TO_MONTHLY).astype(float)
    months = pd.to_numeric(parts["months"]).fillna(12)

    has_hi = hi.notna().to_numpy()
    below, above = (bound == "以下").to_numpy(), (bound == "以上").to_numpy()
    low_end = np.where(below, np.nan, lo)
    high_end = np.where(has_hi, hi, np.where(above, np.nan, lo))
    matched = parts["lo"].notna().to_numpy()
    malformed = ~matched | (has_hi & (below | above)) | (lo.to_numpy() <= 0)
    malformed |= has_hi & (lo.to_numpy() > hi.to_numpy())
    malformed |= (parts["bound"].notna() & parts["bound_after"].notna()).to_numpy()
    malformed |= ~months.between(*PAY_MONTHS).to_numpy()
    no_salary = is_blank(cleaned, NO_SALARY)
    per_job = cleaned.str.contains(PER_JOB_PATTERN, regex=True).to_numpy()
    malformed &= ~per_job
    no_salary = no_salary | per_job
    stated = ~no_salary & ~malformed

    def monthly(values: np.ndarray) -> np.ndarray:
        return np.where(stated, np.round(values * factor.to_numpy(), 2), np.nan)

    min_monthly, max_monthly = monthly(low_end), monthly(high_end)
    low, high = PLAUSIBLE_MONTHLY

    def outside(values: np.ndarray) -> np.ndarray:
        return ~np.isnan(values) & ((values < low) | (values > high))

    return pd.DataFrame(
        {
            "salary_min": min_monthly,
            "salary_max": max_monthly,
            "salary_months": pd.array(np.where(stated, months, np.nan), dtype="Int64"),
            "salary_period": pd.Series(period.to_numpy(), dtype="str").where(stated),
            "salary_stated": stated,
            "salary_malformed": ~no_salary & malformed,
            "salary_per_job": per_job,
            "salary_implausible": outside(min_monthly) | outside(max_monthly),
        },
        index=texts.index,
    )


def salary_columns(texts: pd.Series) -> pd.DataFrame:
    """Monthly range and flags for each salary text, as columns `salary_min`, `salary_max` (CNY a
    month, NaN when open or not stated), `salary_months` (12 unless `·13薪` etc.), `salary_period`
    (month/day/hour/year/week as quoted), `salary_stated`, `salary_malformed`, `salary_per_job`
    (`50元/次`, `计件`: pay per job, no monthly figure) and `salary_implausible`.

    >>> salary_columns(pd.Series(["6-8千/月", "200元/天", "面议"]))[["salary_min", "salary_max"]]
       salary_min  salary_max
    0      6000.0      8000.0
    1      4350.0      4350.0
    2         NaN         NaN
    """
    return by_distinct(texts, _salary_frame)


def parse_salary(text: str, *, errors: Errors = "raise") -> Salary | None:
    """One salary text as a `Salary`; None for `面议` or blank (no range is not a zero range)."""
    row = salary_columns(pd.Series([text], dtype="str")).iloc[0]
    if row["salary_malformed"] or row["salary_per_job"]:
        fail(errors, f"salary {text!r} is not a pay range a job board prints")
        return None
    if not row["salary_stated"]:
        return None
    return Salary(
        text=text,
        min_monthly=None if pd.isna(row["salary_min"]) else float(row["salary_min"]),
        max_monthly=None if pd.isna(row["salary_max"]) else float(row["salary_max"]),
        months=int(row["salary_months"]),
        period=str(row["salary_period"]),
    )
