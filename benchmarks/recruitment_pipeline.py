"""Time and memory of the recruitment pipeline: read, normalise, de-duplicate and aggregate.

    python benchmarks/recruitment_pipeline.py                        # the 8,869 sample postings
    python benchmarks/recruitment_pipeline.py --postings 1000000     # synthetic, CSV only

Each repeat runs in a fresh Python process, so the peak resident memory (`ru_maxrss`) is that of
one run, interpreter and imports included, and the times include what a process does once (loading
the division tables of `places`). `total_s` is from the first file read to the report built;
`import_s`, before it, is importing the pipeline (pandas and the rest); `total_cpu_s` is the CPU
time of `total_s` (less sensitive to other work on a shared machine than the wall clock). Synthetic
files come from `python -m recruitment sample` with the same seed and are kept under
`out/benchmarks/` for the next run. Figures are printed, not asserted (the machine may be busy with
other work: compare medians).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "postings"
SAMPLE_FILES = ("zhaopin.csv", "zhongbu.csv", "51job.csv", "boss.xlsx")
CACHE = ROOT / "out" / "benchmarks"


def measure(paths: list[Path]) -> dict[str, float]:
    """One run in this process: seconds to import the pipeline, read the files, build the report."""
    sys.path.insert(0, str(ROOT))
    imported = time.perf_counter()
    from recruitment.readers import Export, PostingsFile, read_exports
    from recruitment.report import build_report

    start, cpu = time.perf_counter(), time.process_time()
    exports = [Export(path.name, path.read_bytes()) for path in paths]
    files: list[PostingsFile] = []
    for file in read_exports(exports):
        if not isinstance(file, PostingsFile):
            raise file
        files.append(file)
    read = time.perf_counter()
    report = build_report(files)
    done = time.perf_counter()
    return {
        "import_s": start - imported,
        "read_s": read - start,
        "normalise_dedupe_aggregate_s": done - read,
        "total_s": done - start,
        "total_cpu_s": time.process_time() - cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "postings": report.headline.postings,
        "unique_positions": report.headline.unique_positions,
    }


def synthetic_files(postings: int) -> list[Path]:
    folder = CACHE / f"postings-{postings}"
    if not (folder / "zhaopin.csv").exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "recruitment",
                "sample",
                "--postings",
                str(postings),
                "--out",
                str(folder),
                "--csv-only",
            ],
            check=True,
            cwd=ROOT,
        )
    return sorted(folder.glob("*.csv"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, help="synthetic size (default: the sample)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    paths = synthetic_files(args.postings) if args.postings else [SAMPLE / n for n in SAMPLE_FILES]
    runs = []
    for _ in range(args.repeat):
        child = subprocess.run(
            [sys.executable, __file__, "--measure", *map(str, paths)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(child.stdout))
    size = sum(path.stat().st_size for path in paths) / 1e6
    print(f"files: {', '.join(p.name for p in paths)} ({size:.1f} MB)")
    print(f"postings {runs[0]['postings']:,}, unique positions {runs[0]['unique_positions']:,}")
    for key in (
        "import_s",
        "read_s",
        "normalise_dedupe_aggregate_s",
        "total_s",
        "total_cpu_s",
        "peak_rss_mb",
    ):
        values = [run[key] for run in runs]
        listed = ", ".join(f"{v:.2f}" for v in values)
        print(f"{key:<30} median {statistics.median(values):8.2f}   runs: {listed}")


if __name__ == "__main__":
    main()
