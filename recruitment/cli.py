"""`python -m recruitment summarize FILE... [--map 列=字段,...] [--year 2020] [--json OUT]
[--xlsx OUT] [--csv DIR]` and `python -m recruitment sample [--out DIR] [--postings N] [--seed N]
[--csv-only]`

`summarize` prints the column mapping used for each file and the headline figures of the postings
in the files; `sample` writes the sample board exports (`recruitment.sample`, by default into the
committed data/postings/).
Exit code 0 on success; 2 with a one-line error (in Chinese) on stderr when a file cannot be read or
used, or the arguments are wrong.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from intake import InputError
from intake.cli import fail
from recruitment import sample as postings_sample
from recruitment.columns import parse_map
from recruitment.normalize import UNKNOWN
from recruitment.readers import Export, PostingsFile, read_exports
from recruitment.report import PostingsReport, build_report, write_csvs, write_json, write_xlsx


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line (no usage block) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(fail(f"{self.prog}: {message}"))


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是年份：{text!r}") from None
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"年份 {year} 不在 1990..2100 之间")
    return year


def _mapping(text: str) -> dict[str, str | None]:
    try:
        return parse_map(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parser() -> argparse.ArgumentParser:
    main = _Parser(
        prog="python -m recruitment", description="招聘信息：读取招聘平台导出的文件并汇总"
    )
    commands = main.add_subparsers(dest="command", required=True, parser_class=_Parser)
    summarize = commands.add_parser("summarize", help="招聘信息的主要数字和汇总表")
    summarize.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="招聘平台导出的文件：CSV 或 XLSX，UTF-8 或 GBK",
    )
    summarize.add_argument(
        "--map",
        type=_mapping,
        metavar="列=字段,...",
        default={},
        help="指定某列读作哪个字段，例如 --map 职位=title,薪资范围=salary_text,备注=忽略；"
        "字段可写英文名或中文名（职位、公司、薪资、城市、区县、工作地点……）",
    )
    summarize.add_argument(
        "--year",
        type=_year,
        help="没有写年份的日期按哪一年读（默认：写了年份的日期中最多的那一年，否则今年）",
    )
    summarize.add_argument("--json", type=Path, metavar="OUT.json", help="把数字写成 JSON")
    summarize.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="把汇总表写成工作簿")
    summarize.add_argument("--csv", type=Path, metavar="DIR", help="把每张汇总表写成 CSV")
    sample = commands.add_parser("sample", help="生成示例招聘平台导出文件")
    sample.add_argument("--out", type=Path, default=postings_sample.FOLDER, metavar="DIR")
    sample.add_argument("--postings", type=int, default=postings_sample.TOTAL_POSTINGS)
    sample.add_argument("--seed", type=int, default=postings_sample.SEED)
    sample.add_argument("--csv-only", action="store_true", help="把 XLSX 平台也写成 CSV")
    return main


def summarize(args: argparse.Namespace) -> tuple[list[PostingsFile], PostingsReport]:
    exports = []
    for path in args.files:
        try:
            exports.append(Export(str(path), path.read_bytes(), args.map))
        except OSError as exc:
            raise InputError(f"{path}: 无法读取（{exc.strerror or exc}）") from exc
    results = read_exports(exports)
    del exports  # the files' bytes: not needed while the report is built
    files = []
    for read in results:
        if isinstance(read, InputError):
            raise read
        files.append(read)
    report = build_report(files, reference_year=args.year)
    try:
        if args.json:
            write_json(report, args.json)
        if args.xlsx:
            write_xlsx(report, args.xlsx)
        if args.csv:
            write_csvs(report, args.csv)
    except OSError as exc:
        raise InputError(f"{exc.filename or '输出'}: 无法写入（{exc.strerror or exc}）") from exc
    return files, report


def format_mapping(files: Sequence[PostingsFile]) -> str:
    """The mapping used for each file, one line per header block."""
    return "\n".join(
        f"列的识别 {file.source}: {line}" for file in files for line in file.describe_mapping()
    )


def format_headline(report: PostingsReport) -> str:
    h = report.headline
    median = "无" if h.median_monthly_salary is None else f"{h.median_monthly_salary:,.2f}"
    cities = report.tables["by_city"]
    named = int((cities["city"] != UNKNOWN).sum())
    lines = [
        ("招聘信息条数 postings", f"{h.postings:,}"),
        ("去重后岗位数 unique_positions", f"{h.unique_positions:,}"),
        ("招聘人数 openings", f"{h.openings:,}（另有 {h.openings_unknown:,} 个岗位人数不详）"),
        ("用人单位数 employers", f"{h.employers:,}"),
        ("城市数 cities", f"{named:,}"),
        ("注明薪资占比 salary_stated_share", f"{h.salary_stated_share:.1%}"),
        ("月薪中位数 median_monthly_salary", median),
        ("未导入的行 rejected_rows", f"{len(report.rejected):,}"),
        ("无年份日期按 reference_year", str(report.reference_year)),
    ]
    return "\n".join(f"{name:<32} {value}" for name, value in lines)


def write_sample(args: argparse.Namespace) -> int:
    made = postings_sample.generate(args.postings, args.seed, csv_only=args.csv_only)
    for path in postings_sample.write(made, args.out):
        print(f"{path}: {path.stat().st_size:,} bytes")
    print(f"{args.postings:,} postings, {made.unique_positions:,} unique positions")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "sample":
        try:
            return write_sample(args)
        except OSError as exc:
            return fail(exc)
    try:
        files, report = summarize(args)
    except InputError as exc:
        return fail(exc)
    print(format_mapping(files))
    print(format_headline(report))
    return 0
