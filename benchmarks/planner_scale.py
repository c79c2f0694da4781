"""Plan the bundled sample, or a large synthetic campaign (20,000 workers from 300 counties for
100 employers), and print time, coaches against the lower bound, kilometres and rule checks.

    python benchmarks/planner_scale.py --sample [--time-limit 20] [--seed 0]
    python benchmarks/planner_scale.py [--workers 20000] [--origins 300] [--employers 100]
                                       [--time-limit 110] [--seed 0]

Origins are the county seats nearest the zone (Henan, then Shandong, Anhui, Hebei, ...), employers
are spread over the zone; each employer recruits from a handful of counties. Prints wall time,
coaches against the plan's proven lower bound (at least ceil(workers / capacity)), kilometres,
and whether the plan keeps every rule (routing.verify).
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from places import Gazetteer
from routing.distances import geodesic_km
from routing.geocoding import locate, place_of
from routing.inputs import read_employers, read_roster
from routing.model import DEPOT_NAME, BusType, Employer, Place, Problem, Rules, Worker
from routing.planner import plan_trips
from routing.verify import plan_problems

ZONE = (34.812, 113.560)


def build_problem(workers: int, origins: int, employers: int, seed: int) -> Problem:
    rng = random.Random(seed)
    counties = sorted(
        Gazetteer.default().counties(), key=lambda c: geodesic_km(ZONE[0], ZONE[1], c.lat, c.lon)
    )[:origins]
    sites = {
        f"企业{k:03d}": Employer(
            f"企业{k:03d}",
            Place(
                f"企业{k:03d}",
                ZONE[0] + rng.uniform(-0.05, 0.05),
                ZONE[1] + rng.uniform(-0.07, 0.07),
            ),
        )
        for k in range(employers)
    }
    sizes = [1 / (k + 1) ** 0.8 for k in range(employers)]
    scale = workers / sum(sizes)
    people, row = [], 0
    shuffled = rng.sample(counties, k=len(counties))
    per_employer = math.ceil(len(counties) / employers)  # every county sends someone
    for k, ((name, _), weight) in enumerate(zip(sites.items(), sizes, strict=True)):
        own = shuffled[k * per_employer : (k + 1) * per_employer]
        sources = own + rng.sample(counties, k=rng.randint(0, 5))
        weights = [1 / rank for rank in range(1, len(sources) + 1)]
        for _ in range(round(weight * scale)):
            row += 1
            home = rng.choices(sources, weights)[0]
            people.append(Worker(row, f"w{row}", f"id{row}", "13800000000", place_of(home), name))
    return Problem(
        tuple(people), sites, (BusType.chartered(45),), Place(DEPOT_NAME, *ZONE), Rules()
    )


def sample_problem() -> Problem:
    """The bundled sample exactly as `python -m routing plan` reads it."""
    gazetteer, rules = Gazetteer.default(), Rules()
    with open("data/rosters/employers.csv", "rb") as f:
        employers, _ = read_employers(f, gazetteer)
    with open("data/rosters/roster.csv", "rb") as f:
        roster = read_roster(io.BytesIO(f.read()), employers, gazetteer, depart=rules.depart)
    return Problem(
        tuple(roster.workers),
        {e.name: e for e in employers.values()},
        (BusType.chartered(45),),
        locate(DEPOT_NAME),
        rules,
        tuple(roster.rejected),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="plan the bundled sample roster")
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--origins", type=int, default=300)
    parser.add_argument("--employers", type=int, default=100)
    parser.add_argument("--time-limit", type=float, default=110.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    problem = (
        sample_problem()
        if args.sample
        else build_problem(args.workers, args.origins, args.employers, args.seed)
    )
    started = time.perf_counter()
    plan = plan_trips(problem, time_limit_s=args.time_limit, seed=args.seed)
    wall = time.perf_counter() - started
    summary = plan.summary
    seats = math.ceil(summary.assigned / problem.rules.capacity(45))
    bound = plan.lower_bound
    origins = len({w.origin.key for w in problem.workers})
    print(
        f"valid workers {len(problem.workers)}, origins {origins}, employers {len(problem.employers)}"
    )
    print(
        f"wall {wall:.1f} s (time limit {args.time_limit:g} s), planner "
        f"{plan.params.extra['planner']}"
    )
    print(
        f"assigned {summary.assigned}, unassigned {summary.unassigned} "
        f"{dict(Counter(u.constraint for u in plan.unassigned))}"
    )
    print(
        f"coaches {summary.trips}, the plan's lower bound {bound} ({plan.bound_method}; "
        f"seats alone {seats}) (+{(summary.trips / bound - 1) * 100:.1f}%), "
        f"{summary.distance_km:,.0f} km"
    )
    problems = plan_problems(plan, problem)
    print(f"rule violations: {len(problems)}", *problems[:5], sep="\n")


if __name__ == "__main__":
    main()
