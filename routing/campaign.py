"""Planning in a running campaign: late registrations after a plan was published.

Published trips do not move (coaches are booked, workers told); workers who registered since are
planned into new trips numbered after the published ones. Re-planning everything is the other
choice, and the planner's plain `plan_trips` does that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from routing.model import BusType, Employer, Place, Plan, Problem, Rules, Unassigned, Worker


def problem_for(workers: Iterable[Worker], employers: Mapping[str, Employer],
                fleet: tuple[BusType, ...], depot: Place, rules: Rules) -> Problem:
    """Registered workers as a problem for one departure: a worker not ready by then, or whose
    employer has no location, is reported rather than planned."""
    ready, rejected = [], []
    for worker in workers:
        if worker.employer not in employers:
            rejected.append(Unassigned(worker.row, f"employer {worker.employer} has no location",
                                       "input"))
        elif worker.ready_date and worker.ready_date > rules.depart.date():
            rejected.append(Unassigned(worker.row, f"ready from {worker.ready_date.isoformat()}, "
                                       f"after the departure on {rules.depart.date().isoformat()}",
                                       "ready_date"))
        else:
            ready.append(worker)
    return Problem(tuple(ready), dict(employers), fleet, depot, rules, tuple(rejected))


def without_boarded(problem: Problem, published: Plan) -> Problem:
    """The problem left once the published trips' passengers are taken out."""
    boarded = set(published.assigned_rows)
    return dataclasses.replace(
        problem,
        workers=tuple(w for w in problem.workers if w.row not in boarded),
        rejected=tuple(u for u in problem.rejected if u.row not in boarded),
    )


def follow_up(published: Plan, late: Plan) -> Plan:
    """Published trips as they are, then the late plan's trips renumbered after them."""
    taken = {trip.id for trip in published.trips}
    trips = list(published.trips)
    number = len(published.trips)
    for trip in late.trips:
        number += 1
        while f"T{number:03d}" in taken:
            number += 1
        trips.append(dataclasses.replace(trip, id=f"T{number:03d}"))
    params = {**late.params, "follow_up_of_trips": len(published.trips)}
    return Plan(trips=tuple(trips), unassigned=late.unassigned, params=params)
