"""Which column of a board export holds which field: by its header, else by its content.

Job-board exports name their columns in many ways (`职位名称`, `job_name`, `jobName`,
`positionName`, ...); some have a header of `0,1,2,…` or none at all. `choose_mapping` maps each
column to a field of the postings schema:

1. a mapping the user gave (`--map 职位=title` on the command line, the import screen in the app);
2. the header, compared loosely (`intake.tables.header_key`: full-width/half-width, case, spaces,
   `_` and `-`, so `jobName`, `job_name` and `JobName` are one word; bilingual `职位名称/title`),
   against the boards' words in `recruitment.header_words`;
3. the content, for columns whose header names no field: a column of pay texts is the salary, of
   URLs the link, of dates the posting date, of company names the company, and so on (`SNIFFERS`).

Every choice is kept with how it was made (`ColumnChoice.how`: 指定, 表头 or 内容), so the mapping
used can be reported column by column.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from intake.tables import header_key
from recruitment import normalize
from recruitment.header_words import FIELDS, UNUSED_WORDS
from recruitment.locations import place_columns

LABELS = {field: label for field, (label, _) in FIELDS.items()}
REQUIRED = ("title", "company")
IGNORED = "忽略"
"""The choice that leaves a column out of the postings (kept as an unknown column)."""

_WORDS = {header_key(word): field for field, (_, words) in FIELDS.items() for word in words}
_LABEL_FIELDS = {header_key(label): field for field, label in LABELS.items()}
_UNUSED = {header_key(word) for word in UNUSED_WORDS}


@dataclass(frozen=True)
class ColumnChoice:
    """One column of a file and the field it was read as (`None`: not used), and how: `指定`
    (the user said so), `表头` (its header), `内容` (its content)."""

    column: str
    field: str | None
    how: str

    def describe(self) -> str:
        target = LABELS[self.field] if self.field else IGNORED
        return f"{self.column} → {target}（{self.how}）"


def header_field(name: str) -> str | None:
    """The field a header names, or None.

    >>> header_field("jobName"), header_field("job_name"), header_field("职位名称/title")
    ('title', 'title', 'title')
    >>> header_field("companyFullName"), header_field("公司规模")
    ('company', None)
    """
    for part in (name, *str(name).split("/")):
        field = _WORDS.get(header_key(part))
        if field:
            return field
    return None


def header_word_forms(header: Iterable[str] = ()) -> set[str]:
    """Header words as files print them (each word as listed, in lower and upper case and
    capitalised), with a file's own header names: a cheap exact test for header rows mid-file."""
    forms = {name for name in header if header_field(name)}
    for _, words in FIELDS.values():
        for word in words:
            forms |= {word, word.lower(), word.upper(), word[:1].upper() + word[1:]}
    return forms


_FORMS = frozenset(header_word_forms())


def field_named(text: str) -> str | None:
    """A field as a user names it in `--map`: the schema name (`title`), its Chinese label
    (`职位`) or any header word; `忽略`/`-` for none. Raises ValueError for anything else."""
    key = header_key(text)
    if key in ("", IGNORED, "ignore", "none"):
        return None
    if text in FIELDS:
        return text
    field = _LABEL_FIELDS.get(key) or _WORDS.get(key)
    if field is None:
        known = "、".join(f"{label}={name}" for name, label in LABELS.items())
        raise ValueError(f"不认识的字段“{text}”；可用的字段：{known}")
    return field


def parse_map(text: str) -> dict[str, str | None]:
    """`职位=title,薪资=salary_text,备注=忽略` → {column: field}; raises ValueError saying why."""
    mapping: dict[str, str | None] = {}
    for item in filter(None, (part.strip() for part in re.split(r"[,，]", text))):
        column, equals, field = item.partition("=")
        if not equals or not column.strip():
            raise ValueError(f"映射“{item}”应写成 列名=字段，例如 职位=title")
        mapping[column.strip()] = field_named(field.strip())
    return mapping


def is_header_row(cells: Sequence[str]) -> bool:
    """True when most non-blank cells are header words (a header row, also one repeated mid-file)
    and one of the first two is."""
    filled = [cell for cell in cells if cell]
    # A header row starts with a header word in one of its first two cells; asking that first
    # keeps this cheap on the data rows of a file read record by record.
    if len(filled) < 2 or not any(map(_is_word, filled[:2])):
        return False
    known = sum(map(_is_word, filled))
    return known >= 2 and known * 2 >= len(filled)


def _is_word(cell: str) -> bool:
    return cell in _FORMS or (_could_be_word(cell) and _is_header_word(cell))


def _could_be_word(cell: str) -> bool:
    """Cheap first test: Chinese header words are short; longer ones are bilingual or ASCII."""
    return len(cell) <= 8 or (
        len(cell) <= 40 and (cell.isascii() or "/" in cell or "(" in cell or "（" in cell)
    )


