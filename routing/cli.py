"""`python -m routing plan | solve-vrplib | sample | manifest`: a thin layer over the library.

The project's own errors become one line on stderr and exit code 2; nothing else is caught, so a
bug still shows its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import math
import sys
from collections.abc import Sequence
from pathlib import Path

from intake import InputError
from places import Gazetteer, PlaceError
from routing.distances import DistanceServiceError, GeodesicDistances, OsrmDistances
from routing.geocoding import FallbackGeocoder, Geocoder, OfflineGeocoder, OnlineGeocoder
from routing.inputs import read_employers, read_fleet, read_roster
from routing.manifest import (
    Crew,
    ManifestError,
    build_manifests,
    manifest_pdf,
    read_crew,
    read_people,
)
from routing.manifest_xlsx import arrivals_csv, manifest_csv, manifest_xlsx
from routing.model import BusType, PlanningError, Problem, Rules
from routing.planfile import PlanFileError, check_roster, read_plan, with_roster, write_plan
from routing.planner import Progress, plan_trips, solve_cvrp
from routing.sample import build_sample
from routing.vrplib import VrplibError, read_instance

DEFAULT_DEPOT = "郑州高新区"
USER_ERRORS = (InputError, PlaceError, PlanningError, DistanceServiceError, PlanFileError,
               VrplibError, ManifestError, OSError, ValueError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except USER_ERRORS as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 2


def _one_line(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename and error.strerror:
        return f"{error.filename}: {error.strerror.lower()}"  # not "[Errno 2] No such file ..."
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m routing",
                                     description="Plan point-to-point coaches for returning workers.")
    commands = parser.add_subparsers(dest="command", required=True)

    plan = commands.add_parser("plan", help="plan coaches for a roster")
    plan.add_argument("roster", type=Path, help="roster CSV/XLSX, one row per worker")
    plan.add_argument("--employers", type=Path, required=True, help="employers CSV/XLSX")
    fleet = plan.add_mutually_exclusive_group()
    fleet.add_argument("--seats", type=int, default=None, help="identical coaches of N seats (45)")
    fleet.add_argument("--fleet", type=Path, help="fleet file: type, seats, count, cost_per_km")
    plan.add_argument("--load-factor", type=float, default=1.0, help="share of seats in use (0.5)")
    plan.add_argument("--max-pickups", type=int, default=3, help="pickup points per coach (3)")
    plan.add_argument("--max-dropoffs", type=int, default=3, help="employers per coach (3)")
    plan.add_argument("--max-ride-hours", type=float, default=8.0, help="longest ride (8)")
    plan.add_argument("--depart", type=_datetime, default=Rules().depart,
                      help="departure from the depot, e.g. 2020-02-20T06:00")
    plan.add_argument("--stop-minutes", type=float, default=Rules().stop_minutes,
                      help="minutes spent at each pickup or drop-off (10)")
    plan.add_argument("--depot", default=DEFAULT_DEPOT,
                      help="where coaches start: a place name or 'lat,lon' (郑州高新区)")
    plan.add_argument("--road-factor", type=float, default=1.3, help="road km per straight km")
    plan.add_argument("--speed", type=float, default=70.0, help="average coach speed, km/h")
    plan.add_argument("--osrm", metavar="URL", help="use an OSRM server for road distances")
    plan.add_argument("--geocoder", choices=("offline", "nominatim"), default="offline",
                      help="back the gazetteer with an online geocoder (off by default)")
    plan.add_argument("--geocoder-url", default=None, help="Nominatim server, e.g. localhost:8080")
    plan.add_argument("--time-limit", type=float, default=10.0, help="search seconds (10)")
    plan.add_argument("--seed", type=int, default=0, help="same seed, same plan (0)")
    plan.add_argument("--out", type=Path, required=True, help="folder for plan.json and trips.csv")
    plan.add_argument("--quiet", action="store_true", help="print only the summary")
    plan.set_defaults(run=_plan)

    vrp = commands.add_parser("solve-vrplib", help="solve a CVRPLIB instance with the same engine")
    vrp.add_argument("instance", type=Path)
    vrp.add_argument("--time-limit", type=float, default=10.0)
    vrp.add_argument("--seed", type=int, default=0)
    vrp.add_argument("--vehicles", type=int, default=None,
                     help="fleet size (default: 2 x the k in the instance name, or n)")
    vrp.set_defaults(run=_solve_vrplib)

    sample = commands.add_parser("sample", help="write the sample roster, employers and fleet")
    sample.add_argument("--out", type=Path, required=True)
    sample.set_defaults(run=_sample)

    manifest = commands.add_parser("manifest", help="passenger manifests as PDF, XLSX or CSV")
    manifest.add_argument("plan", type=Path, help="plan.json written by `plan`")
    manifest.add_argument("--roster", type=Path, required=True, help="the roster the plan was made from")
    manifest.add_argument("--trip", action="append", default=[], metavar="ID",
                          help="only this trip (repeat for several; default all)")
    manifest.add_argument("--masked", action="store_true", help="mask ID numbers and phones")
    manifest.add_argument("--crew", type=Path, help="CSV/XLSX: trip, plate, driver, driver_phone, "
                          "coordinator, coordinator_phone")
    manifest.add_argument("--coordinator", default="", help="coordinator printed on every trip")
    manifest.add_argument("--coordinator-phone", default="", help="the coordinator's phone")
    manifest.add_argument("--app-url", default="",
                          help="the app's address (http://host:8501): the QR codes then open "
                               "each trip's page in the app")
    manifest.add_argument("--arrivals", action="store_true",
                          help="with a .csv --out, write the per-employer arrival list instead")
    manifest.add_argument("--out", type=Path, required=True, help="FILE.pdf, FILE.xlsx or FILE.csv")
    manifest.set_defaults(run=_manifest)
    return parser


def _datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date and time like 2020-02-20T06:00"
                                         ) from None


def _geocoder(args: argparse.Namespace) -> Geocoder:
    gazetteer = Gazetteer.default()
    if args.geocoder == "offline":
        return OfflineGeocoder(gazetteer)
    from geopy.geocoders import Nominatim

    options = {"user_agent": "fanggang"}
    if args.geocoder_url:
        options |= {"domain": args.geocoder_url, "scheme": "http"}
    online = OnlineGeocoder(Nominatim(**options).geocode, cache_file=Path("var/geocode-cache.json"))
    return FallbackGeocoder(gazetteer, online)


def _depot(text: str, geocoder: Geocoder):
    from routing.model import Place

    parts = text.split(",")
    if len(parts) == 2:
        try:
            return Place("depot", float(parts[0]), float(parts[1]))
        except ValueError:
            pass
    return geocoder.locate(text, within="郑州市")


def _plan(args: argparse.Namespace) -> int:
    geocoder = _geocoder(args)
    rules = Rules(load_factor=args.load_factor, max_pickups=args.max_pickups,
                  max_dropoffs=args.max_dropoffs, max_ride_hours=args.max_ride_hours,
                  depart=args.depart, stop_minutes=args.stop_minutes)
    if args.fleet:
        with args.fleet.open("rb") as f:
            fleet = tuple(read_fleet(f, source=str(args.fleet)))
    else:
        fleet = (BusType(f"{args.seats or 45}座大巴", args.seats or 45),)
    with args.employers.open("rb") as f:
        employers, employer_errors = read_employers(f, geocoder, source=str(args.employers))
    roster_bytes = args.roster.read_bytes()
    roster = read_roster(io.BytesIO(roster_bytes), employers, geocoder, depart=rules.depart,
                         source=str(args.roster))
    if not roster.rows:
        raise InputError(f"{args.roster}: the roster has no worker rows")
    problem = Problem(
        workers=tuple(roster.workers), employers={e.name: e for e in employers.values()},
        fleet=fleet, depot=_depot(args.depot, geocoder), rules=rules,
        rejected=tuple(roster.rejected),
    )
    distances = (OsrmDistances(args.osrm) if args.osrm
                 else GeodesicDistances(road_factor=args.road_factor, speed_kmh=args.speed))
    plan = with_roster(plan_trips(problem, distances=distances, time_limit_s=args.time_limit,
                                  seed=args.seed,
                                  on_progress=None if args.quiet else _print_progress), roster_bytes)
    plan_path, trips_path = write_plan(plan, args.out)
    if not args.quiet:
        for error in employer_errors:
            print(f"employers {error}")
        for item in plan.unassigned:
            print(f"row {item.row}: {item.reason}")
        for warning in roster.warnings:
            print(f"提醒 warning {warning}")
    summary = plan.summary
    print(f"{summary['assigned']} of {summary['workers']} workers on {summary['trips']} trips, "
          f"{summary['distance_km']} km; {summary['unassigned']} not placed. "
          f"Wrote {plan_path} and {trips_path}")
    return 0


def _print_progress(progress: Progress) -> None:
    print(f"[{progress.fraction:4.0%}] {progress.message}", file=sys.stderr)


def _solve_vrplib(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    vehicles = args.vehicles or _default_vehicles(instance.name, instance.customers)
    routes = solve_cvrp(instance.distances, instance.demands, instance.capacity, vehicles=vehicles,
                        time_limit_s=args.time_limit, seed=args.seed)
    for number, route in enumerate(routes, start=1):
        print(f"Route #{number}: {' '.join(map(str, route))}")
    print(f"cost {instance.cost(routes)}")
    return 0


def _default_vehicles(name: str, customers: int) -> int:
    """CVRPLIB names end in -kN (N the vehicles of the best solution); allow twice as many."""
    tail = name.rsplit("-k", 1)
    if len(tail) == 2 and tail[1].isdigit():
        return 2 * int(tail[1])
    return max(1, math.ceil(customers / 2))


def _sample(args: argparse.Namespace) -> int:
    for path in build_sample().write(args.out):
        print(f"wrote {path}")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    kind = args.out.suffix.lower()
    if kind not in (".pdf", ".xlsx", ".csv"):
        raise ManifestError(f"--out {args.out}: name a .pdf, .xlsx or .csv file")
    if args.arrivals and kind != ".csv":
        raise ManifestError("--arrivals writes a CSV file (the .xlsx always has the arrival list)")
    plan = read_plan(args.plan)
    roster_bytes = args.roster.read_bytes()
    check_roster(plan, roster_bytes, source=str(args.roster))
    people = read_people(io.BytesIO(roster_bytes), source=str(args.roster))
    crews = None
    if args.crew:
        with args.crew.open("rb") as f:
            crews = read_crew(f, source=str(args.crew))
    manifests = build_manifests(plan, people, trips=args.trip, masked=args.masked,
                                crew=Crew(coordinator=args.coordinator,
                                          coordinator_phone=args.coordinator_phone),
                                crews=crews, app_url=args.app_url)
    if kind == ".pdf":
        args.out.write_bytes(manifest_pdf(manifests))
    elif kind == ".xlsx":
        args.out.write_bytes(manifest_xlsx(manifests))
    else:
        text = arrivals_csv(manifests) if args.arrivals else manifest_csv(manifests)
        args.out.write_text(text, encoding="utf-8-sig", newline="")
    passengers = sum(m.trip.passengers for m in manifests)
    print(f"wrote {args.out}: {len(manifests)} trips, {passengers} passengers")
    return 0
