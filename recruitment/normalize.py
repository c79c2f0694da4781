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

>>> parse_salary("10-15K·13薪")
Salary(text='10-15K·13薪', min_monthly=10000.0, max_monthly=15000.0, months=13, period='month')
>>> parse_education("本科及以上"), parse_headcount("招若干人"), parse_district("郑州-高新区")
('本科', None, '高新区')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from intake.dates import DATE_PATTERN
from intake.dates import parse_date as read_date
from recruitment.locations import location_text, place_columns

Errors = Literal["raise", "null"]

UNKNOWN = "未注明"
"""Label for a missing district, industry, education or experience in tables."""

# --- salary -------------------------------------------------------------------------------------

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
BLANK_MARKERS = ("", "-", "--", "—", "/", "无", "暂无", "null", "none", "nan", "n/a")
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


def _clean(texts: pd.Series) -> pd.Series:
    """NFKC (full-width to half-width), lower case, no whitespace; the common first step."""
    return texts.str.normalize("NFKC").str.lower().str.replace(r"\s+", "", regex=True)


def _is_blank(cleaned: pd.Series, markers: tuple[str, ...] = BLANK_MARKERS) -> np.ndarray:
    return cleaned.isin(markers).to_numpy()


def _salary_frame(texts: pd.Series) -> pd.DataFrame:
    cleaned = _clean(texts).str.replace(r"[~～至到—–－]", "-", regex=True)
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
    no_salary = _is_blank(cleaned, NO_SALARY)
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
        _fail(errors, f"salary {text!r} is not a pay range a job board prints")
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
    cleaned = _clean(texts)
    conditions = [cleaned.str.contains(p, regex=True).to_numpy() for _, p in EDUCATION_RULES]
    codes = np.select(
        conditions, [EDUCATION_LEVELS.index(level) for level, _ in EDUCATION_RULES], -1
    )
    return pd.Series(pd.Categorical.from_codes(codes, EDUCATION_LEVELS), index=texts.index)


def education_levels(texts: pd.Series) -> pd.Series:
    """One of `EDUCATION_LEVELS` per text (the minimum asked for), NaN when blank or unknown."""
    return by_distinct(texts, _education)


def parse_education(text: str, *, errors: Errors = "raise") -> str | None:
    return _scalar(text, education_levels, errors, "an education level")


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
    cleaned = _clean(texts).str.translate(CHINESE_DIGITS).str.replace("工作", "", regex=False)
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
        if _is_blank(_clean(pd.Series([text], dtype="str")))[0]:
            return None
        _fail(errors, f"{text!r} is not an experience requirement")
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
    cleaned = _clean(texts)
    parts = cleaned.str.extract(HEADCOUNT_PATTERN)
    number = pd.to_numeric(parts["n"])
    known = number.notna() & (number > 0)
    unreadable = ~known.to_numpy() & parts["some"].isna().to_numpy() & ~_is_blank(cleaned)
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
        _fail(errors, f"{text!r} is not a number of openings")
        return None
    return None if pd.isna(row["headcount"]) else int(row["headcount"])


# --- dates --------------------------------------------------------------------------------------


