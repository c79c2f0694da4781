"""One departure of a campaign (routing/campaign.py): who rides today and on which coaches.

1. Everyone whose window is open is offered to the planner (`plan_trips`) together: those whose
   window closes today (they must ride) and those who could still wait.
2. A coach is kept when it carries someone who must ride today, or when it is full (waiting would
   not save it). The other coaches are not booked: their passengers wait for a fuller day.
3. The free seats of the kept coaches are then filled with workers who could still wait, most
   urgent first, by the insertion of `routing.insertion` (`fill`; stop limits, capacity, ride
   limit, drivers' duty).
   Should the day's fleet not suffice for everyone who must ride, the planner is asked again with
   only those, and the waiting workers fill what is left.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from routing.distances import DistanceModel
from routing.insertion import Legs, best_seating
from routing.model import BusType, Plan, PlanParams, Problem, Trip, Unassigned, Worker
from routing.planner import ProgressCallback

Planner = Callable[..., Plan]  # plan_trips' signature
RETRIES = 6  # extra searches for those who must ride today and were left out, while they help
RETRY_SHARE = 0.2  # of a day's time for each
MIN_SEARCH_SECONDS = 1.0


@dataclass
class DayOutcome:
    trips: list[Trip]
    unassigned: list[Unassigned]
    done: set[int]  # rows seated or given up on today
    params: PlanParams


@dataclass(frozen=True)
class Search:
    planner: Planner
    distances: DistanceModel
    budget: float
    seed: int
    report: ProgressCallback

    def __call__(self, problem: Problem, workers: Iterable[Worker], share: float) -> Plan:
        return self.planner(
            dataclasses.replace(problem, workers=tuple(workers)),
            distances=self.distances,
            time_limit_s=max(MIN_SEARCH_SECONDS, self.budget * share),
            seed=self.seed,
            on_progress=self.report,
        )


def plan_day(
    problem: Problem,
    day: int,
    todo: list[Worker],
    windows: Mapping[int, tuple[int, int]],
    legs: Legs,
    search: Search,
) -> DayOutcome:
    must = {w.row for w in todo if windows[w.row][1] == day}
    can_wait = [w for w in todo if w.row not in must]
    together = search(problem, todo, 0.5 if must and can_wait else 1.0)
    kept = [t for t in together.trips if _keeps(t, must)]
    left_out = {u.row for u in together.unassigned if u.constraint == "fleet"}
    if left_out & must and can_wait:  # the day's fleet is short: those who must ride go first
        together = search(problem, [w for w in todo if w.row in must], 0.3)
        kept = list(together.trips)
    unplaced = {u.row: u for u in together.unassigned}
    for _ in range(RETRIES):  # a search cut short by its time can leave loads out: plan them apart
        short = [
            w
            for w in todo
            if w.row in must and w.row in unplaced and unplaced[w.row].constraint == "fleet"
        ]
        fleet = _fleet_left(problem.fleet, kept)
        if not short or not fleet:
            break
        extra = search(dataclasses.replace(problem, fleet=fleet), short, RETRY_SHARE)
        if not extra.trips:
            break
        kept += extra.trips
        for worker in short:
            del unplaced[worker.row]
        unplaced.update((u.row, u) for u in extra.unassigned)
    seated = {row for trip in kept for row in riders(trip)}
    given_up = {row: u for row, u in unplaced.items() if u.constraint != "fleet" or row in must}
    still_waiting = [w for w in can_wait if w.row not in seated and w.row not in given_up]
    kept = fill(kept, still_waiting, windows, problem, legs)
    seated = {row for trip in kept for row in riders(trip)}
    unassigned = [_last_chance(u, windows) for row, u in given_up.items() if row not in seated]
    return DayOutcome(kept, unassigned, seated | {u.row for u in unassigned}, together.params)


def _fleet_left(fleet: Sequence[BusType], used: Iterable[Trip]) -> tuple[BusType, ...]:
    """The day's coach types with what is left of each after `used` (types used up are gone)."""
    taken = Counter(trip.bus_type for trip in used)
    left = tuple(
        bus if bus.count is None else dataclasses.replace(bus, count=bus.count - taken[bus.name])
        for bus in fleet
    )
    return tuple(bus for bus in left if bus.count is None or bus.count > 0)


def _keeps(trip: Trip, must: set[int]) -> bool:
    return trip.passengers >= trip.capacity or any(row in must for row in riders(trip))


def fill(
    trips: list[Trip],
    workers: list[Worker],
    windows: Mapping[int, tuple[int, int]],
    problem: Problem,
    legs: Legs,
    max_shift_min: float | None = None,
) -> list[Trip]:
    """Seat `workers` in the trips' free seats, the most urgent groups first."""
    trips = list(trips)
    groups: dict[tuple[tuple, str], list[Worker]] = defaultdict(list)
    for worker in workers:
        groups[(worker.origin.key, worker.employer)].append(worker)
    order = sorted(
        groups.values(),
        key=lambda g: (min(windows[w.row][1] for w in g), -len(g), min(w.row for w in g)),
    )
    for group in order:
        rows = [w.row for w in sorted(group, key=lambda w: (windows[w.row][1], w.row))]
        origin, employer = group[0].origin, problem.employers[group[0].employer].place
        while rows:
            found = best_seating(
                trips, rows, origin, employer, legs, problem.rules, max_shift_min=max_shift_min
            )
            if found is None:
                break
            index, seating = found
            trips[index] = seating.trip
            rows = [row for row in rows if row not in set(seating.rows)]
    return trips


def _last_chance(item: Unassigned, windows: Mapping[int, tuple[int, int]]) -> Unassigned:
    if item.constraint != "fleet":
        return item
    return Unassigned(
        item.row,
        f"等待期内车辆不足，未能安排 no coach left within the waiting window ({item.reason})",
        "wait_window",
    )


def riders(trip: Trip) -> list[int]:
    return [row for stop in trip.stops for row in stop.board]
