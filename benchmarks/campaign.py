"""A campaign over several days against planning each day on its own; statements for it.

    python benchmarks/campaign.py --sample [--days 10] [--max-wait-days 2] [--time-limit S]
    python benchmarks/campaign.py --workers 20000 [--time-limit S] [--statements] [--skip-alone]
    python benchmarks/campaign.py --sample --write-roster out/roster-10days.csv
    python benchmarks/campaign.py --workers 20000 --statements --skip-alone --plan-out DIR
    python benchmarks/campaign.py --workers 20000 --statements --plan FILE   # statements only

Every valid worker gets a ready date spread evenly at random (seeded) over the campaign's days.
The campaign is planned twice: with the waiting window, and with none (`--max-wait-days 0`:
each worker rides on the day they are ready, which is planning each day on its own). Prints
coaches, kilometres, waiting days, wall time, and the checks: every worker rides on or after the
day they are ready and inside the window, and no rule is broken (routing.verify per departure).
`--write-roster` writes the sample roster with the spread ready dates (what the README's command
line figure is measured on) and stops. `--plan-out DIR` keeps the campaign's plan.json; `--plan`
reads one back instead of planning (the same roster is rebuilt from the seed), to time the
statements alone. The time limit is a hard cap, by default the command line's (`python -m routing
plan --days N`: 30 s per 2,300 workers, at least 30, per departure day); the planner's work is
counted, so a run ends when that work is done. Load averages are printed next to the times: on
a shared machine the wall figure is not the program's alone.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from benchmarks.planner_scale import build_problem
from places import Gazetteer
from routing.campaign import Campaign, plan_campaign
from routing.geocoding import locate
from routing.inputs import read_employers, read_roster
from routing.model import DEPOT_NAME, BusType, Plan, Problem, Rules
from routing.planfile import read_plan, write_plan
from routing.planner import default_time_limit
from routing.sample import build_sample
from routing.verify import plan_problems

FIRST = dt.datetime(2020, 2, 20, 6, 0)


def spread_ready_dates(problem: Problem, days: int, seed: int) -> Problem:
    rng = random.Random(seed)
    workers = tuple(
        dataclasses.replace(w, ready_date=FIRST.date() + dt.timedelta(days=rng.randrange(days)))
        for w in problem.workers
    )
    return dataclasses.replace(problem, workers=workers)


def spread_roster_csv(roster_csv: str, days: int, seed: int) -> str:
    """The sample roster with every row's 最早出发 replaced by a date in the campaign."""
    rng = random.Random(seed)
    rows = list(csv.reader(io.StringIO(roster_csv)))
    column = rows[0].index("最早出发")
    for row in rows[1:]:
        row[column] = (FIRST.date() + dt.timedelta(days=rng.randrange(days))).isoformat()
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def sample_problem() -> Problem:
    sample, gazetteer = build_sample(), Gazetteer.default()
    employers, _ = read_employers(io.BytesIO(sample.employers_csv.encode()), gazetteer)
    roster = read_roster(io.BytesIO(sample.roster_csv.encode()), employers, gazetteer, depart=None)
    return Problem(
        tuple(roster.workers),
        {e.name: e for e in employers.values()},
        (BusType.chartered(45),),
        locate(DEPOT_NAME),
        Rules(),
        tuple(roster.rejected),
    )


def window_breaches(plan: Plan, problem: Problem, campaign: Campaign) -> int:
    ready = {w.row: w.ready_date for w in problem.workers}
    breaches = 0
    for trip in plan.trips:
        day = campaign.departures.index(trip.stops[0].time)
        for row in (r for stop in trip.stops for r in stop.board):
            first, last = campaign.window(ready[row])
            breaches += not first <= day <= last
    return breaches


