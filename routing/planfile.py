"""`plan.json` (schema `fanggang.plan/1`), the contract with dispatch tools, and `trips.csv`.

Rows are the roster's 1-based data row numbers: the plan file carries no names, ID numbers or phones.
Times are local ISO 8601 without an offset (the zone's wall clock, China Standard Time).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from intake.exports import neutralise
from routing.model import (
    PARAM_FIELDS,
    BusType,
    CampaignParams,
    Place,
    Plan,
    PlannedCoach,
    PlanParams,
    PlanSummary,
    RosterFingerprint,
    Stop,
    Trip,
    Unassigned,
)

SCHEMA = "fanggang.plan/1"


class PlanFileError(ValueError):
    """A plan file that is not a fanggang.plan/1 document."""


def with_roster(plan: Plan, roster: bytes) -> Plan:
    """Record which roster file the row numbers refer to, so a manifest printed later from an
    edited roster is refused instead of printing the wrong people under the right rows."""
    fingerprint = RosterFingerprint(hashlib.sha256(roster).hexdigest(), len(roster))
    return dataclasses.replace(plan, params=dataclasses.replace(plan.params, roster=fingerprint))


def check_roster(plan: Plan, roster: bytes, source: str = "roster") -> None:
    expected = plan.params.roster
    if expected is not None and expected.sha256 != hashlib.sha256(roster).hexdigest():
        raise PlanFileError(
            f"{source} is not the roster this plan was made from (it changed "
            f"since planning): re-plan, or use the original roster"
        )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "params": params_to_dict(plan.params),
        "trips": [_trip_to_dict(trip) for trip in plan.trips],
        "unassigned": [
            {"row": u.row, "reason": u.reason, "constraint": u.constraint} for u in plan.unassigned
        ],
        "summary": summary_to_dict(plan.summary),
    }


def summary_to_dict(summary: PlanSummary) -> dict[str, Any]:
    return {
        "workers": summary.workers,
        "assigned": summary.assigned,
        "unassigned": summary.unassigned,
        "trips": summary.trips,
        "distance_km": summary.distance_km,
        "lower_bound": summary.lower_bound,
        "bound_method": summary.bound_method,
        "days": [
            {
                "date": d.date.isoformat(),
                "trips": d.trips,
                "workers": d.workers,
                "distance_km": d.distance_km,
            }
            for d in summary.days
        ],
    }


def params_to_dict(params: PlanParams) -> dict[str, Any]:
    """The typed parameters in the planner's order, then the extra ones as read; unsaid ones
    (None) are left out, as they always were."""
    rules = {
        name: getattr(params, name)
        for name in ("load_factor", "max_pickups", "max_dropoffs", "max_ride_hours")
    }
    rules["depart"] = params.depart and params.depart.isoformat(timespec="minutes")
    rules |= {
        "stop_minutes": params.stop_minutes,
        "drivers_per_coach": params.drivers_per_coach,
        "depot": params.depot and _place_to_dict(params.depot),
        "fleet": [_coach_to_dict(coach) for coach in params.fleet] or None,
    }
    run = {
        "time_limit_s": params.time_limit_s,
        "seed": params.seed,
        "solve_seconds": params.solve_seconds,
        "campaign": params.campaign and _campaign_to_dict(params.campaign),
        "roster": params.roster and {"sha256": params.roster.sha256, "bytes": params.roster.bytes},
    }
    return {**_said(rules), **params.extra, **_said(run)}


def _said(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def _place_to_dict(place: Place) -> dict[str, Any]:
    return {"name": place.name, "lat": place.lat, "lon": place.lon}


def _coach_to_dict(coach: PlannedCoach) -> dict[str, Any]:
    bus = coach.bus
    return {
        "type": bus.name,
        "seats": bus.seats,
        "count": bus.count,
        "cost_per_km": bus.cost_per_km,
        "capacity": coach.capacity,
        **({"depot": _place_to_dict(bus.depot)} if bus.depot else {}),
    }


def _campaign_to_dict(campaign: CampaignParams) -> dict[str, Any]:
    return {
        "departures": [d.isoformat(timespec="minutes") for d in campaign.departures],
        "max_wait_days": campaign.max_wait_days,
        "per_day": dict(campaign.per_day),
        "waiting_days": campaign.waiting_days,
        "workers_waiting": campaign.workers_waiting,
    }


def _trip_to_dict(trip: Trip) -> dict[str, Any]:
    return {
        "id": trip.id,
        "bus_type": trip.bus_type,
        "seats": trip.seats,
        "capacity": trip.capacity,
        "passengers": trip.passengers,
        "distance_km": trip.distance_km,
        "duration_min": trip.duration_min,
        "drive_minutes": trip.drive_min,
        "stops": [
            {
                "kind": stop.kind,
                "name": stop.place.name,
                "lat": round(stop.place.lat, 6),
                "lon": round(stop.place.lon, 6),
                "time": stop.time.isoformat(timespec="minutes"),
                "board": list(stop.board),
                "alight": list(stop.alight),
            }
            for stop in trip.stops
        ],
    }


def write_plan(plan: Plan, folder: Path) -> tuple[Path, Path]:
    """Write `plan.json` and `trips.csv` into `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    plan_path, trips_path = folder / "plan.json", folder / "trips.csv"
    plan_path.write_text(
        json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    trips_path.write_text(trips_csv(plan), encoding="utf-8-sig", newline="")
    return plan_path, trips_path


def trips_csv(plan: Plan) -> str:
    """One line per trip: what a dispatcher pastes into a spreadsheet. Place names and coach types
    come from user files, so a cell a spreadsheet would run as a formula gets a leading `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "trip",
            "bus_type",
            "seats",
            "capacity",
            "passengers",
            "depart",
            "arrive",
            "pickups",
            "dropoffs",
            "distance_km",
            "duration_min",
        ]
    )
    for trip in plan.trips:
        writer.writerow(
            neutralise(cell)
            for cell in [
                trip.id,
                trip.bus_type,
                trip.seats,
                trip.capacity,
                trip.passengers,
                trip.stops[0].time.isoformat(timespec="minutes"),
                trip.stops[-1].time.isoformat(timespec="minutes"),
                " | ".join(f"{s.place.name} ({len(s.board)})" for s in trip.pickups),
                " | ".join(f"{s.place.name} ({len(s.alight)})" for s in trip.dropoffs),
                trip.distance_km,
                trip.duration_min,
            ]
        )
    return buffer.getvalue()


