"""How well de-duplication finds the sample generator's duplicates (pairwise precision/recall).

    python benchmarks/recruitment_quality.py                     # the 8,869 sample postings
    python benchmarks/recruitment_quality.py --postings 100000   # a larger synthetic sample

The generator knows which accepted rows are copies of one position; a pair of postings is a true
pair when they are, a found pair when `recruitment.dedupe` puts them in one position. The sample's
messiness is the generator's (see docs/recruitment.md), so these figures are an upper bound for
real exports.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def pairs(groups: np.ndarray) -> set[tuple[int, int]]:
    found = set()
    order = np.argsort(groups, kind="stable")
    boundaries = np.flatnonzero(np.diff(groups[order])) + 1
    for members in np.split(order, boundaries):
        found.update((int(a), int(b)) for i, a in enumerate(members) for b in members[i + 1 :])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=8869)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from recruitment import sample as generator
    from recruitment.readers import read_postings
    from recruitment.report import build_report

    sample = generator.generate(args.postings, csv_only=args.postings > 8869)
    files = [read_postings(io.BytesIO(data), source=name) for name, data in sample.files.items()]
    postings = build_report(files).postings
    truth = np.array(
        [
            sample.truth[(s, int(r))]
            for s, r in zip(postings["source"], postings["row"], strict=True)
        ]
    )
    true, found = pairs(truth), pairs(postings["position_id"].to_numpy())
    both = len(true & found)
    print(
        f"postings {len(postings):,}; true positions {sample.unique_positions:,}; "
        f"found {postings['position_id'].nunique():,}"
    )
    print(f"duplicate pairs: true {len(true):,}, found {len(found):,}, both {both:,}")
    print(f"precision {both / max(len(found), 1):.4f}  recall {both / max(len(true), 1):.4f}")


if __name__ == "__main__":
    main()
