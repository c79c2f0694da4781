"""The verbs of `python -m routing` that print plans: `manifest` (PDF, XLSX or CSV), `notices`
(one SMS per planned worker) and `statements` (cost statements, the campaign's summary, the test
reimbursements). With routing/cli.py the only routing module that imports documents/ (see
ARCHITECTURE.md); routing/cli.py parses and dispatches."""

from __future__ import annotations

import argparse
import io
import sys

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
    UNKNOWN_PREFECTURE,
    CoachCost,
    build_statements,
    costs_from_plan,
    yuan,
)
from places import Gazetteer, PlaceError
from routing.fleetfile import read_fleet_terms
from routing.model import Plan
from routing.planfile import check_roster, read_plan


def manifest(args: argparse.Namespace) -> int:
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


def notices(args: argparse.Namespace) -> int:
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


def statements(args: argparse.Namespace) -> int:
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
