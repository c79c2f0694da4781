"""`python -m routing plan | solve-vrplib | sample | manifest | notices | statements`: a thin
layer over the library.

The command line is the one place routing reaches `documents/`: the manifest, notice and statement
verbs print plans, and printing lives there (documents imports routing's model; no other routing
module imports documents).

The project's own errors (`USER_ERRORS`: input, place, planning, distance-service, plan-file,
CVRPLIB and manifest errors), and OSError and ValueError (an unreadable file, a value the
library refused), become one line on stderr and exit code 2; anything else is not caught, so a
bug still shows its traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from documents.manifest import Crew, ManifestError, build_manifests, read_crew, read_people
from documents.manifest_pdf import manifest_pdf
from documents.manifest_xlsx import arrivals_csv, manifest_csv, manifest_xlsx
from documents.notices import (
    SEGMENT,
    NoticeSettings,
    build_notices,
    cancellations,
    notices_csv,
    to_tell_again,
)
from documents.roster import Contact, read_boarded, read_contacts, read_pickup_addresses
from documents.statement_files import write_statements
from documents.statements import (
    DEFAULT_TEST_FEE,
    SPLIT_RULES,
    UNKNOWN_PREFECTURE,
    CoachCost,
    build_statements,
    costs_from_plan,
    yuan,
)
from intake import InputError
from intake.cli import fail
from places import Gazetteer, PlaceError
from routing.campaign import Campaign, plan_campaign
from routing.distances import DistanceServiceError, GeodesicDistances, OsrmDistances
from routing.fleetfile import read_fleet_terms
from routing.geocoding import FallbackGeocoder, Geocoder, OfflineGeocoder, OnlineGeocoder
from routing.inputs import read_employers, read_fleet, read_roster
from routing.model import DEPOT_NAME, BusType, Plan, PlanningError, Problem, Rules
from routing.planfile import PlanFileError, check_roster, read_plan, with_roster, write_plan
from routing.planner import Progress, plan_trips
from routing.sample import build_sample
from routing.search import solve_cvrp
from routing.vrplib import VrplibError, read_instance

USER_ERRORS = (
    InputError,
    PlaceError,
    PlanningError,
    DistanceServiceError,
    PlanFileError,
    VrplibError,
    ManifestError,
    OSError,
    ValueError,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except USER_ERRORS as error:
        return fail(error)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m routing", description="Plan point-to-point coaches for returning workers."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    plan = commands.add_parser("plan", help="plan coaches for a roster")
    plan.add_argument("roster", type=Path, help="roster CSV/XLSX, one row per worker")
    plan.add_argument("--employers", type=Path, required=True, help="employers CSV/XLSX")
    fleet = plan.add_mutually_exclusive_group()
    fleet.add_argument("--seats", type=int, default=None, help="identical coaches of N seats (45)")
    fleet.add_argument(
        "--fleet",
        type=Path,
        help="fleet file: type, seats, count, cost_per_km, per_day, "
        "depot (始发地: a type's home depot, or 纬度+经度)",
    )
    plan.add_argument("--load-factor", type=float, default=1.0, help="share of seats in use (0.5)")
    plan.add_argument("--max-pickups", type=int, default=3, help="pickup points per coach (3)")
    plan.add_argument("--max-dropoffs", type=int, default=3, help="employers per coach (3)")
    plan.add_argument("--max-ride-hours", type=float, default=8.0, help="longest ride (8)")
    plan.add_argument(
        "--depart",
        type=_datetime,
        action="append",
        default=None,
        help="departure from the depot, e.g. 2020-02-20T06:00 (repeat for a "
        "campaign of several departures)",
    )
    plan.add_argument(
        "--days",
        type=int,
        default=1,
        help="a campaign: one departure a day at --depart's time for N days (1)",
    )
    plan.add_argument(
        "--max-wait-days",
        type=int,
        default=0,
        help="a worker ready on day d rides between d and d+K (0: first departure)",
    )
    plan.add_argument(
        "--stop-minutes",
        type=float,
        default=Rules().stop_minutes,
        help="minutes spent at each pickup or drop-off (10)",
    )
    plan.add_argument(
        "--drivers-per-coach",
        type=int,
        default=Rules().drivers_per_coach,
        help="每车司机人数：每人每日驾驶不超过 8 小时 (2)",
    )
    plan.add_argument(
        "--depot",
        default=DEPOT_NAME,
        help=f"where coaches start: a place name or 'lat,lon' ({DEPOT_NAME})",
    )
    plan.add_argument("--road-factor", type=float, default=1.3, help="road km per straight km")
    plan.add_argument("--speed", type=float, default=70.0, help="average coach speed, km/h")
    plan.add_argument("--osrm", metavar="URL", help="use an OSRM server for road distances")
    plan.add_argument(
        "--geocoder",
        choices=("offline", "nominatim"),
        default="offline",
        help="back the gazetteer with an online geocoder (off by default)",
    )
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
    vrp.add_argument(
        "--vehicles",
        type=int,
        default=None,
        help="fleet size (default: 2 x the k in the instance name, or n)",
    )
    vrp.set_defaults(run=_solve_vrplib)

    sample = commands.add_parser("sample", help="write the sample roster, employers and fleet")
    sample.add_argument("--out", type=Path, required=True)
    sample.set_defaults(run=_sample)

    manifest = commands.add_parser("manifest", help="passenger manifests as PDF, XLSX or CSV")
    manifest.add_argument("plan", type=Path, help="plan.json written by `plan`")
    manifest.add_argument(
        "--roster", type=Path, required=True, help="the roster the plan was made from"
    )
    manifest.add_argument(
        "--trip",
        action="append",
        default=[],
        metavar="ID",
        help="only this trip (repeat for several; default all)",
    )
    manifest.add_argument("--masked", action="store_true", help="mask ID numbers and phones")
    manifest.add_argument(
        "--crew",
        type=Path,
        help="CSV/XLSX: trip, plate, driver, driver_phone, coordinator, coordinator_phone",
    )
    manifest.add_argument("--coordinator", default="", help="coordinator printed on every trip")
    manifest.add_argument("--coordinator-phone", default="", help="the coordinator's phone")
    manifest.add_argument(
        "--app-url",
        default="",
        help="the app's address (http://host:8501): the QR codes then open "
        "each trip's page in the app",
    )
    manifest.add_argument(
        "--arrivals",
        action="store_true",
        help="with a .csv --out, write the per-employer arrival list instead",
    )
    manifest.add_argument("--out", type=Path, required=True, help="FILE.pdf, FILE.xlsx or FILE.csv")
    manifest.set_defaults(run=_manifest)

    notices = commands.add_parser("notices", help="短信通知 one SMS per planned worker (CSV)")
    notices.add_argument("plan", type=Path, help="plan.json written by `plan`")
    notices.add_argument("--roster", type=Path, required=True, help="the roster of the plan")
    notices.add_argument("--out", type=Path, required=True, help="notices.csv (UTF-8 with BOM)")
    notices.add_argument("--coordinator-phone", default="", help="联系电话 printed in every notice")
    notices.add_argument(
        "--bring", default=NoticeSettings().bring, help="what to bring (身份证、口罩)"
    )
    notices.add_argument(
        "--pickups", type=Path, help="CSV/XLSX: 上车点, 地址 (meeting address of each pickup point)"
    )
    notices.add_argument(
        "--previous",
        type=Path,
        metavar="OLD_PLAN",
        help="the plan workers were told about: adds 需重新通知 and cancellation notices",
    )
    notices.set_defaults(run=_notices)

    statements = commands.add_parser("statements", help="费用结算单、活动汇总、核酸检测报销名单")
    statements.add_argument("plan", type=Path, help="plan.json written by `plan`")
    statements.add_argument("--roster", type=Path, required=True, help="the roster of the plan")
    statements.add_argument("--fleet", type=Path, help="fleet file: cost_per_km, fixed_cost")
    statements.add_argument("--out", type=Path, required=True, help="folder for the files")
    statements.add_argument(
        "--split",
        choices=tuple(SPLIT_RULES),
        default="head",
        help="share a trip's cost per head (default) or per seat-km",
    )
    statements.add_argument(
        "--test-fee",
        type=float,
        default=DEFAULT_TEST_FEE,
        help="nucleic-acid test reimbursed per boarded worker (100 yuan)",
    )
    statements.add_argument(
        "--checkins",
        type=Path,
        help="CSV/XLSX: 车次, 编号, 状态 (boarded workers); without it every "
        "planned worker counts as boarded",
    )
    statements.set_defaults(run=_statements)
    return parser


def _datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date and time like 2020-02-20T06:00"
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
    campaign = _campaign(args)
    rules = Rules(
        load_factor=args.load_factor,
        max_pickups=args.max_pickups,
        max_dropoffs=args.max_dropoffs,
        max_ride_hours=args.max_ride_hours,
        depart=campaign.departures[0],
        stop_minutes=args.stop_minutes,
        drivers_per_coach=args.drivers_per_coach,
    )
    if args.fleet:
        with args.fleet.open("rb") as f:
            fleet = tuple(read_fleet(f, geocoder, source=str(args.fleet)))
        with args.fleet.open("rb") as f:
            per_day = {
                name: terms.per_day
                for name, terms in read_fleet_terms(f, source=str(args.fleet)).items()
                if terms.per_day is not None
            }
        campaign = dataclasses.replace(campaign, per_day=per_day)
    else:
        fleet = (BusType.chartered(args.seats or 45),)
    with args.employers.open("rb") as f:
        employers, employer_errors = read_employers(f, geocoder, source=str(args.employers))
    roster_bytes = args.roster.read_bytes()
    roster = read_roster(
        io.BytesIO(roster_bytes),
        employers,
        geocoder,
        depart=_reader_depart(campaign),
        source=str(args.roster),
    )
    if not roster.rows:
        raise InputError(f"{args.roster}: the roster has no worker rows")
    problem = Problem(
        workers=tuple(roster.workers),
        employers={e.name: e for e in employers.values()},
        fleet=fleet,
        depot=_depot(args.depot, geocoder),
        rules=rules,
        rejected=tuple(roster.rejected),
    )
    distances = (
        OsrmDistances(args.osrm)
        if args.osrm
        else GeodesicDistances(road_factor=args.road_factor, speed_kmh=args.speed)
    )
    progress = None if args.quiet else _print_progress
    if _is_campaign(campaign):
        made = plan_campaign(
            problem,
            campaign,
            distances=distances,
            time_limit_s=args.time_limit,
            seed=args.seed,
            on_progress=progress,
        )
    else:
        made = plan_trips(
            problem,
            distances=distances,
            time_limit_s=args.time_limit,
            seed=args.seed,
            on_progress=progress,
        )
    plan = with_roster(made, roster_bytes)
    plan_path, trips_path = write_plan(plan, args.out)
    if not args.quiet:
        for error in employer_errors:
            print(f"单位文件 employers {error}")
        for item in plan.unassigned:
            print(f"第 {item.row} 行：{item.reason}")
        for warning in roster.warnings:
            print(f"提醒 warning {warning}")
    summary = plan.summary
    bound = summary.lower_bound
    print(
        f"{summary.workers} 名工人中 {summary.assigned} 名安排上 {summary.trips} 辆车，"
        f"{summary.distance_km} 公里；{summary.unassigned} 名未安排。"
        + (f"任何方案至少需要 {bound} 辆车。" if bound else "")
        + f"已写出 {plan_path} 和 {trips_path}"
    )
    return 0


def _campaign(args: argparse.Namespace) -> Campaign:
    departs = sorted(set(args.depart or [Rules().depart]))
    if args.days > 1 and len(departs) > 1:
        raise PlanningError("--days 只能与一个 --depart 一起使用 --days goes with one --depart")
    if args.days > 1:
        return Campaign.daily(departs[0], args.days, args.max_wait_days)
    return Campaign(tuple(departs), args.max_wait_days)


def _is_campaign(campaign: Campaign) -> bool:
    return len(campaign.departures) > 1 or campaign.max_wait_days > 0


def _reader_depart(campaign: Campaign) -> dt.datetime:
    """A single departure is judged by the roster reader (ready by the departure date); in a
    campaign the campaign judges ready dates, and the reader only needs the year for dates
    written without one, so it is given the last day of the campaign's year."""
    if not _is_campaign(campaign):
        return campaign.departures[0]
    last = campaign.departures[-1]
    return dt.datetime(last.year, 12, 31, 23, 59)


