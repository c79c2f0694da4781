"""A first plan by greedy packing, before any search: fill one coach at a time.

A coach is seeded with the largest group left (workers from one pickup point to one employer) and then
filled with what costs the fewest extra kilometres per passenger: first more of the pickup points and
employers it already serves (free), then a nearby pickup point or another employer, as long as it
keeps to at most N pickup points, M employers and the ride-time limit. The last group that does not
fit is split. The result seeds the OR-Tools search, which then moves loads between coaches.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Demand:
    pickup: int
    dropoff: int
    count: int


@dataclass(frozen=True)
class Tour:
    """The best order to visit a coach's pickup points and then its employers."""

    pickups: tuple[int, ...]
    dropoffs: tuple[int, ...]
    km: float
    ride_minutes: float  # from arriving at the first pickup to arriving at the last employer


TourFinder = Callable[[frozenset[int], frozenset[int]], Tour | None]


def tour_finder(km, minutes, stop_minutes: float, max_ride_minutes: float, depot: int = 0
                ) -> TourFinder:
    """Try every order of pickups and of employers (at most 3! x 3! by default), keep the shortest
    that keeps the ride-time limit. Memoised: packing asks for the same sets many times."""

    @cache
    def best(pickups: frozenset[int], dropoffs: frozenset[int]) -> Tour | None:
        found = None
        for ups in itertools.permutations(sorted(pickups)):
            for downs in itertools.permutations(sorted(dropoffs)):
                path = (*ups, *downs)
                legs = list(itertools.pairwise(path))
                ride = sum(minutes[a][b] for a, b in legs) + stop_minutes * len(legs)
                if ride > max_ride_minutes:
                    continue
                distance = km[depot][path[0]] + sum(km[a][b] for a, b in legs)
                if found is None or distance < found.km:
                    found = Tour(ups, downs, distance, ride)
        return found

    return best


def pack(demands: Sequence[Demand], capacity: int, max_pickups: int, max_dropoffs: int,
         tour: TourFinder) -> list[list[tuple[int, int]]]:
    """Return coaches as lists of (demand index, passengers taken). Every passenger is placed;
    each demand must fit a coach on its own (its direct ride keeps the limit)."""
    left = [d.count for d in demands]
    coaches = []
    while True:
        open_demands = [i for i, count in enumerate(left) if count > 0]
        if not open_demands:
            return coaches
        seed = max(open_demands, key=lambda i: (left[i], tour(
            frozenset({demands[i].pickup}), frozenset({demands[i].dropoff})).km, -i))
        coaches.append(_fill(seed, demands, left, capacity, max_pickups, max_dropoffs, tour))


def _fill(seed: int, demands: Sequence[Demand], left: list[int], capacity: int,
          max_pickups: int, max_dropoffs: int, tour: TourFinder) -> list[tuple[int, int]]:
    pickups = frozenset({demands[seed].pickup})
    dropoffs = frozenset({demands[seed].dropoff})
    current = tour(pickups, dropoffs)
    taken = min(left[seed], capacity)
    left[seed] -= taken
    coach = [(seed, taken)]
    free = capacity - taken
    while free > 0:
        best = None
        for i, count in enumerate(left):
            if count == 0:
                continue
            ups = pickups | {demands[i].pickup}
            downs = dropoffs | {demands[i].dropoff}
            if len(ups) > max_pickups or len(downs) > max_dropoffs:
                continue
            candidate = current if (ups, downs) == (pickups, dropoffs) else tour(ups, downs)
            if candidate is None:
                continue
            take = min(count, free)
            score = ((candidate.km - current.km) / take, -take, i)
            if best is None or score < best[0]:
                best = (score, i, take, ups, downs, candidate)
        if best is None:
            break
        _, i, take, pickups, dropoffs, current = best
        left[i] -= take
        free -= take
        coach.append((i, take))
    return coach
