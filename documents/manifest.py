"""Bus manifests (乘车人员名单): who sits where on each trip of a plan, and how the crew checks
them in.

`build_manifests` joins a `Plan` with the roster's personal data (the plan carries only row numbers)
and gives seat numbers (`documents.seating`); `TripManifest.checkin_link` is the QR check-in scheme
(the link a phone opens on the trip's boarding page). The printed forms are elsewhere: the PDF in
`documents.manifest_pdf`, spreadsheets in `documents.manifest_xlsx`.

Nothing here logs or prints: the full ID numbers and phones go only into the document asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, field, fields, replace
from typing import BinaryIO

import pandas as pd

from documents.seating import HALF_LOAD, CoachLayout, assign_seats
from intake import Column, check_name, mask_id_number, mask_phone, read_table
from routing import duty
from routing.inputs import ROSTER_SCHEMA
from routing.model import Plan, PlanParams, Rules, Stop, Trip
from routing.planfile import plan_to_dict

BOARDING_PATH = "boarding"  # the app page a manifest's QR code opens
CREW_SCHEMA = (
    Column("trip", ("车次", "行程", "trip", "trip_id"), required=True),
    Column("plate", ("车牌", "车牌号", "plate")),
    Column("driver", ("驾驶员", "司机", "driver")),
    Column("driver_phone", ("驾驶员电话", "司机电话", "driver_phone")),
    Column("coordinator", ("带队人", "领队", "联络员", "coordinator")),
    Column("coordinator_phone", ("带队人电话", "领队电话", "联系电话", "coordinator_phone")),
)


class ManifestError(ValueError):
    """A manifest that cannot be made as asked: an unknown trip, a plan row missing from the roster."""


@dataclass(frozen=True)
class Person:
    """What the roster says about one worker, as text (already validated when the plan was made)."""

    name: str
    id_number: str
    phone: str
    origin: str
    health: str = ""


@dataclass(frozen=True)
class Crew:
    """Who runs a trip, when known; blanks are printed as lines to fill in by hand."""

    plate: str = ""
    driver: str = ""
    driver_phone: str = ""
    coordinator: str = ""
    coordinator_phone: str = ""

    def merged(self, other: Crew) -> Crew:
        """`other`'s known values over this one's."""
        return Crew(
            *(theirs or ours for ours, theirs in zip(astuple(self), astuple(other), strict=True))
        )


@dataclass(frozen=True)
class Passenger:
    row: int
    seat: int
    person: Person
    pickup: Stop
    dropoff: Stop


@dataclass(frozen=True)
class TripManifest:
    """One bus: its trip, its passengers grouped by pickup in boarding order, with seats."""

    plan_id: str
    trip: Trip
    passengers: tuple[Passenger, ...]
    load_factor: float
    crew: Crew = field(default_factory=Crew)
    masked: bool = False
    app_url: str = ""  # where the app runs, e.g. http://10.0.0.5:8501; the QR code then opens it
    drivers: int = 2  # the plan's drivers per coach
    stop_minutes: float = 10.0  # the plan's minutes at every call

    def __post_init__(self) -> None:
        rows = sorted(p.row for p in self.passengers)
        if rows != sorted(row for stop in self.trip.stops for row in stop.board):
            raise ManifestError(
                f"车次 {self.trip.id} 的乘客与车次不符 trip {self.trip.id}: the passengers are not the trip's riders"
            )
        seats = [p.seat for p in self.passengers]
        if len(set(seats)) != len(seats) or not all(1 <= s <= self.trip.seats for s in seats):
            raise ManifestError(
                f"车次 {self.trip.id} 座位号重复或越界 trip {self.trip.id}: seats must be distinct and in 1..{self.trip.seats}"
            )

    @property
    def depart(self) -> dt.datetime:
        return self.trip.stops[0].time

    @property
    def working_day(self) -> duty.WorkingDay:
        return duty.working_day(
            [stop.time for stop in self.trip.stops], self.trip.drive_min, self.stop_minutes
        )

    @property
    def driver_times(self) -> str:
        """The drivers' times, as printed under the vehicle: leaving, driving, road rests,
        arriving at the last stop, the length of the day."""
        day = self.working_day
        arrives = (
            "次日 " if day.arrives.date() != day.leaves.date() else ""
        ) + f"{day.arrives:%H:%M}"
        parts = [f"{day.leaves:%H:%M} 离开车队"]
        if day.drive_minutes > 0:
            parts.append(f"驾驶 {_duration(day.drive_minutes)}")
            parts.append(
                f"途中休息 {day.rests} 次共 {day.rest_minutes:.0f} 分钟"
                if day.rests
                else "途中无需休息"
            )
        parts += [f"{arrives} 到达最后一站", f"在岗 {_duration(day.duty_minutes)}"]
        return "，".join(parts) + f"（{self.drivers} 名司机）"

    @property
    def checkin_link(self) -> str:
        """What the QR code on every page says: a link a phone opens on this trip's boarding page
        (through sign-in). Empty when the app's address is not known: a QR code no phone can open
        helps no one, so the page then says in words where to go (`checkin_words`)."""
        if not self.app_url:
            return ""
        query = f"plan={self.plan_id}&trip={self.trip.id}"
        return f"{self.app_url.rstrip('/')}/{BOARDING_PATH}?{query}"

    @property
    def checkin_words(self) -> str:
        """Where the crew marks boarding, for a manifest printed without the app's address."""
        return f"在返岗系统「上车登记」页选择车次 {self.trip.id}"

    @property
    def employers(self) -> tuple[str, ...]:
        return tuple(stop.place.name for stop in self.trip.dropoffs)

    @property
    def seating_rule(self) -> str:
        """The seat rule in force, in the words printed under the vehicle line."""
        if self.load_factor >= 1:
            return "按序就座"
        observation = CoachLayout.from_seats(self.trip.seats).observation_rows()
        if not observation:
            return "分散就座"
        first, last = observation[0][0], observation[-1][-1]
        used = sum(first <= p.seat <= last for p in self.passengers)
        if self.load_factor <= HALF_LOAD:
            rule = f"隔位就座，{first}–{last} 号留作观察区"
        else:
            rule = f"分散就座，{first}–{last} 号最后安排"
        return rule + (f"（已用 {used} 座）" if used else "")

    def groups(self) -> list[tuple[Stop, list[Passenger]]]:
        """Passengers by pickup point, pickups in route order."""
        by_stop: dict[int, list[Passenger]] = {id(stop): [] for stop in self.trip.pickups}
        for passenger in self.passengers:
            by_stop[id(passenger.pickup)].append(passenger)
        return [(stop, by_stop[id(stop)]) for stop in self.trip.pickups]

    def id_text(self, person: Person) -> str:
        return mask_id_number(person.id_number) if self.masked else person.id_number

    def phone_text(self, person: Person) -> str:
        return mask_phone(person.phone) if self.masked else person.phone


