"""Free seats in trips that exist: seat more workers on a coach without breaking its rules.

Used twice: a campaign fills the free seats of a day's coaches with workers who could still wait,
and after publishing, a late registration joins a published trip before any new coach is booked.
A group (workers from one pickup point to one employer) joins a trip at the stops it already makes
or at one new pickup and/or one new drop-off, wherever that adds the fewest kilometres, as long as
the trip keeps its stop limits, its capacity and every passenger's ride limit, and (for published
trips) no stop moves by more than a set number of minutes.

Stop times are shifted, not recomputed: a new stop adds its detour to the stops after it, and any
waiting the planner built into a gap (a driver's break) stays in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from routing.distances import DistanceModel, GeodesicDistances, Matrices
from routing.model import Place, Rules, Stop, Trip

Key = tuple[str, float, float]


class Legs:
    """Kilometres and minutes between places, computed in one matrix up front (one OSRM table call
    rather than one per pair, one geodesic per pair for a whole campaign); a place not known yet
    is added by computing the matrix again. Legs is itself a distance model, so every planner call
    of a campaign reads its matrices from here instead of computing them anew."""

    def __init__(self, places: Iterable[Place], distances: DistanceModel | None = None) -> None:
        self.distances = distances or GeodesicDistances()
        self._index: dict[Key, int] = {}
        self._places: list[Place] = []
        self._km = np.zeros((0, 0))
        self._minutes = np.zeros((0, 0))
        self.add(places)

    def add(self, places: Iterable[Place]) -> None:
        fresh = [p for p in {p.key: p for p in places}.values() if p.key not in self._index]
        if not fresh:
            return
        for place in fresh:
            self._index[place.key] = len(self._places)
            self._places.append(place)
        matrices = self.distances.matrices(self._places)
        self._km, self._minutes = matrices.km, matrices.minutes

    def matrices(self, places: Sequence[Place]) -> Matrices:
        self.add(places)
        rows = [self._index[p.key] for p in places]
        return Matrices(km=self._km[np.ix_(rows, rows)], minutes=self._minutes[np.ix_(rows, rows)])

    def describe(self) -> dict[str, object]:
        return self.distances.describe()

    def km(self, a: Place, b: Place) -> float:
        if a.key not in self._index or b.key not in self._index:
            self.add((a, b))
        return float(self._km[self._index[a.key], self._index[b.key]])

    def minutes(self, a: Place, b: Place) -> float:
        if a.key not in self._index or b.key not in self._index:
            self.add((a, b))
        return float(self._minutes[self._index[a.key], self._index[b.key]])


@dataclass(frozen=True)
class Seating:
    """How a group joins one trip: the trip as it would be, the rows seated, the km added."""

    trip: Trip
    rows: tuple[int, ...]
    added_km: float


def best_seating(trips: Sequence[Trip], rows: Sequence[int], origin: Place, employer: Place,
                 legs: Legs, rules: Rules, *, max_shift_min: float | None = None
                 ) -> tuple[int, Seating] | None:
    """The trip (its index in `trips`) where the group gets the most seats for the fewest added
    kilometres per seat; None when no trip can take anyone."""
    best: tuple[float, int, Seating] | None = None
    for index, trip in enumerate(trips):
        seating = seat_group(trip, rows, origin, employer, legs, rules, max_shift_min=max_shift_min)
        if seating is None:
            continue
        score = seating.added_km / len(seating.rows)
        if best is None or score < best[0] - 1e-9:
            best = (score, index, seating)
    return None if best is None else (best[1], best[2])


def seat_group(trip: Trip, rows: Sequence[int], origin: Place, employer: Place, legs: Legs,
               rules: Rules, *, max_shift_min: float | None = None) -> Seating | None:
    """Seat as many of `rows` (workers from `origin` to `employer`) on `trip` as it has free seats,
    by the cheapest insertion that keeps the rules; None when none fits."""
    free = trip.capacity - trip.passengers
    if free <= 0 or not rows:
        return None
    seated = tuple(sorted(rows)[:free])
    options = sorted(_insertions(trip, origin, employer, legs, rules), key=lambda o: o[0])
    for added_km, pickup_at, dropoff_at in options:
        changed = _with_group(trip, seated, origin, employer, pickup_at, dropoff_at, legs, rules,
                              added_km)
        if _keeps_rules(changed, trip, rules, max_shift_min):
            return Seating(changed, seated, added_km)
    return None


def _insertions(trip: Trip, origin: Place, employer: Place, legs: Legs, rules: Rules
                ) -> Iterable[tuple[float, int | None, int | None]]:
    """(added km, where a new pickup goes, where a new drop-off goes); None = the stop exists.
    Positions are indices into the old stop list: the new stop goes before that stop."""
    stops = trip.stops
    kinds = [s.kind for s in stops]
    first_drop = kinds.index("dropoff") if "dropoff" in kinds else len(stops)
    has_pickup = any(s.kind == "pickup" and s.place.key == origin.key for s in stops)
    has_drop = any(s.kind == "dropoff" and s.place.key == employer.key for s in stops)
    if has_pickup:
        pickup_options: list[int | None] = [None]
    elif len(trip.pickups) < rules.max_pickups:
        pickup_options = list(range(1, first_drop + 1))
    else:
        return
    if has_drop:
        drop_options: list[int | None] = [None]
    elif len(trip.dropoffs) < rules.max_dropoffs:
        drop_options = list(range(first_drop, len(stops) + 1))
    else:
        return
    for pickup_at in pickup_options:
        for dropoff_at in drop_options:
            places = _new_order(trip, origin, employer, pickup_at, dropoff_at)
            added = sum(legs.km(a, b) for a, b in itertools.pairwise(places))
            old = [s.place for s in stops]
            added -= sum(legs.km(a, b) for a, b in itertools.pairwise(old))
            yield added, pickup_at, dropoff_at


def _new_order(trip: Trip, origin: Place, employer: Place, pickup_at: int | None,
               dropoff_at: int | None) -> list[Place]:
    places: list[Place] = []
    for index, stop in enumerate(trip.stops):
        if index == pickup_at:
            places.append(origin)
        if index == dropoff_at:
            places.append(employer)
        places.append(stop.place)
    if pickup_at == len(trip.stops):
        places.append(origin)
    if dropoff_at == len(trip.stops):
        places.append(employer)
    return places


def _with_group(trip: Trip, rows: tuple[int, ...], origin: Place, employer: Place,
                pickup_at: int | None, dropoff_at: int | None, legs: Legs, rules: Rules,
                added_km: float) -> Trip:
    # Each entry: (stop, the old stop it was, or None for a new one).
    entries: list[tuple[Stop, Stop | None]] = []
    for index, stop in enumerate(trip.stops):
        if index == pickup_at:
            entries.append((Stop("pickup", origin, stop.time, board=rows), None))
        if index == dropoff_at:
            entries.append((Stop("dropoff", employer, stop.time, alight=rows), None))
        entries.append((_joined(stop, rows, origin, employer), stop))
    if pickup_at == len(trip.stops):
        entries.append((Stop("pickup", origin, trip.stops[-1].time, board=rows), None))
    if dropoff_at == len(trip.stops):
        entries.append((Stop("dropoff", employer, trip.stops[-1].time, alight=rows), None))
    stops = _retimed(entries, legs, rules)
    duration = (stops[-1].time - stops[0].time).total_seconds() / 60
    return dataclasses.replace(trip, stops=tuple(stops),
                               distance_km=round(trip.distance_km + added_km, 1),
                               duration_min=round(duration, 1))


def _joined(stop: Stop, rows: tuple[int, ...], origin: Place, employer: Place) -> Stop:
    """An existing stop with the group boarding or alighting there, when it is theirs."""
    if stop.kind == "pickup" and stop.place.key == origin.key:
        return dataclasses.replace(stop, board=tuple(sorted(stop.board + rows)))
    if stop.kind == "dropoff" and stop.place.key == employer.key:
        return dataclasses.replace(stop, alight=tuple(sorted(stop.alight + rows)))
    return stop


def _retimed(entries: list[tuple[Stop, Stop | None]], legs: Legs, rules: Rules) -> list[Stop]:
    """A gap between two stops that were neighbours keeps its length; a gap next to a new stop is
    the stop time plus the drive, plus any slack the old gap after the old stop held."""
    timed = [entries[0][0]]
    for k in range(1, len(entries)):
        stop, old = entries[k]
        previous, previous_old = timed[-1], entries[k - 1][1]
        old_before = _old_predecessor(entries, k)
        if old is not None and previous_old is not None and previous_old is old_before:
            gap = (old.time - previous_old.time).total_seconds() / 60
        else:
            gap = _dwell(previous, rules) + legs.minutes(previous.place, stop.place)
            if old is not None and old_before is not None:
                planned = _dwell(old_before, rules) + legs.minutes(old_before.place, old.place)
                gap += max(0.0, (old.time - old_before.time).total_seconds() / 60 - planned)
        timed.append(dataclasses.replace(stop, time=previous.time + dt.timedelta(minutes=gap)))
    return timed


def _old_predecessor(entries: list[tuple[Stop, Stop | None]], k: int) -> Stop | None:
    """The old stop that came right before entry k's old stop in the original trip."""
    for j in range(k - 1, -1, -1):
        if entries[j][1] is not None:
            return entries[j][1]
    return None


def _dwell(stop: Stop, rules: Rules) -> float:
    return 0.0 if stop.kind == "depot" else rules.stop_minutes


def _keeps_rules(changed: Trip, before: Trip, rules: Rules, max_shift_min: float | None) -> bool:
    if changed.passengers > changed.capacity:
        return False
    if len(changed.pickups) > rules.max_pickups or len(changed.dropoffs) > rules.max_dropoffs:
        return False
    if max(changed.ride_minutes().values(), default=0.0) > rules.max_ride_hours * 60:
        return False
    if max_shift_min is None:
        return True
    moved = _moved_minutes(before, changed)
    return moved <= max_shift_min


def _moved_minutes(before: Trip, after: Trip) -> float:
    """The most any stop of `before` moved in `after` (stops matched by kind and place)."""
    new_time = {(s.kind, s.place.key): s.time for s in after.stops}
    return max((abs((new_time[(s.kind, s.place.key)] - s.time).total_seconds()) / 60
                for s in before.stops), default=0.0)
