"""Check a plan against the problem it answers: what an independent dispatcher would check.

Used by the tests (every planner invariant), by the benchmarks (a fast plan must also be right)
and available to anyone who receives a plan.json with the roster it was made from.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

from routing import duty
from routing.model import Plan, Problem, Rules, Trip, Worker

TOLERANCE_MIN = 0.5  # stop times are printed to the minute


def plan_problems(plan: Plan, problem: Problem) -> list[str]:
    """Every broken promise, in words; an empty list means the plan keeps them all."""
    rules = problem.rules
    workers = {w.row: w for w in problem.workers}
    found: list[str] = []
    placed = Counter(row for trip in plan.trips for stop in trip.stops for row in stop.board)
    placed.update(u.row for u in plan.unassigned)
    expected = set(workers) | {u.row for u in problem.rejected}
    missing, extra = expected - set(placed), set(placed) - expected
    if missing:
        found.append(f"rows neither on a coach nor reported: {sorted(missing)[:10]}")
    if extra:
        found.append(f"rows that are not in the roster: {sorted(extra)[:10]}")
    found += [f"row {row} is placed {count} times" for row, count in placed.items() if count > 1]
    for trip in plan.trips:
        found += _trip_problems(trip, workers, problem)
    limit = rules.max_ride_hours * 60 + TOLERANCE_MIN
    for trip in plan.trips:
        found += [
            f"{trip.id}: row {row} rides {minutes:.0f} min, over the limit"
            for row, minutes in trip.ride_minutes().items()
            if minutes > limit
        ]
    return found


def _trip_problems(trip: Trip, workers: Mapping[int, Worker], problem: Problem) -> list[str]:
    rules = problem.rules
    found = []
    if trip.capacity != rules.capacity(trip.seats):
        found.append(f"{trip.id}: capacity {trip.capacity} is not floor(seats x load factor)")
    if trip.passengers > trip.capacity:
        found.append(f"{trip.id}: {trip.passengers} passengers over capacity {trip.capacity}")
    if len(trip.pickups) > rules.max_pickups:
        found.append(f"{trip.id}: {len(trip.pickups)} pickup stops, over {rules.max_pickups}")
    if len(trip.dropoffs) > rules.max_dropoffs:
        found.append(f"{trip.id}: {len(trip.dropoffs)} drop-offs, over {rules.max_dropoffs}")
    found += _start_problems(trip, problem)
    found += _duty_problems(trip, rules)
    times = [stop.time for stop in trip.stops]
    if times != sorted(times):
        found.append(f"{trip.id}: stop times go backwards")
    for stop in trip.stops:
        for row in stop.board:
            if row in workers and workers[row].origin.key != stop.place.key:
                found.append(f"{trip.id}: row {row} boards at {stop.place.name}, not at home")
        for row in stop.alight:
            employer = problem.employers.get(workers[row].employer) if row in workers else None
            if employer and employer.place.key != stop.place.key:
                found.append(f"{trip.id}: row {row} alights at {stop.place.name}, not at work")
    return found


def _start_problems(trip: Trip, problem: Problem) -> list[str]:
    """A coach leaves from its own depot (its type's home depot, else the problem's) at the
    departure time; its drive and ride clocks run from there."""
    bus = next((b for b in problem.fleet if b.name == trip.bus_type), None)
    home = bus.depot if bus is not None and bus.depot is not None else problem.depot
    start = trip.stops[0]
    found = []
    if start.place.key != home.key:
        found.append(f"{trip.id}: starts at {start.place.name}, not at its depot {home.name}")
    if start.time != problem.rules.depart:
        found.append(f"{trip.id}: leaves at {start.time:%H:%M}, not at the departure time")
    return found


def _duty_problems(trip: Trip, rules: Rules) -> list[str]:
    """The drivers' day: at most drivers x 8 h of driving, and a 20-minute rest (a long stop or a
    road break) for every 4 h of driving. The rest test counts the time the coach stands still."""
    found = []
    if trip.drive_min > duty.drive_limit(rules.drivers_per_coach) + TOLERANCE_MIN:
        found.append(
            f"{trip.id}: 驾驶 {trip.drive_min:.0f} 分钟，超过 "
            f"{rules.drivers_per_coach} 名司机每日上限"
        )
    calls = len(trip.stops) - 2  # stops the coach leaves again
    long_stops = calls if rules.stop_minutes >= duty.BREAK_MINUTES else 0
    needed = max(math.ceil(trip.drive_min / duty.STRETCH_MINUTES) - 1 - long_stops, 0)
    standing = trip.duration_min - trip.drive_min - calls * rules.stop_minutes
    if standing < needed * duty.BREAK_MINUTES - TOLERANCE_MIN:
        found.append(f"{trip.id}: 连续驾驶超过 4 小时却没有 20 分钟休息")
    return found
