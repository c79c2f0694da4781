"""The planner's working objects, from the problem's workers to the plan's Trips.

Workers are grouped by (pickup point, employer) (`Group`, from `points_and_groups`); a group is
cut into loads (`Load`), the unit a search places; a coach's route (`Route`) is its calls at the
points, pickups then drop-offs. `Context` holds what every step needs, computed once per plan:
the points, the km and minutes matrices, the rules, the fleet and what is left of it. Here too
are a coach's clocks and kilometres, and the last step, routes timed as Trips (`trips_of`, by
routing/duty.py). Used by routing/planner.py, routing/regions.py and routing/search.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from routing import duty
from routing.distances import Matrices
from routing.model import BusType, Place, Problem, Rules, Stop, StopKind, Trip


@dataclass
class Group:
    """Workers from one pickup point to one employer; `rows` shrinks as full coaches take them."""

    pickup: int  # index into the point list
    dropoff: int
    employer: str
    rows: list[int]


@dataclass(frozen=True)
class Load:
    """Part of a group that rides together, the unit the search places."""

    group: Group
    rows: tuple[int, ...]


@dataclass(frozen=True)
class Call:
    """A coach's call at a point: who boards (pickup) or alights (dropoff) there."""

    kind: StopKind
    point: int
    rows: tuple[int, ...]


@dataclass(frozen=True)
class Route:
    bus: BusType
    calls: tuple[Call, ...]  # pickups then drop-offs, in visiting order
    loads: tuple[Load, ...]

    @staticmethod
    def of(bus: BusType, visits: list[tuple[StopKind, Load]]) -> Route:
        """Merge consecutive visits to the same point into one call."""
        calls: list[Call] = []
        for kind, load in visits:
            point = load.group.pickup if kind == "pickup" else load.group.dropoff
            if calls and (calls[-1].kind, calls[-1].point) == (kind, point):
                calls[-1] = Call(kind, point, calls[-1].rows + load.rows)
            else:
                calls.append(Call(kind, point, load.rows))
        return Route(bus, tuple(calls), tuple(load for kind, load in visits if kind == "pickup"))

    @property
    def passengers(self) -> int:
        return sum(len(call.rows) for call in self.calls if call.kind == "pickup")


@dataclass
class Context:
    """Everything a region solve needs, computed once per plan."""

    points: list[Place]
    matrices: Matrices
    rules: Rules
    fleet: list[BusType]  # largest capacity first
    stock: dict[str, int | None] = field(default_factory=dict)  # coaches left; None: no limit
    depots: dict[str, int] = field(default_factory=dict)  # a type's home depot; else point 0

    def capacity(self, bus: BusType) -> int:
        return self.rules.capacity(bus.seats)

    def depot(self, bus: BusType) -> int:
        """The point a coach of this type starts from: its home depot, else the zone's."""
        return self.depots.get(bus.name, 0)

    def available(self, bus: BusType) -> bool:
        left = self.stock[bus.name]
        return left is None or left > 0

    def take(self, bus: BusType) -> None:
        self._count(bus, -1)

    def give_back(self, bus: BusType) -> None:
        self._count(bus, 1)

    def _count(self, bus: BusType, change: int) -> None:
        left = self.stock[bus.name]
        if left is not None:
            self.stock[bus.name] = left + change

    def ride_minutes(self, a: int, b: int) -> float:
        """Time from arriving at point a to arriving at point b: the stop at a, then the drive."""
        return self.rules.stop_minutes + float(self.matrices.minutes[a, b])


def points_and_groups(problem: Problem) -> tuple[list[Place], list[Group], dict[str, int]]:
    """The places (the zone's depot first), the groups, and the home depots by coach type."""
    points: list[Place] = [problem.depot]
    index_of: dict[tuple, int] = {problem.depot.key: 0}

    def point(place: Place) -> int:
        if place.key not in index_of:
            index_of[place.key] = len(points)
            points.append(place)
        return index_of[place.key]

    grouped: dict[tuple[int, str], list[int]] = defaultdict(list)
    for worker in sorted(problem.workers, key=lambda w: w.row):
        grouped[(point(worker.origin), worker.employer)].append(worker.row)
    employer_point = {name: point(problem.employers[name].place) for _, name in grouped}
    depots = {bus.name: point(bus.depot) for bus in problem.fleet if bus.depot is not None}
    return (
        points,
        [
            Group(pickup, employer_point[name], name, rows)
            for (pickup, name), rows in grouped.items()
        ],
        depots,
    )


def clocks(points: Sequence[int], context: Context) -> tuple[float, float]:
    """A coach leaving points[0] (its depot) through the rest: its ride clock (first call to
    last, road breaks included) and its minutes of driving."""
    legs = [float(context.matrices.minutes[a, b]) for a, b in itertools.pairwise(points)]
    times = duty.arrivals(legs, context.rules.stop_minutes)
    return times[-1] - times[0], sum(legs)


def fits(points: Sequence[int], context: Context) -> bool:
    """The coach's exact day: the ride clock within the ride limit, the driving within the
    drivers' day."""
    rules = context.rules
    ride, drive = clocks(points, context)
    return ride <= rules.max_ride_hours * 60 and drive <= duty.drive_limit(rules.drivers_per_coach)


def route_km(route: Route, context: Context) -> float:
    return path_km([context.depot(route.bus), *(call.point for call in route.calls)], context)


def path_km(points: Sequence[int], context: Context) -> float:
    return sum(float(context.matrices.km[a, b]) for a, b in itertools.pairwise(points))


# --- From routes to trips ---------------------------------------------------------------------


def trips_of(routes: list[Route], context: Context) -> list[Trip]:
    ordered = sorted(
        routes, key=lambda r: (context.points[r.calls[0].point].name, min(r.calls[0].rows))
    )
    return [
        _trip(f"T{number:03d}", route, context) for number, route in enumerate(ordered, start=1)
    ]


def _trip(trip_id: str, route: Route, context: Context) -> Trip:
    """Times are arrivals: the coach leaves the depot at departure time, spends the stop time at
    every call before driving on and rests on the road as the drivers' rules require."""
    rules = context.rules
    points = [context.depot(route.bus), *(call.point for call in route.calls)]
    legs = [float(context.matrices.minutes[a, b]) for a, b in itertools.pairwise(points)]
    km = path_km(points, context)
    stops = [Stop("depot", context.points[points[0]], rules.depart)]
    for call, minutes in zip(route.calls, duty.arrivals(legs, rules.stop_minutes), strict=True):
        rows = tuple(sorted(call.rows))
        stops.append(
            Stop(
                call.kind,
                context.points[call.point],
                rules.depart + dt.timedelta(minutes=minutes),
                board=rows if call.kind == "pickup" else (),
                alight=rows if call.kind == "dropoff" else (),
            )
        )
    duration = (stops[-1].time - stops[0].time).total_seconds() / 60
    return Trip(
        trip_id,
        route.bus.name,
        route.bus.seats,
        context.capacity(route.bus),
        tuple(stops),
        round(km, 1),
        round(duration, 1),
        round(sum(legs), 1),
    )
