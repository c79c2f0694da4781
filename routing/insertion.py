"""Free seats in trips that exist: seat more workers on a coach without breaking its rules.

Used twice: a campaign fills the free seats of a day's coaches with workers who could still wait,
and after publishing, a late registration joins a published trip before any new coach is booked.
A group (workers from one pickup point to one employer) joins a trip at the stops it already makes
or at one new pickup and/or one new drop-off, wherever that adds the fewest kilometres, as long as
the trip keeps its stop limits, its capacity and every passenger's ride limit, and (for published
trips) no stop moves by more than a set number of minutes.

The trip is then timed as the planner times it (routing/duty.py): from its first stop's departure,
the stop time at every call and a 20-minute road break after every 4 h of driving, so a detour that
makes a break due moves the stops after it by the break too; a trip whose drivers would drive more
than their day allows (drivers x 8 h) takes no one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from routing import duty
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


def best_seating(
    trips: Sequence[Trip],
    rows: Sequence[int],
    origin: Place,
    employer: Place,
    legs: Legs,
    rules: Rules,
    *,
    max_shift_min: float | None = None,
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


def seat_group(
    trip: Trip,
    rows: Sequence[int],
    origin: Place,
    employer: Place,
    legs: Legs,
    rules: Rules,
    *,
    max_shift_min: float | None = None,
) -> Seating | None:
    """Seat as many of `rows` (workers from `origin` to `employer`) on `trip` as it has free seats,
    by the cheapest insertion that keeps the rules; None when none fits."""
    free = trip.capacity - trip.passengers
    if free <= 0 or not rows:
        return None
    seated = tuple(sorted(rows)[:free])
    options = sorted(_insertions(trip, origin, employer, legs, rules), key=lambda o: o[0])
    for added_km, pickup_at, dropoff_at in options:
        changed = _with_group(
            trip, seated, origin, employer, pickup_at, dropoff_at, legs, rules, added_km
        )
        if _keeps_rules(changed, trip, rules, max_shift_min):
            return Seating(changed, seated, added_km)
    return None


def _insertions(
    trip: Trip, origin: Place, employer: Place, legs: Legs, rules: Rules
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


def _new_order(
    trip: Trip, origin: Place, employer: Place, pickup_at: int | None, dropoff_at: int | None
) -> list[Place]:
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


def _with_group(
    trip: Trip,
    rows: tuple[int, ...],
    origin: Place,
    employer: Place,
    pickup_at: int | None,
    dropoff_at: int | None,
    legs: Legs,
    rules: Rules,
    added_km: float,
) -> Trip:
    stops: list[Stop] = []
    for index, stop in enumerate(trip.stops):
        if index == pickup_at:
            stops.append(Stop("pickup", origin, stop.time, board=rows))
        if index == dropoff_at:
            stops.append(Stop("dropoff", employer, stop.time, alight=rows))
        stops.append(_joined(stop, rows, origin, employer))
    if pickup_at == len(trip.stops):
        stops.append(Stop("pickup", origin, trip.stops[-1].time, board=rows))
    if dropoff_at == len(trip.stops):
        stops.append(Stop("dropoff", employer, trip.stops[-1].time, alight=rows))
    timed, drive = _timed(stops, legs, rules)
    duration = (timed[-1].time - timed[0].time).total_seconds() / 60
    return dataclasses.replace(
        trip,
        stops=tuple(timed),
        distance_km=round(trip.distance_km + added_km, 1),
        duration_min=round(duration, 1),
        drive_min=round(drive, 1),
    )


def _joined(stop: Stop, rows: tuple[int, ...], origin: Place, employer: Place) -> Stop:
    """An existing stop with the group boarding or alighting there, when it is theirs."""
    if stop.kind == "pickup" and stop.place.key == origin.key:
        return dataclasses.replace(stop, board=tuple(sorted(stop.board + rows)))
    if stop.kind == "dropoff" and stop.place.key == employer.key:
        return dataclasses.replace(stop, alight=tuple(sorted(stop.alight + rows)))
    return stop


def _timed(stops: list[Stop], legs: Legs, rules: Rules) -> tuple[list[Stop], float]:
    """The stops timed by the planner's clock from the first stop's departure, and the minutes
    driven (the drive out from the depot included)."""
    drives = [legs.minutes(a.place, b.place) for a, b in itertools.pairwise(stops)]
    leaves = stops[0].time
    timed = [
        stops[0],
        *(
            dataclasses.replace(stop, time=leaves + dt.timedelta(minutes=minutes))
            for stop, minutes in zip(
                stops[1:], duty.arrivals(drives, rules.stop_minutes), strict=True
            )
        ),
    ]
    return timed, sum(drives)


def _keeps_rules(changed: Trip, before: Trip, rules: Rules, max_shift_min: float | None) -> bool:
    if changed.passengers > changed.capacity:
        return False
    if changed.drive_min > duty.drive_limit(rules.drivers_per_coach):
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
    return max(
        (
            abs((new_time[(s.kind, s.place.key)] - s.time).total_seconds()) / 60
            for s in before.stops
        ),
        default=0.0,
    )
