"""How well real board exports read: per file, the figures issue 11 asks for.

    .venv/bin/python benchmarks/recruitment_exports.py FILE... [--map 列=字段,...]

For each file (read on its own, as a user would upload it): rows read as postings, rows rejected,
rows with a title and a company that were not read (must be 0), the share of postings whose
stated salary was read (a salary cell that is not blank, `面议` or per job), the mapping chosen,
the share of postings with a city, and the unique positions whose postings lie in two or more
cities (must be 0). Public APIs only; prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from recruitment.columns import parse_map
from recruitment.normalize import NO_SALARY, PER_JOB_PATTERN
from recruitment.readers import read_postings
from recruitment.report import build_report


def figures(path: Path, mapping: dict[str, str | None]) -> dict[str, object]:
    with path.open("rb") as fp:
        read = read_postings(fp, source=str(path), mapping=mapping)
    report = build_report([read])
    postings = report.postings
    text = postings["salary_text"].str.strip().str.lower()
    stated = ~text.isin(NO_SALARY) & ~text.str.contains(PER_JOB_PATTERN, regex=True)
    read_share = postings.loc[stated, "salary_stated"].mean() if stated.any() else float("nan")
    cities = postings.groupby("position_id")["city"].nunique()
    lost = [r for r in read.rejected if "为空" not in r.reason]
    return {
        "file": path.name,
        "postings": len(postings),
        "rejected": len(read.rejected),
        "rejected_other": len(lost),
        "salary_read": f"{read_share:.1%}" if stated.any() else "—",
        "salary_stated_cells": int(stated.sum()),
        "with_city": f"{postings['city'].notna().mean():.1%}" if len(postings) else "—",
        "positions": len(report.positions),
        "two_city_positions": int((cities > 1).sum()),
        "boards": "、".join(postings["board"].astype("str").unique()[:3]),
        "mapping": " / ".join(read.describe_mapping()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--map", type=parse_map, default={})
    args = parser.parse_args(argv)
    rows = [figures(path, args.map) for path in args.files]
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 250, "display.max_colwidth", 60):
        print(table.drop(columns="mapping").to_string(index=False))
    for row in rows:
        print(f"\n{row['file']}: {row['mapping']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
