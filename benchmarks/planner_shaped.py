"""The planner on rosters of the real shape (routing/shaped_roster.py): coaches against the plan's
proven lower bound, km against PyVRP given the same seconds and the same distances, and rule
violations (routing.verify, must be 0).

    python benchmarks/planner_shaped.py [--workers 2300] [--employers 12] [--origins 61]
        [--load-factor 0.5] [--seeds 0 1 2] [--time-limit 20] [--no-pyvrp]

PyVRP gets the relaxation benchmarks/pyvrp_reference.py builds (shipments from county to
employer, pickups before drop-offs; no limit on pickup points, employers or ride hours), pieces of
at most a third of a coach. Prints one markdown row per seed and solver. Timings are wall clock on
whatever machine runs it: on a shared machine they are noisy.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pyvrp_reference import SEATS, SharedMatrix, places_of, run_pyvrp

from routing.planner import plan_trips
from routing.shaped_roster import shaped_problem
from routing.verify import plan_problems


def add_roster_arguments(parser: argparse.ArgumentParser, seeds: list[int]) -> None:
    """The roster's shape (routing/shaped_roster.py) and seeds, as the shaped benchmarks take
    them."""
    parser.add_argument("--workers", type=int, default=2300)
    parser.add_argument("--employers", type=int, default=12)
    parser.add_argument("--origins", type=int, default=61)
    parser.add_argument("--load-factor", type=float, default=0.5)
    parser.add_argument("--seeds", type=int, nargs="+", default=seeds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_roster_arguments(parser, [0, 1, 2])
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--no-pyvrp", action="store_true", help="only our planner")
    args = parser.parse_args()
    print(
        f"shape: {args.workers} workers, {args.employers} employers, {args.origins} home "
        f"counties, load factor {args.load_factor:g}, 3 pickups, 3 employers, 8 h; "
        f"time limit {args.time_limit:g} s; load average {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )
    print(
        "| seed | groups (singletons) | coaches | bound (how) | gap | km | PyVRP coaches | "
        "PyVRP km | km vs PyVRP | violations | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for seed in args.seeds:
        problem = shaped_problem(
            args.workers, args.employers, args.origins, seed, load_factor=args.load_factor
        )
        shared = SharedMatrix(places_of(problem))
        groups: dict[tuple, int] = {}
        for worker in problem.workers:
            key = (worker.origin.key, worker.employer)
            groups[key] = groups.get(key, 0) + 1
        singles = sum(1 for n in groups.values() if n == 1)
        started = time.perf_counter()
        plan = plan_trips(problem, distances=shared, time_limit_s=args.time_limit, seed=seed)
        seconds = time.perf_counter() - started
        violations = plan_problems(plan, problem)
        unplaced = Counter(u.constraint for u in plan.unassigned)
        if set(unplaced) - {"max_ride_time"}:  # a home over 8 h from work may not ride
            violations.append(f"workers not placed: {dict(unplaced)}")
        coaches, bound = len(plan.trips), plan.lower_bound
        km = plan.summary.distance_km
        theirs = ("", "", "")
        if not args.no_pyvrp:
            piece = math.ceil(problem.rules.capacity(SEATS) / 3)
            outcome = run_pyvrp(
                problem, shared, args.time_limit, seed, piece=piece, interleave=False
            )
            feasible = "" if not outcome.problems else " (infeasible)"
            theirs = (
                f"{outcome.coaches}{feasible}",
                f"{outcome.km:,.0f}",
                f"{(km / outcome.km - 1) * 100:+.1f}%",
            )
        print(
            f"| {seed} | {len(groups)} ({singles}) | {coaches} | {bound} "
            f"({plan.bound_method}) | {(coaches / bound - 1) * 100:+.1f}% | {km:,.0f} | "
            f"{theirs[0]} | {theirs[1]} | {theirs[2]} | {len(violations)} | {seconds:.1f} |"
            + (f" ({unplaced['max_ride_time']} live over 8 h away: reported)" if unplaced else "")
        )
        for problem_text in violations[:3]:
            print(f"    {problem_text}")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
