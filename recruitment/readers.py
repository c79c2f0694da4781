"""Job-board exports -> one postings schema.

Built on `intake.read_table` (any encoding, CSV or XLSX, blank lines and repeated header rows
skipped, row numbers kept). This module adds the boards' own header words, the glued columns
some boards print (`学历经验要求` = `1-3年本科`; `标签` = `招2人|本科|09-03发布`), and the
rows that cannot be a posting at all (no title or no company), which are rejected with their
row numbers while the rest still load. Values stay text here; `recruitment.normalize` reads them.

>>> import io
>>> data = "职位,公司,薪酬,标签\\nJava开发,郑州某某科技有限公司,12-18K,招2人|09-03发布\\n"
>>> postings = read_postings(io.BytesIO(data.encode("gbk")), source="51job.csv")
>>> postings.frame.loc[0, ["title", "salary_text", "headcount_text", "posted_text"]].tolist()
['Java开发', '12-18K', '招2人', '09-03']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd

from intake import Column, read_table
from recruitment.normalize import by_distinct

POSTING_SCHEMA = (
    Column(
        "title",
        ("职位名称", "title", "职位", "岗位名称", "岗位", "招聘岗位", "job_title"),
        required=True,
    ),
    Column(
        "company",
        (
            "公司名称",
            "company",
            "公司",
            "企业名称",
            "单位名称",
            "招聘单位",
            "用人单位",
            "company_name",
        ),
        required=True,
    ),
    Column(
        "salary_text",
        ("职位月薪", "salary", "薪酬", "薪资", "月薪", "薪资待遇", "工资待遇", "工资", "薪资范围"),
    ),
    Column("address", ("工作地点", "address", "地址", "工作地址", "工作区域", "地点", "location")),
    Column("district_text", ("区县", "所在区县", "所属区域", "district")),
    Column("experience_text", ("工作经验", "work_experience", "经验", "经验要求", "工作年限")),
    Column("education_text", ("学历", "education", "学历要求", "最低学历")),
    Column("requirements_text", ("学历经验要求", "经验学历要求", "学历经验")),
    Column("headcount_text", ("招聘人数", "headcount", "人数", "需求人数", "招聘数量")),
    Column("posted_text", ("发布日期", "发布时间", "date", "posted", "更新日期", "更新时间")),
    Column("welfare", ("福利", "welfare", "职位福利", "福利待遇")),
    Column("tags", ("标签", "tags", "职位标签", "岗位标签")),
    Column("industry_text", ("行业", "所属行业", "公司行业", "industry", "行业类别", "行业类型")),
    Column("url", ("url", "链接", "职位链接", "岗位链接", "详情链接", "网址", "link")),
    Column("board", ("来源", "招聘平台", "平台", "信息来源", "board")),
)
TEXT_COLUMNS = tuple(column.name for column in POSTING_SCHEMA)
POSTING_COLUMNS = ("source", "row", *TEXT_COLUMNS)
"""Columns of every postings frame, in order; unknown columns a file brings follow them."""

BOARD_HOSTS = {"zhaopin.com": "智联招聘", "51job.com": "前程无忧", "zhipin.com": "BOSS直聘"}

_ITEM = r"(?:^|[|/,，、;；\s])"
_EXPERIENCE = (
    r"经验不限|无经验|无需经验|应届(?:毕业)?生|在校/应届|\d+-\d+年(?:经验)?|\d+年以上(?:经验)?"
    r"|\d+年(?:以下|以内)(?:经验)?|\d+年(?:经验)?"
)
_EDUCATION = r"学历不限|初中及以下|中专/高中|中专/中技|初中|中专|中技|高中|大专|本科|硕士|博士"
TAG_PATTERNS = {
    "headcount_text": rf"{_ITEM}(招(?:\d+|若干)人)",
    "posted_text": rf"{_ITEM}(\d{{1,2}}-\d{{1,2}})发布",
    "experience_text": rf"{_ITEM}({_EXPERIENCE})(?:$|[|/,，、;；\s])",
    "education_text": rf"{_ITEM}({_EDUCATION})(?:$|[|/,，、;；\s])",
}


@dataclass(frozen=True)
class Rejection:
    """A row of a file that was not taken as a posting, and why."""

    file: str
    row: int
    reason: str


@dataclass(frozen=True)
class PostingsFile:
    """One file's postings (`frame`: `POSTING_COLUMNS`, then any unknown columns; index 0..n-1) and
    the rows it rejected."""

    source: str
    frame: pd.DataFrame
    rejected: tuple[Rejection, ...]


def read_postings(fp: BinaryIO, *, source: str = "", board: str | None = None) -> PostingsFile:
    """Read one board export (CSV or XLSX, any encoding) into the postings schema.

    `board` names the job board for rows that do not say (a `来源` column) and whose URL is not a
    known board's; `source` names the file in rejections and in every row's `source`.
    Raises `intake.InputError` (or its `MissingColumnsError`) when the file cannot be used at all.
    """
    table = read_table(fp, POSTING_SCHEMA, source=source)
    frame = table.frame
    rejected = [
        Rejection(source, error.row, _reason(error.field, error.reason)) for error in table.errors
    ]
    for column in TEXT_COLUMNS:
        if column not in frame:
            frame = frame.assign(**{column: ""})
    empty = {field: (frame[field] == "").to_numpy() for field in ("title", "company")}
    for field, rows in empty.items():
        rejected += [Rejection(source, int(row), f"{field} is empty") for row in frame.index[rows]]
    unusable = empty["title"] | empty["company"]
    if unusable.any():
        frame = frame[~unusable]
    frame = _fill_from_tags(_split_requirements(frame))
    frame = frame.assign(board=_boards(frame, board or source or ""))
    extras = {name: _free_name(name) for name in table.extra_columns}
    frame = frame.rename(columns=extras).assign(source=source, row=frame.index.to_numpy())
    frame = frame[[*POSTING_COLUMNS, *extras.values()]].reset_index(drop=True)
    return PostingsFile(source=source, frame=frame, rejected=tuple(sorted(rejected, key=_by_row)))


def combine(files: Iterable[PostingsFile]) -> tuple[pd.DataFrame, list[Rejection]]:
    """All files' postings in one frame (in file order) and all their rejections."""
    files = list(files)
    frames = [file.frame for file in files]
    frame = pd.concat(frames, ignore_index=True) if frames else _empty_frame()
    # An extra column is blank, not NaN, in the files that lack it (filled per column: only those).
    gaps = [name for name in frame.columns
            if name not in POSTING_COLUMNS and any(name not in part.columns for part in frames)]
    frame = frame.fillna(dict.fromkeys(gaps, "")) if gaps else frame
    return frame, [rejection for file in files for rejection in file.rejected]


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(dtype="int64" if name == "row" else "str") for name in POSTING_COLUMNS}
    )


