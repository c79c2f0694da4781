"""Gap to best-known solutions on CVRPLIB, our engine and plain OR-Tools side by side.

    python benchmarks/cvrplib.py [--time-limits 10 30] [--max-customers 100] [--jobs 2]
                                 [--folder ../shared/benchmarks/cvrplib] [--csv out/cvrplib.csv]

Every instance with at most `--max-customers` customers whose published cost recomputes (the
five listed in the folder's README do not), with 2k vehicles (k from the name), at each time limit.
Each cost is recomputed from the returned routes on the rounded distance matrix, and each plan is
checked (every customer once, capacity kept). Jobs run side by side, one per core: a job's wall
clock is its own time limit.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from routing.search import solve_cvrp
from routing.vrplib import read_instance

BAD_BKS = {"B-n50-k8", "B-n57-k7", "E-n30-k3", "F-n45-k4", "F-n135-k7"}
SOLVERS = ("ours", "plain")


def best_known(path: Path) -> int:
    text = path.with_suffix(".sol").read_text()
    return int(re.search(r"Cost\s+(\d+)", text).group(1))


def run(job: tuple[Path, str, float]) -> tuple[str, str, float, int, int]:
    path, solver, seconds = job
    instance = read_instance(path)
    routes = solve_cvrp(
        instance.distances,
        instance.demands,
        instance.capacity,
        vehicles=instance.default_vehicles,
        time_limit_s=seconds,
        plain=solver == "plain",
    )
    visited = sorted(c for route in routes for c in route)
    assert visited == list(range(1, instance.customers + 1)), (
        f"{path.stem}: not every customer once"
    )
    assert all(sum(instance.demands[c] for c in r) <= instance.capacity for r in routes)
    return path.stem, solver, seconds, instance.cost(routes), best_known(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limits", type=float, nargs="+", default=[10, 30])
    parser.add_argument("--max-customers", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--folder",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared/benchmarks/cvrplib",
    )
    parser.add_argument("--csv", type=Path, default=Path("out/cvrplib.csv"))
    args = parser.parse_args()
    paths = [
        p
        for p in sorted(args.folder.glob("*.vrp"))
        if p.stem not in BAD_BKS and read_instance(p).customers <= args.max_customers
    ]
    jobs = [(p, solver, t) for t in args.time_limits for p in paths for solver in SOLVERS]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(run, jobs))
    args.csv.parent.mkdir(parents=True, exist_ok=True)
    with args.csv.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["instance", "solver", "seconds", "cost", "bks", "gap_percent"])
        for name, solver, seconds, cost, bks in results:
            writer.writerow([name, solver, seconds, cost, bks, f"{(cost - bks) / bks * 100:.2f}"])
    print(f"{len(paths)} instances (n <= {args.max_customers}); per instance in {args.csv}")
    for seconds in args.time_limits:
        gaps = {
            solver: [(c - b) / b * 100 for _, s, t, c, b in results if s == solver and t == seconds]
            for solver in SOLVERS
        }
        print(
            f"{seconds:g} s: mean gap ours {statistics.mean(gaps['ours']):.2f}%, "
            f"plain OR-Tools {statistics.mean(gaps['plain']):.2f}%; at best-known: ours "
            f"{sum(g <= 0 for g in gaps['ours'])}, plain {sum(g <= 0 for g in gaps['plain'])}"
        )


if __name__ == "__main__":
    main()
