"""The recruitment pipeline as the pages use it: the sample and the uploaded board exports ->
`recruitment.report.build_report` (cached on the files' bytes) -> filters -> figures and exports.

Shared by the recruitment page and the hiring-needs page. Streamlit appears only as the cache;
every cached function takes everything it uses as arguments (the files' names and bytes), so a new
upload makes a new entry and every planner sees the same figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from app.context import ROOT
from intake import InputError
from intake.exports import neutralise, neutralised
from recruitment.aggregate import (
    Filters,
    Headline,
    filter_options,
    filter_positions,
    headline,
    tables,
)
from recruitment.columns import IGNORED, LABELS
from recruitment.readers import Export, PostingsFile, Rejection, read_exports, read_postings
from recruitment.report import HEADERS, POSITION_COLUMNS, PostingsReport, build_report, write_xlsx
from store import uploads

SAMPLE_DIR = ROOT / "data" / "postings"
SAMPLE_FILES = ("zhaopin.csv", "zhongbu.csv", "51job.csv", "boss.xlsx")
SALARY_CEILING = 50_000
"""The salary slider's top: at the top, the range is open-ended (implausible pay included)."""
TABLE_LABELS = {
    "by_industry": "行业 Industry",
    "by_city": "城市 City",
    "by_district": "区县 District",
    "by_education": "学历 Education",
    "by_salary_band": "月薪区间 Salary band",
    "by_week": "周 Week",
    "by_experience": "经验 Experience",
    "by_employer": "用人单位 Employer",
}

Files = tuple[tuple[str, bytes], ...]
Mapping = tuple[tuple[str, str | None], ...]
"""A user's column mapping for one file: (column, field or None) pairs."""
Mappings = tuple[tuple[str, Mapping], ...]
"""The user's mappings, keyed by the SHA-256 of the file they belong to."""
MAPPING_KIND = "postings_mapping"
"""Stored next to the uploads (`store.uploads`, this kind): the mapping a user chose for a file."""
FIELD_CHOICES = (IGNORED, *LABELS.values())


@dataclass(frozen=True)
class Postings:
    """What the pipeline gives the pages: the de-duplicated `positions`
    (`recruitment.dedupe`), the rows not imported (`rejected`: file, row, reason), the boards
    seen, the files read and the year given to dates printed without one."""

    positions: pd.DataFrame
    rejected: pd.DataFrame
    boards: tuple[str, ...]
    files: tuple[str, ...]
    unreadable: dict[str, int]
    reference_year: int

    def options(self, column: str) -> list[str]:
        """The labels to filter `column` by (`recruitment.aggregate.filter_options`)."""
        return filter_options(self.positions, column)

    def posted_range(self) -> tuple[dt.date, dt.date] | None:
        posted = self.positions["posted_first"].dropna()
        if posted.empty:
            return None
        return posted.min().date(), posted.max().date()


@dataclass(frozen=True)
class Summary:
    """The figures of the filtered positions."""

    headline: Headline
    tables: dict[str, pd.DataFrame]
    positions: pd.DataFrame = field(repr=False)


@functools.cache
def sample_files() -> Files:
    """The committed sample exports (8,869 postings); read from disk once per process."""
    return tuple((name, (SAMPLE_DIR / name).read_bytes()) for name in SAMPLE_FILES)


def source_files(engine: Engine) -> Files:
    """The sample, then every stored upload (oldest first). Two uploads with one name are told
    apart by their upload number."""
    stored = uploads.upload_contents(engine)
    names = [upload.name for upload, _ in stored]
    named = tuple(
        (upload.name if names.count(upload.name) == 1 else f"{upload.name} (#{upload.id})", data)
        for upload, data in stored
    )
    return sample_files() + named


def source_mappings(engine: Engine) -> Mappings:
    """The column mappings users chose for uploaded files (the latest for each file)."""
    chosen: dict[str, Mapping] = {}
    for _, content in uploads.upload_contents(engine, kind=MAPPING_KIND):
        document = json.loads(content.decode("utf-8"))
        chosen[document["sha256"]] = tuple((column, field) for column, field in document["mapping"])
    return tuple(chosen.items())


def store_mapping(engine: Engine, data: bytes, mapping: Mapping, *, uploaded_by: str) -> None:
    """Keep the mapping a user chose for the file `data` (read by every later `load`)."""
    digest = hashlib.sha256(data).hexdigest()
    document = {"sha256": digest, "mapping": [list(pair) for pair in mapping]}
    content = json.dumps(document, ensure_ascii=False).encode("utf-8")
    uploads.add_upload(
        engine, f"{digest[:16]}.mapping.json", content, uploaded_by=uploaded_by, kind=MAPPING_KIND
    )


def delete_upload(engine: Engine, upload_id: int) -> None:
    """Remove an upload and the mappings chosen for it."""
    digest = uploads.get_upload(engine, upload_id).sha256
    uploads.delete_upload(engine, upload_id)
    for record, content in uploads.upload_contents(engine, kind=MAPPING_KIND):
        if json.loads(content.decode("utf-8"))["sha256"] == digest:
            uploads.delete_upload(engine, record.id, kind=MAPPING_KIND)