def _print_progress(progress: Progress) -> None:
    print(f"[{progress.fraction:4.0%}] {progress.message}", file=sys.stderr)


def _solve_vrplib(args: argparse.Namespace) -> int:
    instance = read_instance(args.instance)
    vehicles = args.vehicles or instance.default_vehicles
    routes = solve_cvrp(
        instance.distances,
        instance.demands,
        instance.capacity,
        vehicles=vehicles,
        time_limit_s=args.time_limit,
        seed=args.seed,
    )
    for number, route in enumerate(routes, start=1):
        print(f"Route #{number}: {' '.join(map(str, route))}")
    print(f"cost {instance.cost(routes)}")
    return 0


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
    manifests = build_manifests(
        plan,
        people,
        trips=args.trip,
        masked=args.masked,
        crew=Crew(coordinator=args.coordinator, coordinator_phone=args.coordinator_phone),
        crews=crews,
        app_url=args.app_url,
    )
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


def _planned(args: argparse.Namespace) -> tuple[Plan, dict[int, Contact]]:
    plan = read_plan(args.plan)
    roster_bytes = args.roster.read_bytes()
    check_roster(plan, roster_bytes, source=str(args.roster))
    return plan, read_contacts(io.BytesIO(roster_bytes), source=str(args.roster))


