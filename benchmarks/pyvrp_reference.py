"""Our planner against PyVRP on the bundled sample: same distances, same seconds, same seeds.

    python benchmarks/pyvrp_reference.py [--time-limit 20] [--seeds 0 1 2] [--piece 15]
                                         [--no-remainder] [--relaxed] [--interleave]

(`pip install -r benchmarks/requirements.txt` adds PyVRP.)

PyVRP (MIT) is the yardstick, not the engine: it cannot bound a passenger's ride time nor count
a coach's pickup points and employers. Its model here is the best relaxation of ours it can hold:

- Every (pickup point, employer) group is cut into near-equal pieces of at most `--piece` workers
  (15 = a third of a coach, the cut our own search uses); each piece is a PyVRP shipment (paired
  pickup and delivery on one vehicle, `Model.add_shipment`) of that many seats. Capacity 45.
- Distances: our geodesic km matrix (road factor 1.3), in integer metres; our planner is handed
  the very same matrix. A coach ends at its last drop-off: PyVRP routes must end at a depot, so
  they end at a dummy depot every place reaches at zero cost. Kilometres are recomputed from the
  routes the way our trips count them (depot, stops, last drop-off) and cross-checked with PyVRP's.
- Fixed cost per vehicle 10^9 (a million km, our planner's own coach cost), so PyVRP minimises
  coaches first, then metres, as we do. PyVRP's largest penalty is raised from 10^5 to 10^11 per
  seat over capacity (or second of time warp): with the default, one more coach costs more than
  any overload and PyVRP never reaches a feasible plan. All other settings are PyVRP's defaults.
- Point-to-point: all pickups before any drop-off. PyVRP has no such rule, but time windows give
  it: pickups close at time H, drop-offs open at H (H far beyond any drive). With `--interleave`
  that rule is left out and PyVRP may drive back out to a county after a drop-off.
- Not modelled (PyVRP cannot): at most 3 pickup points and 3 employers per coach, 8 h ride.
  PyVRP's problem is therefore a relaxation of ours; the script counts the coaches that break
  those rules.

Both solvers' routes are checked as our Trips: PyVRP's are timed as our planner times its trips
(routing.duty, road breaks included), and routing.verify checks every plan under the rules its
solver was given (PyVRP's: seats, pickups before drop-offs; no limit on stops, ride or driving).
The rule breaks counted are those of our rules; a route with a pickup after a drop-off (only
with `--interleave`) is no Trip: it counts as an order break and its riders as not placed.

Each seed runs both solvers one after the other, so they share the machine's load. "whole" gives
both every worker (ours takes full coaches out first, PyVRP decides for itself); "remainder" gives
both only the workers left after our full coaches (groups of 45 or more). `--relaxed` adds our
planner under PyVRP's rules (no stop or ride-time limits), which tells the price of our rules
from the quality of the search. Figures are printed, not asserted: on a shared machine, compare
medians. Method and measured figures: docs/benchmarks-pyvrp.md.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import partial
from pathlib import Path

import numpy as np
from pyvrp import Model, PenaltyParams, SolveParams
from pyvrp.stop import MaxRuntime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from places import Gazetteer
from routing import duty
from routing.distances import GeodesicDistances, Matrices
from routing.geocoding import locate
from routing.inputs import read_employers, read_roster
from routing.model import DEPOT_NAME, BusType, Place, Plan, Problem, Rules, Stop, Trip, Unassigned
from routing.planner import plan_trips
from routing.verify import TOLERANCE_MIN, plan_problems

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "rosters"
SEATS = 45
VEHICLE_COST = 10**9  # metres: a coach costs more than any detour, as in our planner
PHASE_SPLIT = 10**9  # seconds: pickups close and drop-offs open at this time
# PyVRP's penalty range for load and time warp (defaults 0.1 to 10^5 per unit) is scaled for
# CVRPLIB costs; with costs in metres and 10^9 per coach, an overload of one seat must be able to
# cost more than a coach, or the search keeps overloaded coaches and never finds a feasible plan.
PENALTIES = (0.1, 1e11)
FAR = 10**9  # metres from the dummy end depot back anywhere: never driven
NO_LIMIT = 1000  # pickup points, employers, ride hours: our planner with PyVRP's (lack of) rules
UNLIMITED = {"max_pickups": NO_LIMIT, "max_dropoffs": NO_LIMIT, "max_ride_hours": NO_LIMIT}
OURS, RELAXED = "ours (OR-Tools)", "ours, relaxed rules"
PYVRP, INTERLEAVED = "PyVRP", "PyVRP, interleaved"
Call = tuple[str, int, tuple[int, ...]]  # a stop: pickup or dropoff, point in the matrix, rows


# --- The problem and the shared distance matrix ------------------------------------------------


def sample_problem() -> Problem:
    gazetteer = Gazetteer.default()
    rules = Rules()
    with (SAMPLE / "employers.csv").open("rb") as fp:
        employers, _ = read_employers(fp, gazetteer)
    with (SAMPLE / "roster.csv").open("rb") as fp:
        roster = read_roster(fp, employers, gazetteer, depart=rules.depart)
    return Problem(
        tuple(roster.workers), employers, (BusType.chartered(SEATS),), locate(DEPOT_NAME), rules
    )


def remainder(problem: Problem) -> Problem:
    """The workers left when every group of SEATS or more has filled its own coaches (the same
    rows our planner takes out: lowest rows first)."""
    groups: dict[tuple, list] = defaultdict(list)
    for worker in sorted(problem.workers, key=lambda w: w.row):
        groups[(worker.origin.key, worker.employer)].append(worker)
    left = [w for members in groups.values() for w in members[len(members) // SEATS * SEATS :]]
    return replace(problem, workers=tuple(sorted(left, key=lambda w: w.row)), rejected=())


class SharedMatrix:
    """A DistanceModel that answers from one precomputed matrix, so both solvers see the same
    numbers: the geodesic km (road factor 1.3, 70 km/h) between every place of the problem."""

    def __init__(self, places: Sequence[Place]):
        self.base = GeodesicDistances()
        self.places = list(places)
        self.index = {place.key: k for k, place in enumerate(places)}
        self.full = self.base.matrices(places)

    def matrices(self, places: Sequence[Place]) -> Matrices:
        rows = [self.index[place.key] for place in places]
        pick = np.ix_(rows, rows)
        return Matrices(km=self.full.km[pick], minutes=self.full.minutes[pick])

    def describe(self) -> dict[str, object]:
        return self.base.describe()


def places_of(problem: Problem) -> list[Place]:
    """Depot, pickup points, employers: each once, in a fixed order."""
    unique = {problem.depot.key: problem.depot}
    for worker in sorted(problem.workers, key=lambda w: w.row):
        unique.setdefault(worker.origin.key, worker.origin)
    for employer in sorted(problem.employers.values(), key=lambda e: e.name):
        unique.setdefault(employer.place.key, employer.place)
    return list(unique.values())


# --- Routes as trips, checked by routing.verify ------------------------------------------------


@dataclass
class Outcome:
    solver: str
    seed: int
    coaches: int
    km: float
    seconds: float
    problems: list[str]  # broken promises under the solver's own rules (routing.verify): none
    breaks: dict[str, int]  # coaches breaking one of our rules that the solver did not know


def merged(visits: list[Call]) -> list[Call]:
    """Consecutive visits to the same point are one stop (as in our planner)."""
    calls: list[Call] = []
    for kind, point, rows in visits:
        if calls and calls[-1][:2] == (kind, point):
            calls[-1] = (kind, point, calls[-1][2] + rows)
        else:
            calls.append((kind, point, rows))
    return calls


def path_km(points: Sequence[int], shared: SharedMatrix) -> float:
    """Kilometres as our trips count them: depot, stops, last drop-off."""
    return sum(float(shared.full.km[a, b]) for a, b in itertools.pairwise(points))


def as_trip(number: int, calls: list[Call], problem: Problem, shared: SharedMatrix) -> Trip:
    """A route as our Trip: it leaves the depot at the departure time and is timed as our planner
    times its trips (routing.duty: the stop's minutes at every call, road breaks). Trip refuses,
    with ValueError, what is no coach of ours (over capacity, a pickup after a drop-off)."""
    rules, bus = problem.rules, problem.fleet[0]
    points = [0, *(point for _, point, _ in calls)]
    legs = [float(shared.full.minutes[a, b]) for a, b in itertools.pairwise(points)]
    times = duty.arrivals(legs, rules.stop_minutes)
    stops = [Stop("depot", problem.depot, rules.depart)]
    for (kind, point, rows), minutes in zip(calls, times, strict=True):
        riders = {"board" if kind == "pickup" else "alight": tuple(sorted(rows))}
        at = rules.depart + timedelta(minutes=minutes)
        stops.append(Stop(kind, shared.places[point], at, **riders))
    km, duration, drive = (
        round(path_km(points, shared), 1),
        round(times[-1], 1),
        round(sum(legs), 1),
    )
    capacity = rules.capacity(bus.seats)
    return Trip(f"P{number:03d}", bus.name, bus.seats, capacity, tuple(stops), km, duration, drive)


def as_plan(
    routes: list[list[Call]], problem: Problem, shared: SharedMatrix
) -> tuple[Plan, list[str], int]:
    """The routes as a Plan of Trips, what Trip refused, and how many routes have a pickup after
    a drop-off (with `--interleave`: rotations, no coach of ours). The riders of a refused
    route are listed as not placed, so routing.verify still sees every worker once."""
    trips, unassigned, refused, order = [], [], [], 0
    for number, calls in enumerate(routes, start=1):
        try:
            trips.append(as_trip(number, calls, problem, shared))
            continue
        except ValueError as error:
            reason = str(error)
        kinds = [kind for kind, _, _ in calls]
        if "dropoff" in kinds and "pickup" in kinds[kinds.index("dropoff") :]:
            order += 1
        else:
            refused.append(reason)
        rows = sorted({row for kind, _, rows in calls if kind == "pickup" for row in rows})
        unassigned += [Unassigned(row, reason, "pyvrp") for row in rows]
    return Plan(tuple(trips), tuple(unassigned)), refused, order


def rule_breaks(trips: Sequence[Trip], rules: Rules, order: int = 0) -> dict[str, int]:
    """Coaches breaking each of our rules: more pickup stops or drop-off stops than allowed
    (calling twice at one place is two stops), a passenger aboard longer than the ride limit
    (the trip's times, read as routing.verify reads them), and `order`, the routes with a pickup
    after a drop-off (no Trip holds one)."""
    counts = {"pickups": 0, "dropoffs": 0, "ride": 0, "order": order, "any": order}
    for trip in trips:
        broken = {
            "pickups": len(trip.pickups) > rules.max_pickups,
            "dropoffs": len(trip.dropoffs) > rules.max_dropoffs,
            "ride": max(trip.ride_minutes().values()) > rules.max_ride_hours * 60 + TOLERANCE_MIN,
        }
        for rule, bad in broken.items():
            counts[rule] += bad
        counts["any"] += any(broken.values())
    return counts


# --- The two solvers -------------------------------------------------------------------------------


def run_ours(
    problem: Problem, shared: SharedMatrix, time_limit: float, seed: int, *, relaxed: bool = False
) -> Outcome:
    """Our planner under our rules, or (`relaxed`) under PyVRP's: no limit on pickup points,
    employers or ride time. Rule breaks are always counted against our rules."""
    solved = problem
    if relaxed:
        solved = replace(problem, rules=replace(problem.rules, **UNLIMITED))
    started = time.perf_counter()
    plan = plan_trips(solved, distances=shared, time_limit_s=time_limit, seed=seed)
    seconds = time.perf_counter() - started
    km = sum(
        path_km([shared.index[stop.place.key] for stop in trip.stops], shared)
        for trip in plan.trips
    )
    problems = plan_problems(plan, solved)
    problems += [f"row {u.row} unassigned: {u.reason}" for u in plan.unassigned]
    if abs(km - plan.summary.distance_km) > 0.1 * len(plan.trips):  # trips round to 0.1 km
        problems.append(f"our km {plan.summary.distance_km} differs from the matrix's {km:.1f}")
    name = RELAXED if relaxed else OURS
    return Outcome(
        name, seed, len(plan.trips), km, seconds, problems, rule_breaks(plan.trips, problem.rules)
    )


def pieces(
    problem: Problem, shared: SharedMatrix, size: int
) -> list[tuple[int, int, tuple[int, ...]]]:
    """(pickup point, drop-off point, rows): each group cut into near-equal pieces of at most
    `size` workers, as our planner cuts its loads."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for worker in sorted(problem.workers, key=lambda w: w.row):
        employer = problem.employers[worker.employer].place
        groups[(shared.index[worker.origin.key], shared.index[employer.key])].append(worker.row)
    cut = []
    for (pickup, dropoff), rows in groups.items():
        count = math.ceil(len(rows) / size)
        small, extra = divmod(len(rows), count)
        start = 0
        for k in range(count):
            end = start + small + (k < extra)
            cut.append((pickup, dropoff, tuple(rows[start:end])))
            start = end
    return cut


def run_pyvrp(
    problem: Problem,
    shared: SharedMatrix,
    time_limit: float,
    seed: int,
    *,
    piece: int,
    interleave: bool,
    vehicle_cost: int = VEHICLE_COST,
    penalties: tuple[float, float] = PENALTIES,
) -> Outcome:
    started = time.perf_counter()
    shipments = pieces(problem, shared, piece)
    used = sorted({0} | {p for s in shipments for p in s[:2]})
    model = Model()
    locations = {point: model.add_location(0, 0, name=str(point)) for point in used}
    anywhere = model.add_location(0, 0, name="end")
    start = model.add_depot(locations[0], name="zone")
    end = model.add_depot(anywhere, name="last drop-off")
    capacity = problem.rules.capacity(SEATS)  # floor(45 x load factor)
    bound = math.ceil(sum(len(rows) for *_, rows in shipments) / capacity)
    model.add_vehicle_type(
        min(len(shipments), 2 * bound + 10),
        capacity=capacity,
        start_depot=start,
        end_depot=end,
        fixed_cost=vehicle_cost,
    )
    metres = np.rint(shared.full.km * 1000).astype(int)
    seconds = np.rint(shared.full.minutes * 60).astype(int)
    for a in used:
        for b in used:
            model.add_edge(locations[a], locations[b], int(metres[a, b]), int(seconds[a, b]))
        model.add_edge(locations[a], anywhere, 0, 0)
        model.add_edge(anywhere, locations[a], FAR, FAR)
    model.add_edge(anywhere, anywhere, 0, 0)
    split = {} if interleave else {"pickup_tw_late": PHASE_SPLIT, "delivery_tw_early": PHASE_SPLIT}
    for pickup, dropoff, rows in shipments:
        model.add_shipment(locations[pickup], locations[dropoff], amount=len(rows), **split)
    params = SolveParams(penalty=PenaltyParams(min_penalty=penalties[0], max_penalty=penalties[1]))
    result = model.solve(stop=MaxRuntime(time_limit), seed=seed, display=False, params=params)
    elapsed = time.perf_counter() - started
    best = result.best

    def call(act) -> Call:
        pickup, dropoff, rows = shipments[act.idx]
        return ("pickup", pickup, rows) if act.is_pickup() else ("dropoff", dropoff, rows)

    routes = [merged([call(act) for act in route if act.is_shipment()]) for route in best.routes()]
    km = sum(path_km([0, *(point for _, point, _ in calls)], shared) for calls in routes)
    plan, problems, order = as_plan(routes, problem, shared)
    # Checked under the rules PyVRP is given: seats, pickups before drop-offs (its time windows).
    pyvrp_rules = replace(problem.rules, **UNLIMITED, drivers_per_coach=NO_LIMIT)
    problems += plan_problems(plan, replace(problem, rules=pyvrp_rules))
    breaks = rule_breaks(plan.trips, problem.rules, order)
    if not best.is_feasible():
        problems.append("PyVRP's best solution is not feasible in its own model")
    if abs(km - best.distance() / 1000) > 0.001 * len(routes) + 0.01:
        problems.append(f"recomputed {km:.1f} km, PyVRP counts {best.distance() / 1000:.1f} km")
    name = INTERLEAVED if interleave else PYVRP
    return Outcome(name, seed, len(routes), km, elapsed, problems, breaks)


# --- Report ------------------------------------------------------------------------------------------


def report(label: str, outcomes: list[Outcome]) -> None:
    print(f"\n## {label}")
    print(
        f"{'solver':<20} {'seed':>6} {'coaches':>8} {'km':>10} {'seconds':>8}  "
        f"rule breaks (coaches: pickups/drop-offs/ride/order = any)  feasible"
    )
    solvers = list(dict.fromkeys(o.solver for o in outcomes))
    for solver in solvers:
        rows = [o for o in outcomes if o.solver == solver]
        for o in rows:
            b = o.breaks
            print(
                f"{solver:<20} {o.seed:>6} {o.coaches:>8} {o.km:>10.1f} {o.seconds:>8.1f}  "
                f"{b['pickups']}/{b['dropoffs']}/{b['ride']}/{b['order']} = {b['any']} "
                f"of {o.coaches}  {'yes' if not o.problems else 'NO: ' + '; '.join(o.problems[:3])}"
            )
        print(
            f"{solver:<20} {'median':>6} {statistics.median(o.coaches for o in rows):>8g} "
            f"{statistics.median(o.km for o in rows):>10.1f} "
            f"{statistics.median(o.seconds for o in rows):>8.1f}"
        )
    pairs = [(OURS, PYVRP), (RELAXED, PYVRP), (OURS, INTERLEAVED)]
    for mine, other in [(a, b) for a, b in pairs if a in solvers and b in solvers]:
        ours = [o for o in outcomes if o.solver == mine]
        theirs = [o for o in outcomes if o.solver == other]
        for a, b in zip(ours, theirs, strict=True):
            print(
                f"seed {a.seed}: {mine} km vs {other}: {(a.km / b.km - 1) * 100:+.1f}%, "
                f"coaches {a.coaches} vs {b.coaches}"
            )
        km_ours = statistics.median(o.km for o in ours)
        km_theirs = statistics.median(o.km for o in theirs)
        print(
            f"median: {mine} km vs {other}: {(km_ours / km_theirs - 1) * 100:+.1f}%, "
            f"coaches {statistics.median(o.coaches for o in ours):g} vs "
            f"{statistics.median(o.coaches for o in theirs):g}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per solve")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument(
        "--piece",
        type=int,
        default=15,
        help="largest shipment PyVRP gets (workers of one group riding together)",
    )
    parser.add_argument(
        "--no-remainder",
        action="store_true",
        help="skip the second comparison (workers left after full coaches)",
    )
    parser.add_argument(
        "--relaxed",
        action="store_true",
        help="also run our planner without the stop and ride-time limits",
    )
    parser.add_argument(
        "--interleave",
        action="store_true",
        help="also run PyVRP without the pickups-before-drop-offs time windows",
    )
    args = parser.parse_args()
    whole = sample_problem()
    cases = [("whole sample", whole)]
    if not args.no_remainder:
        cases.append(("remainder after full coaches", remainder(whole)))
    shared = SharedMatrix(places_of(whole))
    print(
        f"sample: {len(whole.workers)} workers, "
        f"{len({w.origin.key for w in whole.workers})} pickup points, "
        f"{len(whole.employers)} employers; capacity {SEATS}; time limit {args.time_limit:g} s; "
        f"PyVRP pieces of at most {args.piece}; load average {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} cores"
    )
    for label, problem in cases:
        outcomes = []
        for seed in args.seeds:
            ours = partial(run_ours, problem, shared, args.time_limit, seed)
            theirs = partial(run_pyvrp, problem, shared, args.time_limit, seed, piece=args.piece)
            outcomes += [ours(), theirs(interleave=False)]
            if args.relaxed:
                outcomes.append(ours(relaxed=True))
            if args.interleave:
                outcomes.append(theirs(interleave=True))
        workers = len(problem.workers)
        order = [OURS, PYVRP, RELAXED, INTERLEAVED]
        outcomes.sort(key=lambda o: (order.index(o.solver), o.seed))
        report(
            f"{label}: {workers} workers, {len(pieces(problem, shared, args.piece))} PyVRP "
            f"shipments, lower bound {math.ceil(workers / SEATS)} coaches",
            outcomes,
        )
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
