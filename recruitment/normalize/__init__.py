"""Normalise what job boards print: salary, education, experience, headcount, dates, districts,
industry, and the company and title keys de-duplication compares.

Every field has two faces that share one implementation:

- a vectorised step over a pandas Series (`salary_columns`, `education_levels`, ...) for the hot
  path. It normalises each *distinct* text once (regular expressions on the Series of distinct
  values, `np.select`) and maps the result back by category code, so a million postings that use a
  few thousand distinct salary texts cost a few thousand regex matches, not a Python loop per row.
  Blank or unreadable text gives a missing value (NA/NaN/NaT), never a made-up zero.
- a small per-value function (`parse_salary`, `parse_education`, ...) with an explicit error policy:
  `errors="raise"` (the default) raises `ValueError` saying why the text was not understood;
  `errors="null"` returns None instead. Blank text and texts that state "no value" (`面议`,
  `招若干人`) return None under both policies.

One module a field: `salary`, `fields` (education, experience, headcount, date, district),
`industry`, `keys` (company and title keys), `lists` (cells written as lists); `distinct` holds
what they share and `postings` puts them together on a frame (`normalize_postings`). The names
below are the step's interface; import them from here.

>>> parse_salary("10-15K·13薪")
Salary(text='10-15K·13薪', min_monthly=10000.0, max_monthly=15000.0, months=13, period='month')
>>> parse_education("本科及以上"), parse_headcount("招若干人"), parse_district("郑州-高新区")
('本科', None, '高新区')
"""

from recruitment.normalize.distinct import Errors, by_distinct
from recruitment.normalize.fields import (
    DISTRICTS,
    EDUCATION_LEVELS,
    EDUCATION_ORDER,
    EXPERIENCE_WORDS,
    date_columns,
    districts,
    education_levels,
    experience_columns,
    headcount_columns,
    infer_reference_year,
    parse_date,
    parse_district,
    parse_education,
    parse_experience,
    parse_headcount,
)
from recruitment.normalize.industry import OTHER_SECTOR, SECTORS, industries, parse_industry
from recruitment.normalize.keys import (
    company_columns,
    company_key,
    company_keys,
    title_key,
    title_keys,
)
from recruitment.normalize.lists import unwrap_lists
from recruitment.normalize.postings import NORMALISED_COLUMNS, UNKNOWN, normalize_postings
from recruitment.normalize.salary import (
    NO_SALARY,
    PER_JOB_PATTERN,
    Salary,
    parse_salary,
    salary_columns,
)

__all__ = [
    "DISTRICTS",
    "EDUCATION_LEVELS",
    "EDUCATION_ORDER",
    "EXPERIENCE_WORDS",
    "NORMALISED_COLUMNS",
    "NO_SALARY",
    "OTHER_SECTOR",
    "PER_JOB_PATTERN",
    "SECTORS",
    "UNKNOWN",
    "Errors",
    "Salary",
    "by_distinct",
    "company_columns",
    "company_key",
    "company_keys",
    "date_columns",
    "districts",
    "education_levels",
    "experience_columns",
    "headcount_columns",
    "industries",
    "infer_reference_year",
    "normalize_postings",
    "parse_date",
    "parse_district",
    "parse_education",
    "parse_experience",
    "parse_headcount",
    "parse_industry",
    "parse_salary",
    "salary_columns",
    "title_key",
    "title_keys",
    "unwrap_lists",
]
