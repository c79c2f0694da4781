"""`python -m routing plan | solve-vrplib | sample | manifest | notices | statements`: a thin
layer over the library. This module is the parser, the dispatch and the error translation; the
verbs are in routing/cli_plan.py (plan, solve-vrplib, sample) and routing/cli_documents.py
(manifest, notices, statements).

The command line is the one place routing reaches `documents/`: the manifest, notice and statement
verbs print plans, and printing lives there (documents imports routing's model). Only this module
(the verbs' defaults, ManifestError) and routing/cli_documents.py import documents.

The project's own errors (`USER_ERRORS`: input, place, planning, distance-service, plan-file,
CVRPLIB and manifest errors), and OSError and ValueError (an unreadable file, a value the
library refused), become one line on stderr and exit code 2; anything else is not caught, so a
bug still shows its traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from documents.manifest import ManifestError
from documents.notices import NoticeSettings
from documents.statements import DEFAULT_TEST_FEE, SPLIT_RULES
from intake import InputError
from intake.cli import fail
from places import PlaceError
from routing import cli_documents, cli_plan
from routing.distances import DistanceServiceError
from routing.model import DEPOT_NAME, PlanningError, Rules
from routing.planfile import PlanFileError
from routing.vrplib import VrplibError

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
    plan.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="hard cap in seconds (30 per 2,300 workers, at least 30, per departure day): "
        "the search's work is counted, so the same roster and seed give the same plan",
    )
    plan.add_argument("--seed", type=int, default=0, help="same seed, same plan (0)")
    plan.add_argument("--out", type=Path, required=True, help="folder for plan.json and trips.csv")
    plan.add_argument("--quiet", action="store_true", help="print only the summary")
    plan.set_defaults(run=cli_plan.plan)

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
    vrp.set_defaults(run=cli_plan.solve_vrplib)

    sample = commands.add_parser("sample", help="write the sample roster, employers and fleet")
    sample.add_argument("--out", type=Path, required=True)
    sample.set_defaults(run=cli_plan.sample)

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
    manifest.set_defaults(run=cli_documents.manifest)

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
    notices.set_defaults(run=cli_documents.notices)

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
    statements.set_defaults(run=cli_documents.statements)
    return parser


def _datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date and time like 2020-02-20T06:00"
        ) from None