DEFAULT_RULES = Rules()  # what a plan file that does not record its rules was planned with


def plan_id(plan: Plan) -> str:
    """16 hex digits that name a plan: the SHA-256 of its plan.json content, canonically ordered."""
    text = json.dumps(plan_to_dict(plan), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_people(fp: BinaryIO, *, source: str = "roster") -> dict[int, Person]:
    """The roster's people by 1-based data row number (the numbers in plan.json). Rows are taken as
    they are: the planner validated them; rows it rejected are never asked for."""
    frame = read_table(fp, ROSTER_SCHEMA, source=source).frame
    blank = pd.Series("", index=frame.index)
    columns = [
        frame.get(name, blank).fillna("").astype(str).str.strip().tolist()
        for name in ("name", "id_number", "phone", "origin", "health")
    ]
    columns[0] = [_shown_name(name) for name in columns[0]]
    return {
        int(row): Person(*values)
        for row, *values in zip(frame.index.tolist(), *columns, strict=True)
    }


def _shown_name(text: str) -> str:
    """The name as the planner read it (`intake.check_name`), or the text as it is."""
    try:
        return check_name(text)
    except ValueError:
        return text


def read_crew(fp: BinaryIO, *, source: str = "crew") -> dict[str, Crew]:
    """A crew file: one row per trip with plate, driver, driver phone, coordinator and phone."""
    frame = read_table(fp, CREW_SCHEMA, source=source).frame.fillna("")
    crews: dict[str, Crew] = {}
    for row, record in frame.iterrows():
        trip = str(record["trip"]).strip()
        if not trip:
            raise ManifestError(f"{source}：第 {row} 行没有车次 row {row} names no trip")
        if trip in crews:
            raise ManifestError(f"{source}：车次 {trip} 重复 trip {trip} is listed twice")
        crews[trip] = Crew(*(str(record.get(item.name, "")).strip() for item in fields(Crew)))
    return crews


def build_manifests(
    plan: Plan,
    people: Mapping[int, Person],
    *,
    trips: Sequence[str] = (),
    masked: bool = False,
    crew: Crew = Crew(),
    crews: Mapping[str, Crew] | None = None,
    app_url: str = "",
) -> tuple[TripManifest, ...]:
    """Manifests of the trips named in `trips` (all trips when empty), in plan order.

    `crew` applies to every trip; `crews` (by trip id) overrides it trip by trip.
    """
    known = {trip.id: trip for trip in plan.trips}
    unknown = [name for name in [*trips, *(crews or {})] if name not in known]
    if unknown:
        raise ManifestError(
            f"计划中没有车次 {unknown[0]} no trip {unknown[0]} in the plan (trips: {_trip_range(plan)})"
        )
    chosen = [known[name] for name in dict.fromkeys(trips)] if trips else list(plan.trips)
    identity = plan_id(plan)
    params, crews = plan.params, crews or {}
    drivers = (
        DEFAULT_RULES.drivers_per_coach
        if params.drivers_per_coach is None
        else params.drivers_per_coach
    )
    stop_minutes = (
        DEFAULT_RULES.stop_minutes if params.stop_minutes is None else params.stop_minutes
    )
    return tuple(
        replace(
            _manifest(
                identity,
                trip,
                people,
                _load_factor(params, trip),
                crew.merged(crews.get(trip.id, Crew())),
                masked,
            ),
            app_url=app_url,
            drivers=int(drivers),
            stop_minutes=float(stop_minutes),
        )
        for trip in chosen
    )


def _trip_range(plan: Plan) -> str:
    if not plan.trips:
        return "none"
    return f"{plan.trips[0].id}..{plan.trips[-1].id}"


def _load_factor(params: PlanParams, trip: Trip) -> float:
    """The plan's load factor; a plan file that does not record it seats as its coaches were
    filled (capacity over seats)."""
    return trip.capacity / trip.seats if params.load_factor is None else params.load_factor


def _manifest(
    identity: str,
    trip: Trip,
    people: Mapping[int, Person],
    load_factor: float,
    crew: Crew,
    masked: bool,
) -> TripManifest:
    dropoff_of = {row: stop for stop in trip.dropoffs for row in stop.alight}
    drop_order = {id(stop): i for i, stop in enumerate(trip.dropoffs)}
    boarding = [
        (row, pickup)
        for pickup in trip.pickups
        for row in sorted(pickup.board, key=lambda r: (drop_order[id(dropoff_of[r])], r))
    ]
    missing = sorted(row for row, _ in boarding if row not in people)
    if missing:
        more = (
            f"（另缺 {len(missing) - 1} 行 {len(missing) - 1} more of its rows are missing too）"
            if len(missing) > 1
            else ""
        )
        raise ManifestError(
            f"车次 {trip.id}：名单中缺少第 {missing[0]} 行 trip {trip.id}: roster row {missing[0]} is not in the roster{more}"
        )
    seats = assign_seats([row for row, _ in boarding], seats=trip.seats, load_factor=load_factor)
    passengers = tuple(
        Passenger(row, seats[row], people[row], pickup, dropoff_of[row]) for row, pickup in boarding
    )
    return TripManifest(identity, trip, passengers, load_factor, crew, masked)


def _duration(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} 小时 {rest:02d} 分" if hours else f"{rest} 分钟"