def _date_frame(texts: pd.Series, reference_year: int) -> pd.DataFrame:
    parts = _clean(texts).str.extract(DATE_PATTERN)
    year = pd.to_numeric(parts["year"]).fillna(reference_year)
    month, day = pd.to_numeric(parts["month"]), pd.to_numeric(parts["day"])
    dates = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
    ).astype("datetime64[s]")
    return pd.DataFrame(
        {
            "posted": dates,
            "posted_malformed": dates.isna().to_numpy() & ~_is_blank(_clean(texts)),
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
    if _is_blank(_clean(pd.Series([text], dtype="str")))[0]:
        return None
    try:
        return read_date(text, reference_year)
    except ValueError as error:
        _fail(errors, str(error))
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
    if label in DISTRICTS:  # a label this gives is kept: `航空港区` alone is no gazetteer name
        return label
    return _scalar(text, districts, errors, "a district")


# --- industry -----------------------------------------------------------------------------------

# Sectors for the bureau's tables, after GB/T 4754 sections with Zhengzhou's key industries split
# out. Rules are tried in order; the first whose pattern occurs in the board's category wins.
INDUSTRY_RULES = (
    (
        "信息技术服务",
        r"互联网|电子商务|电商|软件|it服务|信息技术|信息传输|网络游戏|游戏|大数据|云计算|数据服务"
        r"|企业服务|社交|人工智能|信息安全|物联网|区块链|saas|计算机服务",
    ),
    ("电子信息制造", r"电子|半导体|集成电路|网络设备|通信设备|硬件|光电|智能终端"),
    ("信息技术服务", r"通信|电信|计算机"),
    ("生物医药", r"医药|生物|制药|医疗设备|医疗器械|器械"),
    ("医疗卫生与社会工作", r"医院|医疗|护理|卫生|社会工作|养老|康复"),
    ("能源环保与公用事业", r"能源|矿|采掘|冶炼|电力|热力|燃气|水利|供水|环保|环境|公共设施"),
    ("装备制造", r"机械|设备|重工|汽车|摩托车|仪器仪表|自动化|装备|电气|轨道交通"),
    ("批发零售", r"贸易|进出口|批发|零售|快速消费品|快消|商超|百货|超市"),
    ("其他制造业", r"制造|加工|纺织|服装|皮革|化工|材料|塑料|橡胶|造纸|印刷|家具|食品"),
    ("建筑与房地产", r"建筑|建材|工程|房地产|房产|物业|装饰|装潢|家居"),
    ("交通运输与物流", r"交通|运输|物流|仓储|快递|邮政|货运"),
    ("住宿餐饮", r"酒店|餐饮|住宿|旅游|宾馆"),
    ("金融", r"金融|银行|保险|证券|基金|期货|投资|信托|担保"),
    (
        "商务与科技服务",
        r"商务|租赁|咨询|人力资源|法律|会计|财会|审计|广告|会展|公关|外包|中介"
        r"|科学研究|科研|技术服务|检测|认证|设计",
    ),
    ("教育培训", r"教育|培训|院校|学校"),
    ("文化体育娱乐", r"文化|文娱|内容|传媒|媒体|出版|影视|体育|娱乐|休闲|艺术"),
    (
        "居民生活服务",
        r"居民服务|家政|美容|美发|保健|维修|修理|洗浴|保安|生活服务|消费生活|本地生活",
    ),
)
OTHER_SECTOR = "其他"
SECTORS = (*dict.fromkeys(sector for sector, _ in INDUSTRY_RULES), OTHER_SECTOR)
"""The ~15 sectors postings are tabled by; farming, mining-free public bodies and the unmatched
fall under `其他`."""


def _industry(texts: pd.Series) -> pd.Series:
    cleaned = _clean(texts)
    conditions = [cleaned.str.contains(p, regex=True).to_numpy() for _, p in INDUSTRY_RULES]
    codes = np.select(
        conditions,
        [SECTORS.index(sector) for sector, _ in INDUSTRY_RULES],
        SECTORS.index(OTHER_SECTOR),
    )
    codes = np.where(_is_blank(cleaned), -1, codes)
    return pd.Series(pd.Categorical.from_codes(codes, SECTORS), index=texts.index)


def industries(texts: pd.Series) -> pd.Series:
    """The sector (one of `SECTORS`) of each board category; NaN when blank."""
    return by_distinct(texts, _industry)


def parse_industry(text: str) -> str | None:
    """The sector of one board category (`其他` when no rule matches); None when blank."""
    value = industries(pd.Series([text], dtype="str")).iloc[0]
    return None if pd.isna(value) else str(value)


# --- company and title keys ---------------------------------------------------------------------

BRACKETED = r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>"
TRUNCATION_PATTERN = r"(?:\.{2,}|…+|。{2,})$"
REGION_PREFIX = r"^(?:河南省?|郑州市?)+"
LEGAL_SUFFIX = (
    r"(?:股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司|分公司|分厂|厂"
    r"|郑州市?|河南省?)+$"
)
# What a board's cut can leave of a legal suffix: `...科技有限` or `...科技股份有`.
CUT_SUFFIX = r"(?:股份?|股份有限?|股份有限公|有限?|有限责任?|有限责任公|有限公|集团?|公)$"


def _company_frame(names: pd.Series) -> pd.DataFrame:
    cleaned = _clean(names)
    truncated = cleaned.str.contains(TRUNCATION_PATTERN, regex=True)
    key = cleaned.str.replace(TRUNCATION_PATTERN, "", regex=True)
    # A cut inside brackets (`华嘉自动化设备(郑...`) leaves an unclosed bracket: drop its rest.
    key = key.where(~truncated, key.str.replace(r"[(\[【][^)\]】]*$", "", regex=True))
    key = _until_stable(key, lambda k: k.str.replace(BRACKETED, "", regex=True))
    key = key.str.replace(r"[()\[\]【】<>,，.。、'\"·&-]", "", regex=True)
    key = key.where(~truncated, key.str.replace(CUT_SUFFIX, "", regex=True))
    core = key.str.replace(REGION_PREFIX, "", regex=True).str.replace(LEGAL_SUFFIX, "", regex=True)
    key = core.where(core != "", key)
    return pd.DataFrame({"company_key": key, "company_truncated": truncated.to_numpy()})


def company_columns(names: pd.Series) -> pd.DataFrame:
    """`company_key`: the name without region prefix, legal form (`有限公司`, `股份有限公司`),
    bracketed parts (`(郑州)`) and punctuation; `company_truncated`: the board cut the name (`...`).

    >>> company_columns(pd.Series(["郑州宇通客车股份有限公司", "宇通客车股份有限公司(郑州)"]))
      company_key  company_truncated
    0        宇通客车              False
    1        宇通客车              False
    """
    return by_distinct(names, _company_frame)


def company_key(name: str) -> str:
    return company_keys([name])[0]


def company_keys(names: Sequence[str]) -> list[str]:
    """`company_key` of many names in one pass (a name at a time costs a pandas round each)."""
    return company_columns(pd.Series(list(names), dtype="str"))["company_key"].tolist()


TITLE_NOISE = (
    r"急聘|急招|诚聘|高薪|直招|名企|包吃住|包食宿|五险一金|六险一金|双休|周末双休|长白班|可实习"
    r"|\+|&|/|\||,|，|、|·|-|_|!|！|\.|。|:|："
)


def _title(titles: pd.Series) -> pd.Series:
    cleaned = _clean(titles)
    key = _until_stable(
        cleaned,
        lambda k: k.str.replace(BRACKETED, "", regex=True).str.replace(TITLE_NOISE, "", regex=True),
    )
    return key.where(key != "", cleaned)


def title_keys(titles: pd.Series) -> pd.Series:
    """Titles compared across boards: no brackets (`(五险一金)`, `【急聘】`), recruiting slogans
    or punctuation, lower case. `Java开发工程师（高新区）` and `【急聘】java开发工程师` give one
    key."""
    return by_distinct(titles, _title)


def title_key(title: str) -> str:
    return str(title_keys(pd.Series([title], dtype="str")).iloc[0])


# --- a whole postings frame -------------------------------------------------------------------

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


# --- cells written as lists ---------------------------------------------------------------------

LIST_SEPARATOR = "|"
_LIST_ITEMS = r"""^\[?\s*['"]?|['"]?\s*\]?,?$"""


def unwrap_lists(texts: pd.Series) -> pd.Series:
    """Cells an export wrote as a Python or JSON list (`['1-1.5万/月']`, `["a", "b"]`, `[]`, and
    51job's cut `"['spark\\n大数据',"`) as plain text: one item as itself, several joined by `|`
    (how tags are read), an empty list as blank. Other cells are returned as they are.

    >>> unwrap_lists(pd.Series(["['1-1.5万/月']", '["本科", "3-4年经验"]', "[]", "8千"])).tolist()
    ['1-1.5万/月', '本科|3-4年经验', '', '8千']
    """
    listed = texts.str.startswith(("[", "'", " ["), na=False)
    if not listed.any():
        return texts
    return texts.where(~listed, by_distinct(texts[listed], _unwrapped).astype("str"))


def _unwrapped(texts: pd.Series) -> pd.Series:
    inner = texts.str.strip().str.replace(_LIST_ITEMS, "", regex=True)
    items = inner.str.split(r"""['"]\s*,\s*['"]|\\n|\n""", regex=True)
    return items.map(lambda parts: LIST_SEPARATOR.join(p.strip() for p in parts if p.strip()))


# --- helpers ------------------------------------------------------------------------------------


def by_distinct(
    values: pd.Series, step: Callable[[pd.Series], pd.DataFrame | pd.Series]
) -> pd.DataFrame | pd.Series:
    """Run `step` once per distinct text and give every row its distinct text's result,
    indexed like `values`: a column of a million rows with a few thousand distinct texts costs a
    few thousand regex matches."""
    codes, distinct = pd.factorize(values.astype("str").fillna(""))
    # A blank text goes first, so a step never sees an empty Series (its columns keep their types
    # when there are no rows at all).
    texts = pd.concat([pd.Series([""], dtype="str"), pd.Series(distinct, dtype="str")])
    result = step(texts.reset_index(drop=True)).iloc[1:]
    # Text results become categoricals, so spreading them over the rows moves integer codes.
    if isinstance(result, pd.Series):
        return _as_category(result).iloc[codes].set_axis(values.index, axis=0)
    result = result.assign(**{name: _as_category(column) for name, column in result.items()})
    return result.iloc[codes].set_axis(values.index, axis=0)


def _as_category(column: pd.Series) -> pd.Series:
    return column.astype("category") if column.dtype == "str" else column


def _until_stable(texts: pd.Series, step: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Repeat a replacement until nothing changes, so `(a(b))` loses both brackets and a key
    normalised twice equals the key normalised once."""
    while True:
        stepped = step(texts)
        if stepped.equals(texts):
            return texts
        texts = stepped


def _scalar(
    text: str, step: Callable[[pd.Series], pd.Series], errors: Errors, what: str
) -> str | None:
    series = pd.Series([text], dtype="str")
    value = step(series).iloc[0]
    if pd.notna(value):
        return str(value)
    if _is_blank(_clean(series))[0]:
        return None
    _fail(errors, f"{text!r} is not {what}")
    return None


def _fail(errors: Errors, reason: str) -> None:
    """Raise with `reason` (errors="raise"), or let the caller give None (errors="null")."""
    if errors == "raise":
        raise ValueError(reason)
    if errors != "null":
        raise ValueError(f"errors must be 'raise' or 'null', not {errors!r}")
    return None
