"""Time to make the manifests of a whole plan: PDF, XLSX and CSV, and the command line end to end.

    python benchmarks/manifest_speed.py                    # the sample plan (made once, 10 s search)
    python benchmarks/manifest_speed.py --plan P.json --roster R.csv --repeats 5

Without --plan, the sample roster (`data/rosters/roster.csv`, 2,312 workers) is planned once with
`python -m routing plan ... --time-limit 10` into `out/benchmarks/manifests/`, and reused. Each
repeat runs in a fresh Python process (imports included, as a coordinator would see it); the
command-line figure is the wall time of `python -m routing manifest ... --out FILE.pdf`.
Figures are printed, not asserted: the machine may be busy with other work, so compare medians.
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
SAMPLE = ROOT / "data" / "rosters"
CACHE = ROOT / "out" / "benchmarks" / "manifests"


def measure(plan_path: Path, roster_path: Path, folder: Path) -> dict[str, float]:
    """One run in this process: seconds per step, sizes of what was written."""
    start = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from documents.manifest import build_manifests, read_people
    from documents.manifest_pdf import manifest_pdf
    from documents.manifest_xlsx import arrivals_csv, manifest_csv, manifest_xlsx
    from routing.planfile import read_plan

    imported = time.perf_counter()
    plan = read_plan(plan_path)
    with roster_path.open("rb") as fp:
        people = read_people(fp, source=roster_path.name)
    read = time.perf_counter()
    manifests = build_manifests(plan, people)
    built = time.perf_counter()
    pdf = manifest_pdf(manifests)
    (folder / "manifests.pdf").write_bytes(pdf)
    pdf_done = time.perf_counter()
    xlsx = manifest_xlsx(manifests)
    (folder / "manifests.xlsx").write_bytes(xlsx)
    xlsx_done = time.perf_counter()
    text = manifest_csv(manifests) + arrivals_csv(manifests)
    csv_done = time.perf_counter()
    return {
        "import_s": imported - start,
        "read_s": read - imported,
        "build_s": built - read,
        "pdf_s": pdf_done - built,
        "xlsx_s": xlsx_done - pdf_done,
        "csv_s": csv_done - xlsx_done,
        "total_s": csv_done - start,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "trips": len(manifests),
        "passengers": sum(m.trip.passengers for m in manifests),
        "pdf_mb": len(pdf) / 2**20,
        "xlsx_mb": len(xlsx) / 2**20,
        "csv_chars": len(text),
    }


def sample_plan() -> Path:
    plan = CACHE / "plan.json"
    if not plan.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "routing",
                "plan",
                str(SAMPLE / "roster.csv"),
                "--employers",
                str(SAMPLE / "employers.csv"),
                "--out",
                str(CACHE),
                "--time-limit",
                "10",
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
        )
    return plan


def cli_seconds(plan: Path, roster: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "routing",
            "manifest",
            str(plan),
            "--roster",
            str(roster),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, help="plan.json (default: the sample plan)")
    parser.add_argument("--roster", type=Path, default=SAMPLE / "roster.csv")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    if args.once:
        print(json.dumps(measure(args.plan, args.roster, CACHE)))
        return
    plan = args.plan or sample_plan()
    runs = []
    for _ in range(args.repeats):
        result = subprocess.run(
            [sys.executable, __file__, "--once", "--plan", str(plan), "--roster", str(args.roster)],
            check=True,
            capture_output=True,
            text=True,
        )
        run = json.loads(result.stdout)
        run["cli_pdf_s"] = cli_seconds(plan, args.roster, CACHE / "cli.pdf")
        runs.append(run)
    first = runs[0]
    print(
        f"{first['trips']} trips, {first['passengers']} passengers; "
        f"PDF {first['pdf_mb']:.2f} MB, XLSX {first['xlsx_mb']:.2f} MB; {args.repeats} runs"
    )
    for key in (
        "import_s",
        "read_s",
        "build_s",
        "pdf_s",
        "xlsx_s",
        "csv_s",
        "total_s",
        "cli_pdf_s",
        "peak_rss_mb",
    ):
        values = [run[key] for run in runs]
        print(
            f"{key:>12}: median {statistics.median(values):7.2f}   "
            f"min {min(values):7.2f}   max {max(values):7.2f}"
        )


if __name__ == "__main__":
    main()
