"""Typed domain objects of returning-worker transport. Each checks itself on construction, so a Plan
that exists is a Plan that keeps its promises (capacity, pickups before drop-offs, every boarder alights).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

DEFAULT_DEPART = dt.datetime(2020, 2, 20, 6, 0)
DEPOT_NAME = "郑州高新区"  # where coaches start unless a fleet file gives them a home depot
StopKind = Literal["depot", "pickup", "dropoff"]


class PlanningError(Exception):
    """The planner was asked something it cannot answer (bad rules, empty fleet)."""


@dataclass(frozen=True)
class Place:
    """A point on the map with a display name. `code` is the division code when it came from the
    gazetteer; `level` says how precise it is (county, prefecture, zone, point, geocoded)."""

    name: str
    lat: float
    lon: float
    code: str = ""
    level: str = "point"

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a place needs a name")
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise ValueError(f"latitude {self.lat} of {self.name} is not between -90 and 90")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise ValueError(f"longitude {self.lon} of {self.name} is not between -180 and 180")

    @property
    def key(self) -> tuple[str, float, float]:
        """Places with the same key are one stop."""
        return (self.name, round(self.lat, 5), round(self.lon, 5))


@dataclass(frozen=True)
class Worker:
    """One roster row that passed validation. `row` is its 1-based data row number in the roster."""

    row: int
    name: str
    id_number: str
    phone: str
    origin: Place
    employer: str
    health: str = ""
    ready_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.row < 1:
            raise ValueError(f"row numbers start at 1, got {self.row}")
        if not self.employer:
            raise ValueError(f"row {self.row}: worker without an employer")


@dataclass(frozen=True)
class Employer:
    name: str
    place: Place


@dataclass(frozen=True)
class BusType:
    """A kind of coach: `count` None means as many as needed (identical chartered coaches).
    `depot` is where its coaches start (a bus company in the workers' prefecture, say); None:
    the problem's depot, the zone."""

    name: str
    seats: int
    count: int | None = None
    cost_per_km: float = 1.0
    depot: Place | None = None

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError(f"bus type {self.name}: seats must be at least 1, got {self.seats}")
        if self.count is not None and self.count < 0:
            raise ValueError(f"bus type {self.name}: count must not be negative, got {self.count}")
        if not (math.isfinite(self.cost_per_km) and self.cost_per_km >= 0):
            raise ValueError(
                f"bus type {self.name}: cost_per_km must be >= 0, got {self.cost_per_km}"
            )

    @classmethod
    def chartered(cls, seats: int = 45) -> BusType:
        """Identical chartered coaches of `seats` seats, as many as needed: `45座大巴`."""
        return cls(f"{seats}座大巴", seats)


@dataclass(frozen=True)
class Rules:
    """Planning rules. Capacity of a coach is floor(seats x load_factor)."""

    load_factor: float = 1.0
    max_pickups: int = 3
    max_dropoffs: int = 3
    max_ride_hours: float = 8.0
    depart: dt.datetime = DEFAULT_DEPART
    stop_minutes: float = 10.0
    drivers_per_coach: int = 2

    def __post_init__(self) -> None:
        if self.drivers_per_coach < 1:
            raise ValueError(f"每辆车至少一名司机，而不是 {self.drivers_per_coach}")
        if not 0 < self.load_factor <= 1:
            raise ValueError(f"load factor must be in (0, 1], got {self.load_factor}")
        if self.max_pickups < 1 or self.max_dropoffs < 1:
            raise ValueError("a bus needs at least one pickup and one drop-off")
        if not self.max_ride_hours > 0:
            raise ValueError(f"max ride hours must be positive, got {self.max_ride_hours}")
        if not 0 <= self.stop_minutes <= 120:
            raise ValueError(f"minutes per stop must be between 0 and 120, got {self.stop_minutes}")

    def capacity(self, seats: int) -> int:
        # A small epsilon keeps 45 x 0.6 = 27 from flooring to 26 through binary rounding.
        return math.floor(seats * self.load_factor + 1e-9)


@dataclass(frozen=True)
class Unassigned:
    """A roster row that is not on any bus, and why. `constraint` is a short machine-readable tag."""

    row: int
    reason: str
    constraint: str = "input"


@dataclass(frozen=True)
class Problem:
    workers: tuple[Worker, ...]
    employers: Mapping[str, Employer]
    fleet: tuple[BusType, ...]
    depot: Place
    rules: Rules = field(default_factory=Rules)
    rejected: tuple[Unassigned, ...] = ()

    def __post_init__(self) -> None:
        if not self.fleet:
            raise ValueError("the fleet is empty")
        rows = Counter(w.row for w in self.workers) + Counter(u.row for u in self.rejected)
        doubled = sorted(row for row, count in rows.items() if count > 1)
        if doubled:
            raise ValueError(f"rows listed twice in the problem: {doubled[:10]}")
        unknown = sorted({w.employer for w in self.workers} - set(self.employers))
        if unknown:
            raise ValueError(f"workers name employers that are not registered: {unknown[:10]}")


@dataclass(frozen=True)
class Stop:
    kind: StopKind
    place: Place
    time: dt.datetime
    board: tuple[int, ...] = ()
    alight: tuple[int, ...] = ()


@dataclass(frozen=True)
class Trip:
    """One bus: depot, then pickups, then drop-offs at employers. No other stop."""

    id: str
    bus_type: str
    seats: int
    capacity: int
    stops: tuple[Stop, ...]
    distance_km: float
    duration_min: float
    drive_min: float = 0.0  # driving from the depot to the last drop-off, breaks excluded

    def __post_init__(self) -> None:
        kinds = [stop.kind for stop in self.stops]
        if not kinds or kinds[0] != "depot" or "depot" in kinds[1:]:
            raise ValueError(f"trip {self.id}: must start at the depot and visit it once")
        first_dropoff = kinds.index("dropoff") if "dropoff" in kinds else len(kinds)
        if "pickup" in kinds[first_dropoff:]:
            raise ValueError(f"trip {self.id}: a pickup after a drop-off")
        boarded = [row for stop in self.stops for row in stop.board]
        alighted = [row for stop in self.stops for row in stop.alight]
        if sorted(boarded) != sorted(alighted) or len(set(boarded)) != len(boarded):
            raise ValueError(f"trip {self.id}: passengers who board must alight exactly once")
        if len(boarded) > self.capacity:
            raise ValueError(
                f"trip {self.id}: {len(boarded)} passengers over capacity {self.capacity}"
            )

    @property
    def passengers(self) -> int:
        return sum(len(stop.board) for stop in self.stops)

    @property
    def pickups(self) -> tuple[Stop, ...]:
        return tuple(stop for stop in self.stops if stop.kind == "pickup")

    @property
    def dropoffs(self) -> tuple[Stop, ...]:
        return tuple(stop for stop in self.stops if stop.kind == "dropoff")

    def ride_minutes(self) -> dict[int, float]:
        """Minutes each passenger spends aboard, from their pickup's time to their drop-off's."""
        boarded_at = {row: stop.time for stop in self.stops for row in stop.board}
        return {
            row: (stop.time - boarded_at[row]).total_seconds() / 60
            for stop in self.stops
            for row in stop.alight
        }


@dataclass(frozen=True)
class PlannedCoach:
    """A coach type as a plan records it: the type and the passengers one coach may carry under
    the plan's load factor."""

    bus: BusType
    capacity: int


@dataclass(frozen=True)
class RosterFingerprint:
    """Which roster file a plan's row numbers refer to (see routing/planfile.with_roster)."""

    sha256: str
    bytes: int


@dataclass(frozen=True)
class CampaignParams:
    """How a campaign over several departures was planned and how long its workers waited."""

    departures: tuple[dt.datetime, ...]
    max_wait_days: int
    per_day: Mapping[str, int] = field(default_factory=dict)
    waiting_days: int = 0
    workers_waiting: int = 0


PARAM_FIELDS = (
    "load_factor",
    "max_pickups",
    "max_dropoffs",
    "max_ride_hours",
    "depart",
    "stop_minutes",
    "drivers_per_coach",
    "depot",
    "fleet",
    "time_limit_s",
    "seed",
    "solve_seconds",
    "campaign",
    "roster",
)


@dataclass(frozen=True)
class PlanParams:
    """What a plan was made with (plan.json's `params`). A field is None (`fleet` empty) when the
    plan does not say: a plan file from before it was recorded, or a campaign without any work.

    `extra` holds every other key exactly as written, so no detail is lost on a round trip: the
    distance model (`backend`, `road_factor`, `speed_kmh`, `base_url`, `profile`), the planner's
    details (`planner`, `bound_method`, `sectors`, `lp_bound`, `columns`, `rounds`,
    `packed_coaches`), `follow_up_of_trips`, and keys a newer writer adds.
    Only routing/planfile.py turns it into JSON and back; values keep the type they were read
    with (an int stays an int), so a stored plan's identity (its SHA-256) does not change."""

    load_factor: float | None = None
    max_pickups: int | None = None
    max_dropoffs: int | None = None
    max_ride_hours: float | None = None
    depart: dt.datetime | None = None
    stop_minutes: float | None = None
    drivers_per_coach: int | None = None
    depot: Place | None = None
    fleet: tuple[PlannedCoach, ...] = ()
    time_limit_s: float | None = None
    seed: int | None = None
    solve_seconds: float | None = None
    campaign: CampaignParams | None = None
    roster: RosterFingerprint | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        doubled = sorted(set(self.extra) & {*PARAM_FIELDS, "extra"})
        if doubled:
            raise ValueError(f"plan parameters named twice (typed and extra): {doubled}")
        if self.load_factor is not None and not 0 < self.load_factor <= 1:
            raise ValueError(f"load factor must be in (0, 1], got {self.load_factor}")

    @classmethod
    def of(cls, problem: Problem, **extra: object) -> PlanParams:
        """The problem's rules, depot and fleet; `extra` as above."""
        rules = problem.rules
        return cls(
            load_factor=rules.load_factor,
            max_pickups=rules.max_pickups,
            max_dropoffs=rules.max_dropoffs,
            max_ride_hours=rules.max_ride_hours,
            depart=rules.depart,
            stop_minutes=rules.stop_minutes,
            drivers_per_coach=rules.drivers_per_coach,
            depot=problem.depot,
            fleet=tuple(PlannedCoach(bus, rules.capacity(bus.seats)) for bus in problem.fleet),
            extra=extra,
        )

    def merged_over(self, earlier: PlanParams) -> PlanParams:
        """These parameters, the ones they leave unsaid taken from `earlier`; extras of both."""
        values = {
            name: getattr(self, name)
            for name in PARAM_FIELDS
            if getattr(self, name) not in (None, ())
        }
        return replace(earlier, **values, extra={**earlier.extra, **self.extra})


@dataclass(frozen=True)
class DaySummary:
    """One departure day of a plan: the date of its trips' first stops."""

    date: dt.date
    trips: int
    workers: int
    distance_km: float


@dataclass(frozen=True)
class PlanSummary:
    """The headline figures of a plan (plan.json's `summary`)."""

    workers: int
    assigned: int
    unassigned: int
    trips: int
    distance_km: float
    lower_bound: int | None
    bound_method: str
    days: tuple[DaySummary, ...]


@dataclass(frozen=True)
class PlanShare:
    """A plan as some rows see it (an employer's workers): the trips carrying any of them, how
    many of them ride, which of them are not placed, and those trips' whole kilometres."""

    trips: tuple[Trip, ...]
    planned: int
    unassigned: tuple[Unassigned, ...]
    distance_km: float


@dataclass(frozen=True)
class Plan:
    """Trips, the rows not placed, the parameters, and a proven lower bound on the coaches any
    plan of the same problem needs (None when unknown, e.g. a plan file from before bounds);
    `bound_method` says how it was proven ("seats": ceil(workers / capacity); "lp": the
    packing relaxation, see routing/packing.py)."""

    trips: tuple[Trip, ...]
    unassigned: tuple[Unassigned, ...]
    params: PlanParams = field(default_factory=PlanParams)
    lower_bound: int | None = None
    bound_method: str = ""

    def __post_init__(self) -> None:
        rows = [row for trip in self.trips for stop in trip.stops for row in stop.board]
        rows += [u.row for u in self.unassigned]
        doubled = sorted(row for row, count in Counter(rows).items() if count > 1)
        if doubled:
            raise ValueError(f"rows placed more than once: {doubled[:10]}")
        if self.lower_bound is not None and not 0 <= self.lower_bound <= len(self.trips):
            raise ValueError(
                f"lower bound {self.lower_bound} is not between 0 and the {len(self.trips)} trips"
            )

    @property
    def assigned_rows(self) -> list[int]:
        return sorted(row for trip in self.trips for stop in trip.stops for row in stop.board)

    @property
    def summary(self) -> PlanSummary:
        assigned = sum(trip.passengers for trip in self.trips)
        return PlanSummary(
            workers=assigned + len(self.unassigned),
            assigned=assigned,
            unassigned=len(self.unassigned),
            trips=len(self.trips),
            distance_km=round(sum(trip.distance_km for trip in self.trips), 1),
            lower_bound=self.lower_bound,
            bound_method=self.bound_method,
            days=self._days(),
        )

    def share(self, rows: Collection[int] | None = None) -> PlanShare:
        """The plan for these rows (None: everyone)."""
        mine = None if rows is None else set(rows)
        trips = tuple(
            t
            for t in self.trips
            if mine is None or not mine.isdisjoint(r for s in t.stops for r in s.board)
        )
        planned = sum(
            1 for t in trips for s in t.stops for r in s.board if mine is None or r in mine
        )
        unassigned = tuple(u for u in self.unassigned if mine is None or u.row in mine)
        return PlanShare(trips, planned, unassigned, sum(t.distance_km for t in trips))

    def _days(self) -> tuple[DaySummary, ...]:
        """Trips, workers aboard and km per departure day, in date order."""
        days: dict[dt.date, list[Trip]] = {}
        for trip in sorted(self.trips, key=lambda t: t.stops[0].time):
            days.setdefault(trip.stops[0].time.date(), []).append(trip)
        return tuple(
            DaySummary(
                date,
                len(trips),
                sum(t.passengers for t in trips),
                round(sum(t.distance_km for t in trips), 1),
            )
            for date, trips in days.items()
        )
