"""A geography-free packing model (CP-SAT) as the yardstick for the planner's coach count.

    python benchmarks/packing_reference.py [--workers 2300] [--employers 12] [--origins 61]
        [--load-factor 0.5] [--seeds 0] [--time-limit 300] [--planner-seconds 20]

The model is the one issue 10 measured the planner against: the (home county, employer) groups
of a real-shaped roster (routing/shaped_roster.py) packed into coaches of floor(45 x load factor)
seats that call at no more than 3 home counties and 3 employers, and nothing else: no ride limit,
no road breaks, no distances at all. Per coach k (at most K of them): used[k], pickup[k, county],
employer[k, employer] and riders[k, group] in 0..min(group, seats); a coach carries a group
only if it calls at its county and its employer, at most `seats` riders, at most 3 and 3 stops;
every group is carried whole; coaches used first (symmetry); fewest coaches used. CP-SAT (OR-Tools)
on the machine's cores, for `--time-limit` seconds.

It is a relaxation of the planner's problem: a coach here may join counties no 8-hour ride can
join (信阳市新县 with 菏泽市曹县), so it may need fewer coaches than any legal plan. The planner's
own proven lower bound (`plan.lower_bound`, which counts the ride limit) says how far a legal plan
can go; this script prints both, and our planner's coaches for the same roster. Figures only.
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

from ortools.sat.python import cp_model
from planner_shaped import add_roster_arguments

from routing.model import Problem
from routing.planner import plan_trips
from routing.shaped_roster import shaped_problem


def packing_reference(problem: Problem, seconds: float, seed: int = 0) -> tuple[int, int]:
    """Coaches the geography-free model finds in `seconds`, and CP-SAT's proven bound on it."""
    groups = Counter((w.origin.key, w.employer) for w in problem.workers)
    keys = sorted(groups)
    seats = problem.rules.capacity(problem.fleet[0].seats)
    counties = sorted({county for county, _ in keys})
    employers = sorted({employer for _, employer in keys})
    workers = sum(groups.values())
    most = math.ceil(1.3 * math.ceil(workers / seats)) + 5  # K: room above the seats' bound
    model = cp_model.CpModel()
    used = [model.new_bool_var(f"used{k}") for k in range(most)]
    carried: list[list[cp_model.IntVar]] = [[] for _ in keys]  # per group, its riders per coach
    for k in range(most):
        at = {c: model.new_bool_var("") for c in counties}
        to = {e: model.new_bool_var("") for e in employers}
        model.add(sum(at.values()) <= problem.rules.max_pickups * used[k])
        model.add(sum(to.values()) <= problem.rules.max_dropoffs * used[k])
        riders = []
        for g, (county, employer) in enumerate(keys):
            ride = model.new_int_var(0, min(groups[keys[g]], seats), f"x{k}_{g}")
            model.add(ride == 0).only_enforce_if(at[county].Not())
            model.add(ride == 0).only_enforce_if(to[employer].Not())
            riders.append(ride)
            carried[g].append(ride)
        model.add(sum(riders) <= seats)
        if k + 1 < most:
            model.add(used[k] >= used[k + 1])
    for g, key in enumerate(keys):
        model.add(sum(carried[g]) == groups[key])
    model.minimize(sum(used))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = os.cpu_count() or 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return -1, round(solver.best_objective_bound)
    return round(solver.objective_value), math.ceil(solver.best_objective_bound - 1e-6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_roster_arguments(parser, [0])
    parser.add_argument("--time-limit", type=float, default=300.0, help="CP-SAT's seconds")
    parser.add_argument("--planner-seconds", type=float, default=None, help="our hard cap")
    args = parser.parse_args()
    print(
        f"shape: {args.workers} workers, {args.employers} employers, {args.origins} home "
        f"counties, load factor {args.load_factor:g}; CP-SAT {args.time_limit:g} s on "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}"
    )
    print("| seed | packing model (no geography) | its bound | our planner | our proven bound |")
    print("|---|---|---|---|---|")
    for seed in args.seeds:
        problem = shaped_problem(
            args.workers, args.employers, args.origins, seed, load_factor=args.load_factor
        )
        started = time.perf_counter()
        found, bound = packing_reference(problem, args.time_limit, seed)
        seconds = time.perf_counter() - started
        cap = args.planner_seconds or 20 * args.workers / 2300
        plan = plan_trips(problem, time_limit_s=cap, seed=seed)
        print(
            f"| {seed} | {found if found >= 0 else 'none found'} ({seconds:.0f} s) | {bound} | "
            f"{len(plan.trips)} ({plan.params.solve_seconds:.1f} s) | {plan.lower_bound} "
            f"({plan.bound_method}) |"
        )


if __name__ == "__main__":
    main()