def load(engine: Engine) -> Postings:
    """The postings of the sample and all uploads, through the cached pipeline."""
    return pipeline(source_files(engine), source_mappings(engine))


@st.cache_data(show_spinner="正在汇总招聘信息 Reading the postings…", max_entries=8)
def pipeline(files: Files, mappings: Mappings = ()) -> Postings:
    """Read, normalise, de-duplicate and aggregate `files` ((name, bytes) pairs), each with the
    mapping a user chose for it (`mappings`), if any. A file that cannot be used at all becomes
    one rejected row (row 0) instead of stopping the others."""
    chosen = dict(mappings)
    read: list[PostingsFile] = []
    unusable: list[Rejection] = []
    exports = []
    for name, data in files:
        mapping = chosen.get(hashlib.sha256(data).hexdigest())
        exports.append(Export(name, data, dict(mapping) if mapping else None))
    for export, result in zip(exports, read_exports(exports), strict=True):
        if isinstance(result, InputError):
            unusable.append(Rejection(export.source, 0, str(result)))
        else:
            read.append(result)
    report = build_report(read)
    rejected = [*unusable, *report.rejected]
    boards = report.postings["board"].astype("str")
    return Postings(
        positions=report.positions,
        rejected=pd.DataFrame([asdict(r) for r in rejected], columns=["file", "row", "reason"]),
        boards=tuple(boards.value_counts().index),
        files=tuple(name for name, _ in files),
        unreadable=report.unreadable,
        reference_year=report.reference_year,
    )


def check_upload(name: str, data: bytes, mapping: Mapping = ()) -> PostingsFile:
    """Read an upload before it is stored (with the mapping chosen so far); raises
    `intake.InputError` saying why it is unusable."""
    return read_postings(io.BytesIO(data), source=name, mapping=dict(mapping) or None)


def mapping_rows(read: PostingsFile) -> pd.DataFrame:
    """The mapping used for an upload, column by column (every header block's columns, once):
    the file's column, the field it is read as (Chinese label, `忽略` for none), how that was
    chosen, and the first values of the column, for the import screen."""
    rows = {}
    for mapping in read.mappings:
        for choice in mapping:
            rows.setdefault(choice.column, choice)
    frame = read.frame
    return pd.DataFrame(
        {
            "column": list(rows),
            "field": [LABELS[c.field] if c.field else IGNORED for c in rows.values()],
            "how": [c.how for c in rows.values()],
            "sample": [_examples(frame, c.field, c.column) for c in rows.values()],
        }
    )


def chosen_mapping(columns: Sequence[str], labels: Sequence[str]) -> Mapping:
    """(column, field) pairs from the labels chosen on the import screen."""
    fields = {label: field for field, label in LABELS.items()}
    return tuple((column, fields.get(label)) for column, label in zip(columns, labels, strict=True))


def _examples(frame: pd.DataFrame, field: str | None, column: str) -> str:
    name = field if field in frame.columns else column
    if name not in frame.columns:
        return ""
    values = frame[name].astype("str")
    return " · ".join(values[values != ""].head(3).str.slice(0, 24))


@st.cache_data(max_entries=32, show_spinner=False)
def summarise(files: Files, mappings: Mappings, filters: Filters) -> Summary:
    """Headline and tables of the positions of `files` (read with the users' `mappings`) that
    `filters` keep."""
    kept = filter_positions(pipeline(files, mappings).positions, filters)
    return Summary(headline=headline(kept), tables=tables(kept), positions=kept)


def positions_export(positions: pd.DataFrame) -> pd.DataFrame:
    """The positions as exported and shown: `recruitment.report.POSITION_COLUMNS`, dates as dates."""
    frame = positions.loc[:, list(POSITION_COLUMNS)]
    return frame.assign(
        posted_first=frame["posted_first"].dt.date, posted_last=frame["posted_last"].dt.date
    )


def xlsx_bytes(postings: Postings, summary: Summary) -> bytes:
    """The filtered figures as the command line's workbook (`recruitment.report.write_xlsx`:
    summary, one sheet per table, positions, rejected rows); no cell runs as a formula."""
    report = PostingsReport(
        headline=summary.headline,
        tables={name: neutralised(table) for name, table in summary.tables.items()},
        postings=pd.DataFrame(),
        positions=neutralised(summary.positions),
        rejected=tuple(
            Rejection(str(neutralise(r.file)), int(r.row), str(neutralise(r.reason)))
            for r in postings.rejected.itertuples()
        ),
        unreadable=postings.unreadable,
        reference_year=postings.reference_year,
    )
    buffer = io.BytesIO()
    write_xlsx(report, buffer)
    return buffer.getvalue()


def csv_bytes(positions: pd.DataFrame) -> bytes:
    """The filtered positions as CSV (UTF-8 with BOM so Excel shows the Chinese, Chinese
    headers); no cell runs as a formula."""
    frame = neutralised(positions_export(positions)).rename(columns=HEADERS)
    return frame.to_csv(index=False).encode("utf-8-sig")


def chosen(values: Sequence[object]) -> tuple[str, ...]:
    return tuple(str(value) for value in values)