@functools.lru_cache(maxsize=1 << 16)  # data cells repeat (pay, education, dates): ask once
def _is_header_word(cell: str) -> bool:
    """`header_field(cell) is not None` for the usual forms (no full-width letters), at C speed:
    this runs on every cell of a file read record by record."""
    for part in (cell, *cell.split("/")) if "/" in cell else (cell,):
        key = part.split("(", 1)[0].split("（", 1)[0].lower()
        if key.replace("_", "").replace("-", "").replace(" ", "").replace("*", "") in _WORDS:
            return True
    return False


def looks_like_data(cells: Sequence[str]) -> bool:
    """True when a first row reads as a posting rather than a header: at least two of its cells
    are pay texts, URLs, dates, company names or requirements, and none is a header word."""
    if any(header_field(cell) for cell in cells if cell):
        return False
    values = pd.Series([cell for cell in cells if cell], dtype="str")
    if values.empty:
        return False
    hits = sum(bool(sniff(values.iloc[[i]])) for i in range(len(values)))
    return hits >= 2


# --- content -----------------------------------------------------------------------------------

SAMPLE_SIZE = 200
JOB_WORDS = (
    r"工程师|经理|专员|主管|助理|销售|开发|设计|运营|文员|普工|操作|司机|顾问|代表|总监|实习|分析|架构"
    r"|客服|会计|出纳|前台|保安|保洁|厨师|服务员|技术员|技工|电工|焊工|教师|老师|护士|医生|店长|主任"
    r"|专家|leader|developer|engineer|manager|[师员工长手生岗]$"
)
COMPANY_WORDS = (
    r"公司|集团|有限|股份|厂$|中心$|医院|学校|学院|大学|银行|研究院|研究所|事务所|酒店|商行|门市"
    r"|工作室|合作社|委员会|协会|基金会|幼儿园|超市|科技$|网络$|餐饮$"
)
WELFARE_WORDS = (
    r"五险一金|六险一金|双休|带薪|年终奖|补贴|餐补|节日福利|团建|包吃|包住|定期体检|绩效奖金"
)
URL_PATTERN = r"^(?:https?:)?//|^www\.|\.(?:com|cn|net|org)(?:/|$)"


def _share(flags: pd.Series | Iterable[bool]) -> float:
    flags = pd.Series(flags, dtype="bool")
    return float(flags.mean()) if len(flags) else 0.0


def _salary(values: pd.Series) -> float:
    columns = normalize.salary_columns(values)
    unit_or_range = values.str.contains(r"[kK千万元面议薪]|\d-\d", regex=True).to_numpy()
    stated = columns["salary_stated"].to_numpy() & ~columns["salary_implausible"].to_numpy()
    return _share(stated & unit_or_range)


def _date(values: pd.Series) -> float:
    columns = normalize.date_columns(values, 2020)
    return _share(columns["posted"].notna() & values.str.contains(r"\d[-/.年月]\d", regex=True))


def _experience(values: pd.Series) -> float:
    known = normalize.experience_columns(values)["experience"].notna()
    return _share(known & (values.str.len() <= 12))


def _education(values: pd.Series) -> float:
    known = normalize.education_levels(values).notna()
    return _share(known & (values.str.len() <= 10))


def _requirements(values: pd.Series) -> float:
    experience = values.str.contains(normalize.EXPERIENCE_WORDS, regex=True)
    education = normalize.education_levels(values).notna()
    return _share(experience & education & (values.str.len() <= 24))


def _headcount(values: pd.Series) -> float:
    return _share(values.str.fullmatch(r"招?\s*(?:\d{1,5}|若干)\s*[人名]", case=False))


def _place(values: pd.Series) -> float:
    cities = place_columns(values)["city"].notna()
    return _share(cities & (values.str.len() <= 40))


def _company(values: pd.Series) -> float:
    return _share(values.str.contains(COMPANY_WORDS, regex=True) & (values.str.len() <= 40))


def _title(values: pd.Series) -> float:
    job = values.str.contains(JOB_WORDS, regex=True, case=False)
    return _share(
        job & ~values.str.contains("公司|集团|有限", regex=True) & (values.str.len() <= 40)
    )


def _url(values: pd.Series) -> float:
    return _share(values.str.contains(URL_PATTERN, regex=True, case=False))


def _welfare(values: pd.Series) -> float:
    return _share(values.str.contains(WELFARE_WORDS, regex=True))


def _listed(values: pd.Series) -> float:
    return _share(values.str.startswith("[") | values.str.contains(r"^['\"]|\|", regex=True))


def _industry(values: pd.Series) -> float:
    sectors = normalize.industries(values).astype("str")
    short = values.str.len() <= 20
    jobs = values.str.contains(JOB_WORDS, regex=True, case=False)
    return _share(
        (sectors != normalize.OTHER_SECTOR) & short & ~jobs & ~values.str.contains("公司|有限")
    )