def _notices(args: argparse.Namespace) -> int:
    plan, contacts = _planned(args)
    addresses = None
    if args.pickups:
        with args.pickups.open("rb") as f:
            addresses = read_pickup_addresses(f, source=str(args.pickups))
    settings = NoticeSettings(
        bring=args.bring, coordinator_phone=args.coordinator_phone, pickup_addresses=addresses
    )
    current = build_notices(plan, contacts, settings)
    again, gone = None, []
    if args.previous:
        before = build_notices(read_plan(args.previous), contacts, settings)
        again = to_tell_again(before, current)
        gone = cancellations(before, current, settings)
        again |= {n.row for n in gone}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        notices_csv([*current, *gone], again=again), encoding="utf-8-sig", newline=""
    )
    long = [n for n in [*current, *gone] if n.too_long]
    print(
        f"已写出 wrote {args.out}：{len(current)} 条通知 notices"
        + (
            f"，{len(again)} 人需重新通知 to tell again（其中 {len(gone)} 人取消 cancelled）"
            if again is not None
            else ""
        )
    )
    if long:
        print(
            f"{len(long)} 条超过 {SEGMENT} 字（按两条短信计费） over one SMS segment: 行 rows "
            + ", ".join(str(n.row) for n in long[:20]),
            file=sys.stderr,
        )
    return 0