def _split_requirements(frame: pd.DataFrame) -> pd.DataFrame:
    """Split a glued `学历经验要求` (`1-3年本科`, `本科|3-5年`, `经验不限学历不限`) into experience
    and education where those columns are blank."""
    if not (frame["requirements_text"] != "").any():
        return frame
    parts = by_distinct(frame["requirements_text"], _split_glued)
    return frame.assign(
        experience_text=_blank_to(frame["experience_text"], parts["experience"]),
        education_text=_blank_to(frame["education_text"], parts["education"]),
    )


def _split_glued(texts: pd.Series) -> pd.DataFrame:
    found = texts.str.extract(rf"^(?P<before>.*?)(?P<experience>{_EXPERIENCE}|^不限)(?P<after>.*)$")
    rest = (found["before"].fillna("") + found["after"].fillna("")).where(
        found["experience"].notna(), texts
    )
    return pd.DataFrame(
        {"experience": found["experience"].fillna(""), "education": rest.str.strip(" |/,，、;；·")}
    )


def _fill_from_tags(frame: pd.DataFrame) -> pd.DataFrame:
    """Take headcount, date, experience and education from a `标签` column where blank."""
    tagged = (frame["tags"] != "").to_numpy()
    if not tagged.any():
        return frame
    tags = frame["tags"][tagged]
    filled = {}
    for column, pattern in TAG_PATTERNS.items():
        values = frame[column].copy()
        blank = (values[tagged] == "").to_numpy()
        found = tags[blank].str.extract(pattern, expand=False).fillna("")
        values.loc[found.index] = found
        filled[column] = values
    return frame.assign(**filled)


def _blank_to(values: pd.Series, fallback: pd.Series) -> pd.Series:
    return values.where(values != "", fallback)


def _boards(frame: pd.DataFrame, default: str) -> pd.Series:
    boards = frame["board"].copy()
    unnamed = (boards == "").to_numpy()
    if unnamed.any():
        urls = frame["url"][unnamed]
        host = urls.str.extract(r"^(?:https?://)?([^/?#:]+)", expand=False).fillna("")
        named = pd.Series(default, index=urls.index, dtype="str")
        for domain, name in BOARD_HOSTS.items():
            named = named.mask((host == domain) | host.str.endswith("." + domain), name)
        boards.loc[named.index] = named
    return boards


def _free_name(name: str) -> str:
    """An unknown column keeps its header unless it clashes with a schema column."""
    return f"{name} (原表)" if name in POSTING_COLUMNS else name


def _reason(field: str, reason: str) -> str:
    return f"{field}: {reason}" if field else reason


def _by_row(rejection: Rejection) -> int:
    return rejection.row