def trip_document(document: dict[str, Any], code: str) -> dict[str, Any] | None:
    """The trip of that code as a plan document holds it (for comparing stored plans exactly),
    or None."""
    return next((trip for trip in document["trips"] if trip["id"] == code), None)


def boarding_rows(document: dict[str, Any]) -> set[int]:
    """The rows a plan document seats on any trip."""
    return {
        int(row) for trip in document["trips"] for stop in trip["stops"] for row in stop["board"]
    }


def read_plan(path: Path) -> Plan:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PlanFileError(f"{path}: not a readable JSON file ({exc})") from exc
    return plan_from_dict(document, source=str(path))


def plan_from_dict(document: dict[str, Any], source: str = "plan") -> Plan:
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise PlanFileError(f"{source}: schema is not {SCHEMA}")
    try:
        trips = tuple(_trip_from_dict(trip) for trip in document["trips"])
        unassigned = tuple(
            Unassigned(int(u["row"]), str(u["reason"]), str(u.get("constraint", "input")))
            for u in document["unassigned"]
        )
        summary = document.get("summary") or {}
        bound = summary.get("lower_bound")
        return Plan(
            trips=trips,
            unassigned=unassigned,
            params=params_from_dict(document.get("params") or {}),
            lower_bound=None if bound is None else int(bound),
            bound_method=str(summary.get("bound_method") or ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanFileError(f"{source}: malformed plan ({exc})") from exc


def _trip_from_dict(trip: dict[str, Any]) -> Trip:
    stops = tuple(
        Stop(
            kind=stop["kind"],
            place=Place(stop["name"], float(stop["lat"]), float(stop["lon"])),
            time=dt.datetime.fromisoformat(stop["time"]),
            board=tuple(int(r) for r in stop.get("board", ())),
            alight=tuple(int(r) for r in stop.get("alight", ())),
        )
        for stop in trip["stops"]
    )
    return Trip(
        id=str(trip["id"]),
        bus_type=str(trip.get("bus_type", "")),
        seats=int(trip["seats"]),
        capacity=int(trip["capacity"]),
        stops=stops,
        distance_km=float(trip["distance_km"]),
        duration_min=float(trip["duration_min"]),
        drive_min=float(trip.get("drive_minutes", 0.0)),
    )


def params_from_dict(document: dict[str, Any]) -> PlanParams:
    """The inverse of `params_to_dict`: numbers keep the type they were written with."""
    typed = {
        name: document[name]
        for name in (
            "load_factor",
            "max_pickups",
            "max_dropoffs",
            "max_ride_hours",
            "stop_minutes",
            "drivers_per_coach",
            "time_limit_s",
            "seed",
            "solve_seconds",
        )
        if name in document
    }
    for name, value in typed.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"params.{name} is not a number: {value!r}")
    depart, depot = document.get("depart"), document.get("depot")
    campaign, roster = document.get("campaign"), document.get("roster")
    return PlanParams(
        **typed,
        depart=None if depart is None else dt.datetime.fromisoformat(depart),
        depot=None if depot is None else _place_from_dict(depot),
        fleet=tuple(_coach_from_dict(coach) for coach in document.get("fleet") or ()),
        campaign=None if campaign is None else _campaign_from_dict(campaign),
        roster=None
        if roster is None
        else RosterFingerprint(str(roster["sha256"]), int(roster["bytes"])),
        extra={name: value for name, value in document.items() if name not in PARAM_FIELDS},
    )


def _place_from_dict(place: dict[str, Any]) -> Place:
    return Place(str(place["name"]), place["lat"], place["lon"])


def _coach_from_dict(coach: dict[str, Any]) -> PlannedCoach:
    depot = coach.get("depot")
    bus = BusType(
        str(coach["type"]),
        int(coach["seats"]),
        coach.get("count"),
        coach.get("cost_per_km", 0.0),
        None if depot is None else _place_from_dict(depot),
    )
    return PlannedCoach(bus, int(coach.get("capacity", bus.seats)))


def _campaign_from_dict(campaign: dict[str, Any]) -> CampaignParams:
    return CampaignParams(
        departures=tuple(dt.datetime.fromisoformat(d) for d in campaign["departures"]),
        max_wait_days=int(campaign["max_wait_days"]),
        per_day={str(name): int(count) for name, count in (campaign.get("per_day") or {}).items()},
        waiting_days=int(campaign.get("waiting_days", 0)),
        workers_waiting=int(campaign.get("workers_waiting", 0)),
    )