# Field -> (recogniser, the share of sampled values it must reach). Tried in this order, so a
# column both salary- and date-like is the salary; the best score wins when several fit.
SNIFFERS: dict[str, tuple[Callable[[pd.Series], float], float]] = {
    "url": (_url, 0.8),
    "salary_text": (_salary, 0.6),
    "posted_text": (_date, 0.7),
    "headcount_text": (_headcount, 0.6),
    "requirements_text": (_requirements, 0.6),
    "experience_text": (_experience, 0.6),
    "education_text": (_education, 0.6),
    "company": (_company, 0.4),
    "address": (_place, 0.6),
    "welfare": (_welfare, 0.5),
    "tags": (_listed, 0.6),
    "industry_text": (_industry, 0.6),
    "title": (_title, 0.3),
}


def sniff(values: pd.Series) -> dict[str, float]:
    """The fields whose recogniser the (non-blank) `values` pass, with their scores."""
    values = values[values != ""].head(SAMPLE_SIZE).astype("str")
    if values.empty:
        return {}
    values = normalize.unwrap_lists(values)
    scores = {field: recognise(values) for field, (recognise, _) in SNIFFERS.items()}
    return {field: score for field, score in scores.items() if score >= SNIFFERS[field][1]}


# --- the mapping -------------------------------------------------------------------------------


def choose_mapping(
    frame: pd.DataFrame, given: Mapping[str, str | None] | None = None
) -> list[ColumnChoice]:
    """One `ColumnChoice` per column of `frame` (text cells; columns named by the file's header):
    the user's choice, else the header's field, else the field the content fits best. A field is
    given to one column only (the first by header; by content, the best score)."""
    given = dict(given or {})
    chosen: dict[str, ColumnChoice] = {}
    taken: set[str] = set()
    for column in frame.columns:
        if column in given:
            field = given[column]
            if field in taken:
                field = None
            chosen[column] = ColumnChoice(column, field, "指定")
            taken.add(field) if field else None
    for column in frame.columns:
        field = header_field(column) if column not in chosen else None
        if field and field not in taken:
            chosen[column] = ColumnChoice(column, field, "表头")
            taken.add(field)
    if "company" not in taken:  # `公司信息` is sometimes the name itself, not its description
        for column, choice in list(chosen.items()):
            if choice.field == "company_info" and choice.how == "表头":
                values = frame[column][frame[column] != ""].head(SAMPLE_SIZE).astype("str")
                if _company(values) >= SNIFFERS["company"][1]:
                    chosen[column] = ColumnChoice(column, "company", "内容")
                    taken |= {"company"}
                    break
    unknown = [
        c
        for c in frame.columns
        if c not in chosen and header_field(c) is None and header_key(c) not in _UNUSED
    ]
    candidates = [
        (score, -order, column, field)
        for column in unknown
        for order, (field, score) in enumerate(sniff(frame[column]).items())
        if field not in taken
    ]
    for _, _, column, field in sorted(candidates, reverse=True):
        if column not in chosen and field not in taken:
            chosen[column] = ColumnChoice(column, field, "内容")
            taken.add(field)
    return [chosen.get(column, ColumnChoice(column, None, "未用")) for column in frame.columns]


BOARD_SIGNATURES = {
    "拉勾": (
        "positionname",
        "companyfullname",
        "positionlables",
        "industryfield",
        "positionadvantage",
        "companyshortname",
        "financestage",
        "formatcreatetime",
        "positionid",
        "companylabellist",
        "businesszones",
    ),
    "BOSS直聘": (
        "brandname",
        "salarydesc",
        "jobdegree",
        "jobexperience",
        "bossname",
        "brandindustry",
        "encryptjobid",
        "securityid",
        "joblabels",
        "brandscalename",
    ),
    "前程无忧": (
        "providesalary_text",
        "jobwelf",
        "attribute_text",
        "companyind_text",
        "workarea_text",
        "job_href",
        "companytype_text",
        "issuedate",
    ),
    "智联招聘": ("positionurl", "workingexp", "edulevel", "recruitcount", "empltype"),
    "猎聘": ("ejobid", "dq", "compname", "requireworkyears"),
}
FILE_NAME_BOARDS = {
    "拉勾": ("lagou", "拉勾"),
    "BOSS直聘": ("boss", "zhipin", "直聘"),
    "前程无忧": ("51job", "qiancheng", "前程无忧"),
    "智联招聘": ("zhaopin", "zhilian", "智联"),
    "猎聘": ("liepin", "猎聘"),
    "58同城": ("58tongcheng", "58同城", "58job"),
}


def board_from_header(columns: Iterable[str]) -> str | None:
    """The board whose own export field names the header uses (two of them), else None: a
    Lagou API export (`positionName`, `companyFullName`, …) is 拉勾 whatever the file is called."""
    keys = {header_key(column).replace("_", "") for column in columns}
    for board, words in BOARD_SIGNATURES.items():
        if sum(word.replace("_", "") in keys for word in words) >= 2:
            return board
    return None


def board_from_file_name(source: str) -> str | None:
    name = source.replace("\\", "/").rsplit("/", 1)[-1].lower()
    for board, words in FILE_NAME_BOARDS.items():
        if any(word in name for word in words):
            return board
    return None
