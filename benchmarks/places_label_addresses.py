"""Label company addresses for the peer test set by a strict rule, independent of the resolver.

    python benchmarks/places_label_addresses.py ADDR_CSV [COUNT]

ADDR_CSV is cpca's tests/addr.csv (github.com/DQinYuan/chinese_province_city_area_mapper, MIT):
18,000 real company addresses without answers. A row is labelled only when it starts with an
exact chain of full names, `[省]市县` (or `市县` under a municipality), that exists in
`data/places/divisions.csv`; the label is that county. Rows are sampled deterministically and
printed as CSV rows (text, expected, source) for tests/places/peer_cases.csv.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

DIVISIONS = Path(__file__).resolve().parent.parent / "data" / "places" / "divisions.csv"


def chains() -> dict[str, str]:
    """Every '省市县' and '市县' prefix -> the county's full name."""
    with DIVISIONS.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["level"] == "county"]
    found: dict[str, str] = {}
    for row in rows:
        province, prefecture, name = row["province"], row["prefecture"], row["name"]
        full = province + (prefecture if prefecture != province else "") + name
        for prefix in {province + prefecture + name, prefecture + name, full}:
            if prefecture:
                found[prefix] = full
    return found


def label(text: str, known: dict[str, str]) -> str | None:
    matches = {known[text[:n]] for n in range(4, min(len(text), 30) + 1) if text[:n] in known}
    return matches.pop() if len(matches) == 1 else None


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300
    known = chains()
    with open(path, encoding="utf-8") as f:
        rows = [(number, row[0]) for number, row in enumerate(csv.reader(f), start=1) if row][1:]
    labelled = [(n, t, label(t, known)) for n, t in rows]
    labelled = [item for item in labelled if item[2]]
    out = csv.writer(sys.stdout, lineterminator="\n")
    for number, text, expected in sorted(
        random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 12).sample(labelled, count)
    ):
        out.writerow([text, expected, f"cpca tests/addr.csv row {number} (labelled by its prefix)"])


if __name__ == "__main__":
    main()
