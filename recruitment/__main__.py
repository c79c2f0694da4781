"""`python -m recruitment summarize FILE... [--year 2020] [--json OUT] [--xlsx OUT] [--csv DIR]`

Prints the headline figures of the postings in the files. Exit code 0 on success; 2 with a one-line
error on stderr when a file cannot be read or used, or the arguments are wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from intake import InputError
from recruitment.readers import read_postings
from recruitment.report import PostingsReport, build_report, write_csvs, write_json, write_xlsx

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line (no usage block) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"year {year} is outside 1990..2100")
    return year


def parser() -> argparse.ArgumentParser:
    main = _Parser(prog="python -m recruitment", description=__doc__.split("\n\n")[1])
    commands = main.add_subparsers(dest="command", required=True, parser_class=_Parser)
    summarize = commands.add_parser(
        "summarize", help="headline figures and tables of job-board exports"
    )
    summarize.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="board exports: CSV or XLSX, UTF-8 or GBK",
    )
    summarize.add_argument(
        "--year",
        type=_year,
        help="year for dates printed without one (default: the year most "
        "dated postings state, else this year)",
    )
    summarize.add_argument("--json", type=Path, metavar="OUT.json", help="write the figures here")
    summarize.add_argument(
        "--xlsx", type=Path, metavar="OUT.xlsx", help="write the tables as a workbook here"
    )
    summarize.add_argument("--csv", type=Path, metavar="DIR", help="write each table as CSV here")
    return main


def summarize(args: argparse.Namespace) -> PostingsReport:
    files = []
    for path in args.files:
        try:
            with path.open("rb") as fp:
                files.append(read_postings(fp, source=str(path)))
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    report = build_report(files, reference_year=args.year)
    try:
        if args.json:
            write_json(report, args.json)
        if args.xlsx:
            write_xlsx(report, args.xlsx)
        if args.csv:
            write_csvs(report, args.csv)
    except OSError as exc:
        raise InputError(
            f"{exc.filename or 'output'}: cannot write ({exc.strerror or exc})"
        ) from exc
    return report


def format_headline(report: PostingsReport) -> str:
    h = report.headline
    median = "n/a" if h.median_monthly_salary is None else f"{h.median_monthly_salary:,.2f}"
    lines = [
        ("postings", f"{h.postings:,}"),
        ("unique_positions", f"{h.unique_positions:,}"),
        ("openings", f"{h.openings:,} (+ {h.openings_unknown:,} positions with unknown headcount)"),
        ("employers", f"{h.employers:,}"),
        ("salary_stated_share", f"{h.salary_stated_share:.1%}"),
        ("median_monthly_salary", median),
        ("rejected_rows", f"{len(report.rejected):,}"),
        ("reference_year", str(report.reference_year)),
    ]
    return "\n".join(f"{name:<22} {value}" for name, value in lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        report = summarize(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(format_headline(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