def rule_breaches(plan: Plan, problem: Problem) -> int:
    """routing.verify on each departure's trips against the workers riding that day."""
    found = 0
    rows = {w.row: w for w in problem.workers}
    for depart in sorted({t.stops[0].time for t in plan.trips}):
        trips = tuple(t for t in plan.trips if t.stops[0].time == depart)
        riders = [rows[r] for t in trips for s in t.stops for r in s.board]
        day = dataclasses.replace(
            problem,
            workers=tuple(riders),
            rejected=(),
            rules=dataclasses.replace(problem.rules, depart=depart),
        )
        found += len(plan_problems(Plan(trips, ()), day))
    return found


def run(problem: Problem, campaign: Campaign, time_limit: float, seed: int) -> Plan:
    started = time.perf_counter()
    plan = plan_campaign(problem, campaign, time_limit_s=time_limit, seed=seed)
    wall = time.perf_counter() - started
    summary, info = plan.summary, plan.params.campaign
    assert info is not None  # plan_campaign always records it
    print(
        f"max wait {campaign.max_wait_days} d: {summary.trips} coaches, "
        f"{summary.distance_km:,.0f} km, {summary.assigned} placed, "
        f"{summary.unassigned} not {dict(Counter(u.constraint for u in plan.unassigned))}, "
        f"waiting {info.waiting_days} worker-days ({info.workers_waiting} workers), "
        f"wall {wall:.1f} s (load average {_load()}); window breaches {window_breaches(plan, problem, campaign)}, "
        f"rule breaches {rule_breaches(plan, problem)}"
    )
    return plan


def statements_time(plan: Plan, problem: Problem, out: Path) -> None:
    """Statements as `python -m routing statements` makes them, from the plan and the people."""
    from documents.roster import Contact
    from documents.statement_files import write_statements
    from documents.statements import CoachCost, build_statements

    contacts = {w.row: Contact(w.name, w.phone, w.origin.name, w.employer) for w in problem.workers}
    gazetteer = Gazetteer.default()
    started, cpu = time.perf_counter(), time.process_time()
    statements = build_statements(
        plan,
        contacts,
        {BusType.chartered(45).name: CoachCost(6.5, 800)},
        prefecture_of=lambda text: gazetteer.resolve(text).prefecture,
    )
    files = write_statements(statements, out)
    print(
        f"statements: {len(statements.employers)} employers, {len(files)} files in "
        f"{time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU; "
        f"load average {_load()}"
    )


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="the bundled sample roster")
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--max-wait-days", type=int, default=2)
    parser.add_argument(
        "--time-limit", type=float, help="hard cap per campaign (default: the command line's)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--statements", action="store_true", help="also time the statements")
    parser.add_argument(
        "--skip-alone", action="store_true", help="do not also plan each day on its own"
    )
    parser.add_argument("--write-roster", type=Path, help="write the spread sample roster only")
    parser.add_argument("--plan-out", type=Path, help="write the campaign's plan.json here")
    parser.add_argument("--plan", type=Path, help="a plan.json of this roster: no planning")
    args = parser.parse_args()
    if args.write_roster:
        args.write_roster.parent.mkdir(parents=True, exist_ok=True)
        args.write_roster.write_text(
            spread_roster_csv(build_sample().roster_csv, args.days, args.seed), encoding="utf-8-sig"
        )
        print(f"wrote {args.write_roster}")
        return
    base = sample_problem() if args.sample else build_problem(args.workers, 300, 100, args.seed)
    problem = spread_ready_dates(base, args.days, args.seed)
    cap = args.time_limit or default_time_limit(len(problem.workers)) * args.days
    print(
        f"{len(problem.workers)} workers ready over {args.days} days from {FIRST:%Y-%m-%d}; "
        f"load average {_load()}"
    )
    if args.plan:
        plan = read_plan(args.plan)
    else:
        plan = run(
            problem,
            Campaign.daily(FIRST, args.days, args.max_wait_days),
            cap,
            args.seed,
        )
    if args.plan_out:
        write_plan(plan, args.plan_out)
    if not args.skip_alone and not args.plan:
        run(problem, Campaign.daily(FIRST, args.days, 0), cap, args.seed)
    if args.statements:
        with tempfile.TemporaryDirectory() as folder:
            statements_time(plan, problem, Path(folder))


if __name__ == "__main__":
    main()