def _statements(args: argparse.Namespace) -> int:
    plan, contacts = _planned(args)
    costs = costs_from_plan(plan)
    if args.fleet:
        with args.fleet.open("rb") as f:
            costs = {
                name: CoachCost(terms.cost_per_km, terms.fixed_cost)
                for name, terms in read_fleet_terms(f, source=str(args.fleet)).items()
            }
    boarded = None
    if args.checkins:
        with args.checkins.open("rb") as f:
            boarded = read_boarded(f, source=str(args.checkins))
    gazetteer = Gazetteer.default()
    statements = build_statements(
        plan,
        contacts,
        costs,
        rule=args.split,
        test_fee=args.test_fee,
        boarded=boarded,
        prefecture_of=lambda text: _prefecture(gazetteer, text),
    )
    written = write_statements(statements, args.out)
    summary = statements.summary
    print(
        f"已写出 wrote {len(written)} 个文件 files to {args.out}：{len(statements.employers)} "
        f"家单位 employers，{summary.coaches} 车次 trips，{summary.distance_km:,.1f} km，"
        f"费用 cost {yuan(summary.cost_fen)} 元，核酸报销 {summary.boarded} 人"
        + (
            ""
            if boarded is not None
            else "（无登车记录：按全部已安排工人计 no check-in file: "
            "every planned worker counts as boarded）"
        )
    )
    return 0


def _prefecture(gazetteer: Gazetteer, text: str) -> str:
    try:
        division = gazetteer.resolve(text)
    except PlaceError:
        return UNKNOWN_PREFECTURE
    return division.prefecture or division.name
