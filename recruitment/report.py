"""One call from board exports to a report, and the report's exports (JSON, XLSX, CSV).

`build_report` chains the steps: `readers.combine` -> `normalize.normalize_postings` ->
`dedupe.dedupe` -> `aggregate.headline` and `aggregate.tables`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from intake.exports import neutralised
from recruitment.aggregate import Headline, headline, tables
from recruitment.columns import IGNORED, LABELS
from recruitment.dedupe import DEFAULT_TITLE_SIMILARITY, DEFAULT_WINDOW_DAYS, dedupe
from recruitment.normalize import infer_reference_year, normalize_postings
from recruitment.readers import PostingsFile, Rejection, combine

EXCEL_MAX_ROWS = 1_048_575  # one row of a sheet is the header
SHEET_NAMES = {
    "summary": "概览",
    "by_industry": "按行业",
    "by_employer": "按用人单位",
    "by_city": "按城市",
    "by_district": "按区县",
    "by_education": "按学历",
    "by_experience": "按经验",
    "by_salary_band": "按月薪区间",
    "by_week": "按周",
    "positions": "岗位明细",
    "rejected": "未导入的行",
    "mapping": "列的识别",
}
HEADERS = {
    "figure": "指标",
    "value": "数值",
    "postings": "招聘信息条数",
    "unique_positions": "去重后岗位数",
    "openings": "招聘人数",
    "openings_unknown": "人数不详的岗位数",
    "employers": "用人单位数",
    "salary_stated_share": "注明薪资的岗位占比",
    "median_monthly_salary": "月薪中位数(元)",
    "salary_stated": "注明薪资的岗位数",
    "industry": "行业",
    "employer": "用人单位",
    "city": "城市",
    "district": "区县",
    "names": "印出的名称",
    "employer_names": "印出的名称",
    "block": "表头段",
    "column": "原表的列",
    "field": "读作",
    "how": "依据",
    "education": "学历",
    "experience": "经验",
    "salary_band": "月薪区间",
    "week": "周(自周一)",
    "file": "文件",
    "row": "行号",
    "reason": "原因",
    "position_id": "岗位编号",
    "title": "职位",
    "salary_min": "月薪下限(元)",
    "salary_max": "月薪上限(元)",
    "salary_months": "年薪月数",
    "copies": "发布条数",
    "posted_first": "首次发布",
    "posted_last": "最近发布",
    "boards": "招聘平台",
    "sources": "来源(文件:行)",
    "urls": "链接",
}
POSITION_COLUMNS = (
    "position_id",
    "employer",
    "employer_names",
    "title",
    "city",
    "district",
    "industry",
    "education",
    "experience",
    "salary_min",
    "salary_max",
    "salary_months",
    "openings",
    "copies",
    "posted_first",
    "posted_last",
    "boards",
    "sources",
    "urls",
)


@dataclass(frozen=True)
class PostingsReport:
    """Everything the recruitment view shows: `headline`, `tables` (see `aggregate`), the
    normalised `postings` with their `position_id`, the de-duplicated `positions`, the rows not
    imported (`rejected`), how many values could not be read per field (`unreadable`) and the year
    given to dates printed without one (`reference_year`)."""

    headline: Headline
    tables: dict[str, pd.DataFrame]
    postings: pd.DataFrame
    positions: pd.DataFrame
    rejected: tuple[Rejection, ...]
    unreadable: dict[str, int]
    reference_year: int
    mappings: tuple[dict[str, object], ...] = ()
    """The column mapping used: one row per column of every file's header blocks (`file`,
    `block`, `column`, `field` or None, `how`: 指定/表头/内容/未用)."""

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document of `python -m recruitment summarize --json`."""
        return {
            **asdict(self.headline),
            **{name: _records(table) for name, table in self.tables.items()},
            "rejected": [asdict(rejection) for rejection in self.rejected],
            "unreadable": self.unreadable,
            "salary_implausible": int(self.positions["salary_implausible"].eq(True).sum()),
            "reference_year": self.reference_year,
            "mapping": list(self.mappings),
        }


def build_report(
    files: Sequence[PostingsFile],
    *,
    reference_year: int | None = None,
    today: dt.date | None = None,
    title_similarity: float = DEFAULT_TITLE_SIMILARITY,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> PostingsReport:
    """Normalise, de-duplicate and aggregate the postings of `files` (`readers.read_postings`).

    Dates printed without a year (`09-03发布`) take `reference_year`; by default the year most
    dated postings of these files state, or the year of `today` if none states one."""
    raw, rejected = combine(files)
    if reference_year is None:
        fallback = (today or dt.date.today()).year
        reference_year = infer_reference_year(raw["posted_text"], fallback)
    postings = normalize_postings(raw, reference_year=reference_year)
    grouped = dedupe(postings, title_similarity=title_similarity, window_days=window_days)
    flagged = grouped.postings["unreadable"]
    counts = flagged[flagged != ""].str.split(";").explode().value_counts()
    return PostingsReport(
        headline=headline(grouped.positions),
        tables=tables(grouped.positions),
        postings=grouped.postings,
        positions=grouped.positions,
        rejected=tuple(rejected),
        unreadable={str(field): int(n) for field, n in counts.sort_index().items()},
        reference_year=reference_year,
        mappings=tuple(mapping_rows(files)),
    )


def mapping_rows(files: Sequence[PostingsFile]) -> list[dict[str, object]]:
    """Every file's column mapping as rows (see `PostingsReport.mappings`)."""
    return [
        {
            "file": file.source,
            "block": number,
            "column": choice.column,
            "field": choice.field,
            "how": choice.how,
        }
        for file in files
        for number, mapping in enumerate(file.mappings, start=1)
        for choice in mapping
    ]


def write_json(report: PostingsReport, path: Path) -> None:
    text = json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def write_xlsx(report: PostingsReport, fp: BinaryIO | Path) -> None:
    """One sheet per table, plus the summary, the positions (if they fit a sheet) and the rejected
    rows; headers in Chinese for the people the file is handed to. Text cells are written as
    text (`intake.exports.neutralised`)."""
    sheets = {"summary": _summary(report), **report.tables}
    if len(report.positions) <= EXCEL_MAX_ROWS:
        positions = report.positions.loc[:, list(POSITION_COLUMNS)]
        sheets["positions"] = positions.assign(
            posted_first=positions["posted_first"].dt.date,
            posted_last=positions["posted_last"].dt.date,
        )
    sheets["rejected"] = pd.DataFrame(
        [asdict(r) for r in report.rejected], columns=["file", "row", "reason"]
    )
    sheets["mapping"] = pd.DataFrame(
        list(report.mappings), columns=["file", "block", "column", "field", "how"]
    ).assign(field=lambda frame: frame["field"].map(LABELS).fillna(IGNORED))
    with pd.ExcelWriter(fp, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralised(frame, xlsx=True).rename(columns=HEADERS).to_excel(
                writer, sheet_name=SHEET_NAMES[name], index=False
            )


def write_csvs(report: PostingsReport, directory: Path) -> list[Path]:
    """Each table as `<name>.csv` (UTF-8 with BOM, so Excel shows the Chinese) in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in report.tables.items():
        path = directory / f"{name}.csv"
        neutralised(table).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def _summary(report: PostingsReport) -> pd.DataFrame:
    figures = {**asdict(report.headline), "rejected": len(report.rejected)}
    return pd.DataFrame(
        {
            "figure": [HEADERS.get(name, "未导入的行数") for name in figures],
            "value": list(figures.values()),
        }
    )


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON objects: missing values as null, numbers as plain numbers."""
    return json.loads(table.to_json(orient="records", force_ascii=False))
