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
from routing.model import Place, Plan, Stop, Trip, Unassigned

SCHEMA = "fanggang.plan/1"


class PlanFileError(ValueError):
    """A plan file that is not a fanggang.plan/1 document."""


def with_roster(plan: Plan, roster: bytes) -> Plan:
    """Record which roster file the row numbers refer to, so a manifest printed later from an
    edited roster is refused instead of printing the wrong people under the right rows."""
    fingerprint = {"sha256": hashlib.sha256(roster).hexdigest(), "bytes": len(roster)}
    return dataclasses.replace(plan, params={**plan.params, "roster": fingerprint})


def check_roster(plan: Plan, roster: bytes, source: str = "roster") -> None:
    expected = plan.params.get("roster")
    if isinstance(expected, dict) and expected.get("sha256") != hashlib.sha256(roster).hexdigest():
        raise PlanFileError(f"{source} is not the roster this plan was made from (it changed "
                            f"since planning): re-plan, or use the original roster")


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "params": dict(plan.params),
        "trips": [_trip_to_dict(trip) for trip in plan.trips],
        "unassigned": [{"row": u.row, "reason": u.reason, "constraint": u.constraint}
                       for u in plan.unassigned],
        "summary": {**plan.summary, "days": days_summary(plan)},
    }


def days_summary(plan: Plan) -> list[dict[str, Any]]:
    """Per departure day (the date of each trip's first stop): trips, workers aboard, km."""
    days: dict[dt.date, dict[str, Any]] = {}
    for trip in sorted(plan.trips, key=lambda t: t.stops[0].time):
        day = days.setdefault(trip.stops[0].time.date(), {"trips": 0, "workers": 0, "km": 0.0})
        day["trips"] += 1
        day["workers"] += trip.passengers
        day["km"] += trip.distance_km
    return [{"date": date.isoformat(), "trips": day["trips"], "workers": day["workers"],
             "distance_km": round(day["km"], 1)} for date, day in days.items()]


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
    plan_path.write_text(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1),
                         encoding="utf-8")
    trips_path.write_text(trips_csv(plan), encoding="utf-8-sig", newline="")
    return plan_path, trips_path


def trips_csv(plan: Plan) -> str:
    """One line per trip: what a dispatcher pastes into a spreadsheet. Place names and coach types
    come from user files, so a cell a spreadsheet would run as a formula gets a leading `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["trip", "bus_type", "seats", "capacity", "passengers", "depart", "arrive",
                     "pickups", "dropoffs", "distance_km", "duration_min"])
    for trip in plan.trips:
        writer.writerow(neutralise(cell) for cell in [
            trip.id, trip.bus_type, trip.seats, trip.capacity, trip.passengers,
            trip.stops[0].time.isoformat(timespec="minutes"),
            trip.stops[-1].time.isoformat(timespec="minutes"),
            " | ".join(f"{s.place.name} ({len(s.board)})" for s in trip.pickups),
            " | ".join(f"{s.place.name} ({len(s.alight)})" for s in trip.dropoffs),
            trip.distance_km, trip.duration_min,
        ])
    return buffer.getvalue()


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
        unassigned = tuple(Unassigned(int(u["row"]), str(u["reason"]),
                                      str(u.get("constraint", "input")))
                           for u in document["unassigned"])
        summary = document.get("summary") or {}
        bound = summary.get("lower_bound")
        return Plan(trips=trips, unassigned=unassigned, params=document.get("params", {}),
                    lower_bound=None if bound is None else int(bound),
                    bound_method=str(summary.get("bound_method") or ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanFileError(f"{source}: malformed plan ({exc})") from exc


def _trip_from_dict(trip: dict[str, Any]) -> Trip:
    stops = tuple(
        Stop(kind=stop["kind"], place=Place(stop["name"], float(stop["lat"]), float(stop["lon"])),
             time=dt.datetime.fromisoformat(stop["time"]),
             board=tuple(int(r) for r in stop.get("board", ())),
             alight=tuple(int(r) for r in stop.get("alight", ())))
        for stop in trip["stops"]
    )
    return Trip(id=str(trip["id"]), bus_type=str(trip.get("bus_type", "")), seats=int(trip["seats"]),
                capacity=int(trip["capacity"]), stops=stops,
                distance_km=float(trip["distance_km"]), duration_min=float(trip["duration_min"]),
                drive_min=float(trip.get("drive_minutes", 0.0)))
