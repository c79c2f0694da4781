"""Job-board exports -> one postings schema.

Built on `intake.read_table` (any encoding, CSV or XLSX, blank lines and repeated header rows
skipped, row numbers kept). Which column is which field is chosen by `recruitment.columns` (the
user's mapping, else the header words, else the content) and kept in `PostingsFile.mappings`, so
the mapping used can be shown. A file with no header row, or with a second header block mid-file
(other columns), is read block by block (`intake.sniff`). This module also unwraps cells written as
lists (`['1-1.5万/月']`), reads the glued columns some boards print (`学历经验要求` = `1-3年本科`;
`标签` = `招2人|本科|09-03发布`), and rejects the rows that cannot be a posting at all (no title
or no company) with their row numbers while the rest still load. Values stay text here;
`recruitment.normalize` reads them.

>>> import io
>>> data = "职位,公司,薪酬,标签\\nJava开发,郑州某某科技有限公司,12-18K,招2人|09-03发布\\n"
>>> postings = read_postings(io.BytesIO(data.encode("gbk")), source="51job.csv")
>>> postings.frame.loc[0, ["title", "salary_text", "headcount_text", "posted_text"]].tolist()
['Java开发', '12-18K', '招2人', '09-03']
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from intake import InputError, MissingColumnsError
from intake.sniff import Block, read_blocks, read_plain, read_records
from recruitment import columns as cols
from recruitment.columns import ColumnChoice, choose_mapping
from recruitment.locations import place_columns
from recruitment.normalize import EXPERIENCE_WORDS, by_distinct, unwrap_lists

TEXT_COLUMNS = (
    "title",
    "company",
    "salary_text",
    "city_text",
    "district_text",
    "address",
    "experience_text",
    "education_text",
    "requirements_text",
    "headcount_text",
    "posted_text",
    "welfare",
    "tags",
    "industry_text",
    "url",
    "board",
)
POSTING_COLUMNS = ("source", "row", *TEXT_COLUMNS)
"""Columns of every postings frame, in order; unknown columns a file brings follow them."""
HELPER_FIELDS = ("company_short", "salary_min", "salary_max", "company_info")
"""Fields read only to fill others: a short name when there is no full one, a pay range from two
number columns, an industry from `公司信息` (`计算机软件,不需要融资,10000人以上`)."""

BOARD_HOSTS = {
    "zhaopin.com": "智联招聘",
    "51job.com": "前程无忧",
    "zhipin.com": "BOSS直聘",
    "lagou.com": "拉勾",
    "liepin.com": "猎聘",
    "58.com": "58同城",
    "ganji.com": "赶集网",
    "chinahr.com": "中华英才网",
}

_ITEM = r"(?:^|[|/,，、;；\s])"
_END = r"(?:$|[|/,，、;；\s])"
_EDUCATION = r"学历不限|初中及以下|中专/高中|中专/中技|初中|中专|中技|高中|大专|本科|硕士|博士"
TAG_PATTERNS = {
    "headcount_text": rf"{_ITEM}(招(?:\d+|若干)人)",
    "posted_text": rf"{_ITEM}(\d{{1,2}}-\d{{1,2}})发布",
    "experience_text": rf"{_ITEM}({EXPERIENCE_WORDS}){_END}",
    "education_text": rf"{_ITEM}({_EDUCATION}){_END}",
}


@dataclass(frozen=True)
class Rejection:
    """A row of a file that was not taken as a posting, and why."""

    file: str
    row: int
    reason: str


@dataclass(frozen=True)
class PostingsFile:
    """One file's postings (`frame`: `POSTING_COLUMNS`, then any unknown columns; index 0..n-1),
    the rows it rejected, and the column mapping used: one tuple of `ColumnChoice` per header
    block (most files have one; `has_header` False when the file had no header row)."""

    source: str
    frame: pd.DataFrame
    rejected: tuple[Rejection, ...]
    mappings: tuple[tuple[ColumnChoice, ...], ...] = ()
    has_header: bool = True

    @property
    def mapping(self) -> tuple[ColumnChoice, ...]:
        """The mapping of the first block."""
        return self.mappings[0] if self.mappings else ()

    def describe_mapping(self) -> list[str]:
        """The mapping used, one line per block, in Chinese: `职位名称 → 职位（表头）；…`."""
        lines = []
        for number, mapping in enumerate(self.mappings, start=1):
            used = "；".join(choice.describe() for choice in mapping if choice.field)
            unused = "、".join(choice.column for choice in mapping if not choice.field)
            prefix = f"第{number}段表头：" if len(self.mappings) > 1 else ""
            lines.append(
                prefix + (used or "没有可用的列") + (f"；未用：{unused}" if unused else "")
            )
        if not self.has_header:
            lines.append("（文件没有表头行，各列按内容识别）")
        return lines


class MissingFieldsError(MissingColumnsError):
    """No column of the file can be read as the title or the company; says which and how to map."""

    def __init__(self, missing: dict[str, tuple[str, ...]], source: str = ""):
        self.missing = missing
        names = "、".join(
            f"{cols.LABELS[field]}（表头如：{'、'.join(words[:6])}）"
            for field, words in missing.items()
        )
        prefix = f"{source}: " if source else ""
        InputError.__init__(
            self, f"{prefix}找不到必需的列：{names}；可用 --map 指定，例如 --map 列名=title"
        )


def read_postings(
    fp: BinaryIO,
    *,
    source: str = "",
    board: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
) -> PostingsFile:
    """Read one board export (CSV or XLSX, any encoding) into the postings schema.

    `mapping` ({column: field or None}) overrides the chosen mapping for the columns it names.
    `board` names the job board for rows that do not say (a `来源` column) and whose URL is not a
    known board's; `source` names the file in rejections and in every row's `source`.
    Raises `intake.InputError` (or `MissingFieldsError`, a `MissingColumnsError`) when the file
    cannot be used at all.
    """
    data = fp.read()
    if not isinstance(data, bytes):
        raise InputError(f"{source or 'input'}: expected a binary file object")
    blocks = _blocks(data, source)
    read = [_read_block(block, source, board, mapping) for block in blocks]
    usable = [part for part in read if part is not None]
    if not usable:
        raise MissingFieldsError(_missing(choose_mapping(blocks[0].frame, mapping)), source)
    frame = pd.concat([part[0] for part in usable]) if len(usable) > 1 else usable[0][0]
    gaps = [name for name in frame.columns if name not in POSTING_COLUMNS]
    frame = frame.fillna(dict.fromkeys(gaps, "")) if gaps else frame
    rejected = [r for block in blocks for r in _errors(block, source)]
    for part in read:
        rejected += part[1] if part is not None else []
    skipped = [block for block, part in zip(blocks, read, strict=True) if part is None]
    rejected += [
        Rejection(source, int(row), "这一段的表头没有职位或公司列")
        for block in skipped
        for row in block.frame.index
    ]
    return PostingsFile(
        source=source,
        frame=frame.reset_index(drop=True),
        rejected=tuple(sorted(rejected, key=_by_row)),
        mappings=tuple(tuple(part[2]) for part in usable),
        has_header=blocks[0].header is not None,
    )


READ_THREADS = 2
"""Files read at once: pandas' parser and pyarrow release the GIL, so on 2 cores the 1,000,000
benchmark postings in 4 files read in 8.2 s instead of 11.9 s one after the other."""


@dataclass(frozen=True)
class Export:
    """One board export to read: its name (in rejections and every row's `source`), its bytes,
    and the mapping the user chose for it ({column: field or None}), if any."""

    source: str
    data: bytes
    mapping: Mapping[str, str | None] | None = None


def read_exports(
    exports: Sequence[Export], *, board: str | None = None, threads: int = READ_THREADS
) -> list[PostingsFile | InputError]:
    """`read_postings` of every export, on up to `threads` threads (the biggest files first), in
    the order given. A file that cannot be used at all is its `InputError`, so one bad file does
    not stop the others; the caller decides whether it does."""

    def read(export: Export) -> PostingsFile | InputError:
        try:
            return read_postings(
                io.BytesIO(export.data), source=export.source, board=board, mapping=export.mapping
            )
        except InputError as error:
            return error

    if threads <= 1 or len(exports) <= 1:
        return [read(export) for export in exports]
    biggest_first = sorted(range(len(exports)), key=lambda k: -len(exports[k].data))
    with ThreadPoolExecutor(min(threads, len(exports))) as pool:
        running = {k: pool.submit(read, exports[k]) for k in biggest_first}
        return [running[k].result() for k in range(len(exports))]


def _blocks(data: bytes, source: str) -> list[Block]:
    """The file as header blocks: one table (`intake.read_table`'s fast path) when the file is one
    plain table, else the records split at every header row (`intake.sniff.read_blocks`)."""
    table = read_plain(data, source, cols.is_header_row)
    if table is not None:
        header = list(table.frame.columns)
        if not cols.looks_like_data(header) and not _header_rows(table.frame):
            return [Block(header, table.frame, table.errors)]
    records = read_records(data, source)
    return read_blocks(records, cols.is_header_row, cols.looks_like_data, source)


def _header_rows(frame: pd.DataFrame) -> bool:
    """Whether some row of `frame` is a header (other columns than the file's first header)."""
    # pyarrow's is_in with the word set built once: Series.isin rebuilds it for every column.
    forms = pa.array(sorted(cols.header_word_forms(frame.columns)), type=pa.string())
    hits = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        found = pc.is_in(pa.array(frame[column], type=pa.string()), value_set=forms)
        hits += pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return bool((hits >= 2).any())


def _missing(mapping: list[ColumnChoice]) -> dict[str, tuple[str, ...]]:
    found = {choice.field for choice in mapping if choice.field}
    if "company_short" in found:
        found.add("company")
    return {field: cols.FIELDS[field][1] for field in cols.REQUIRED if field not in found}


def _errors(block: Block, source: str) -> list[Rejection]:
    return [Rejection(source, e.row, _reason(e.field, e.reason)) for e in block.errors]


def _read_block(
    block: Block, source: str, board: str | None, given: Mapping[str, str | None] | None
) -> tuple[pd.DataFrame, list[Rejection], list[ColumnChoice]] | None:
    """One block in the schema, its rejected rows and its mapping; None when no column of it is
    the title or the company."""
    mapping = choose_mapping(block.frame, given)
    fields = {choice.field: choice.column for choice in mapping if choice.field}
    if "title" not in fields or not ({"company", "company_short"} & fields.keys()):
        return None
    raw = block.frame
    frame = pd.DataFrame(
        {
            field: unwrap_lists(raw[fields[field]]) if field in fields else ""
            for field in (*TEXT_COLUMNS, *HELPER_FIELDS)
        },
        index=raw.index,
    ).astype("str")
    frame = _fill_helpers(frame)
    blank = raw.isin(["", "[]"]).all(axis=1).to_numpy()  # a blank line written as lists
    if blank.any():
        frame, raw = frame[~blank], raw[~blank]
    rejected = []
    empty = {field: (frame[field] == "").to_numpy() for field in ("title", "company")}
    for field, rows in empty.items():
        label = cols.LABELS[field]
        rejected += [Rejection(source, int(row), f"{label}为空") for row in frame.index[rows]]
    unusable = empty["title"] | empty["company"]
    if unusable.any():
        frame, raw = frame[~unusable], raw[~unusable]
    frame = _fill_from_tags(_split_requirements(frame))
    signature = cols.board_from_header(raw.columns)
    named = board or signature or cols.board_from_file_name(source) or source or ""
    frame = frame.assign(board=_boards(frame, named))
    used = set(fields.values())
    extras = {name: _free_name(name) for name in raw.columns if name not in used}
    frame = frame.assign(
        source=source, row=frame.index.to_numpy(), **{extras[name]: raw[name] for name in extras}
    )
    return frame[[*POSTING_COLUMNS, *extras.values()]], rejected, mapping


def _fill_helpers(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the company from a short name, the pay from min/max columns and the industry from a
    company description where the schema's own column is blank."""
    frame = frame.assign(
        company=_blank_to(frame["company"], frame["company_short"]),
        industry_text=_blank_to(frame["industry_text"], frame["company_info"]),
    )
    low, high = frame["salary_min"], frame["salary_max"]
    has_range = ((low != "") | (high != "")).to_numpy() & (frame["salary_text"] == "").to_numpy()
    if has_range.any():
        frame.loc[has_range, "salary_text"] = by_distinct(
            low[has_range] + "\x1f" + high[has_range], _range_text
        ).astype("str")
    return frame.drop(columns=list(HELPER_FIELDS))


def _range_text(pairs: pd.Series) -> pd.Series:
    """`10\x1f20` → `10-20k` (figures up to 500 are thousands, as boards' APIs give them), else
    `8000-12000`; one end alone is `8000元以上` / `12000元以下`."""
    parts = pairs.str.split("\x1f", expand=True, n=1).reindex(columns=[0, 1]).fillna("")
    low, high = (pd.to_numeric(parts[i].str.strip(), errors="coerce") for i in (0, 1))
    top = high.fillna(low)
    unit = np.where(top <= 500, "k", "")

    def figure(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if pd.isna(v) else f"{v:g}")

    lo, hi = figure(low), figure(high)
    text = np.where(
        low.notna() & high.notna(),
        lo + "-" + hi + unit,
        np.where(low.notna(), lo + unit + "以上", np.where(high.notna(), hi + unit + "以下", "")),
    )
    return pd.Series(text, index=pairs.index, dtype="str")


def combine(files: Iterable[PostingsFile]) -> tuple[pd.DataFrame, list[Rejection]]:
    """All files' postings in one frame (in file order) and all their rejections."""
    files = list(files)
    frames = [file.frame for file in files]
    frame = pd.concat(frames, ignore_index=True) if frames else _empty_frame()
    # An extra column is blank, not NaN, in the files that lack it (filled per column: only those).
    gaps = [
        name
        for name in frame.columns
        if name not in POSTING_COLUMNS and any(name not in part.columns for part in frames)
    ]
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
    found = texts.str.extract(
        rf"^(?P<before>.*?)(?P<experience>{EXPERIENCE_WORDS}|^不限)(?P<after>.*)$"
    )
    rest = (found["before"].fillna("") + found["after"].fillna("")).where(
        found["experience"].notna(), texts
    )
    return pd.DataFrame(
        {"experience": found["experience"].fillna(""), "education": rest.str.strip(" |/,，、;；·")}
    )


def _fill_from_tags(frame: pd.DataFrame) -> pd.DataFrame:
    """Take headcount, date, experience, education and the place (a first item such as
    `南京-栖霞区`, 51job's list-style tags) from a `标签` column where blank."""
    tagged = (frame["tags"] != "").to_numpy()
    if not tagged.any():
        return frame
    tags = frame["tags"][tagged]
    first = tags.str.extract(r"^([^|0-9]{2,30}?)(?:\||$)", expand=False).fillna("")  # no `招2人`
    wanted = ((first != "") & (frame["address"][tagged] == "")).to_numpy()
    is_place = np.zeros(len(first), dtype=bool)
    if wanted.any():
        is_place[wanted] = place_columns(first[wanted])["city"].notna().to_numpy()
    address = frame["address"].copy()
    address.loc[first.index[is_place]] = first[is_place]
    filled = {"address": address}
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
    field = cols.LABELS.get(field, field)
    return f"{field}: {reason}" if field else reason


def _by_row(rejection: Rejection) -> int:
    return rejection.row
