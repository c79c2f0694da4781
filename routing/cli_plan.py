"""The planning verbs of `python -m routing`: `plan` (a roster, or a campaign of several
departures, to plan.json and trips.csv), `solve-vrplib` (a CVRPLIB instance by the same search)
and `sample` (the sample roster, employers and fleet). routing/cli.py parses and dispatches."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import sys
from pathlib import Path

from intake import InputError
from places import Gazetteer
from routing.campaign import Campaign, plan_campaign
from routing.distances import GeodesicDistances, OsrmDistances
from routing.fleetfile import read_fleet_terms
from routing.geocoding import FallbackGeocoder, Geocoder, OfflineGeocoder, OnlineGeocoder
from routing.inputs import read_employers, read_fleet, read_roster
from routing.model import BusType, Place, PlanningError, Problem, Rules
from routing.planfile import with_roster, write_plan
from routing.planner import Progress, default_time_limit, plan_trips
from routing.sample import build_sample
from routing.search import solve_cvrp
from routing.vrplib import read_instance


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
    parts = text.split(",")
    if len(parts) == 2:
        try:
            return Place("depot", float(parts[0]), float(parts[1]))
        except ValueError:
            pass
    return geocoder.locate(text, within="郑州市")


def plan(args: argparse.Namespace) -> int:
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
    cap = args.time_limit or default_time_limit(len(problem.workers)) * len(campaign.departures)
    if _is_campaign(campaign):
        made = plan_campaign(
            problem,
            campaign,
            distances=distances,
            time_limit_s=cap,
            seed=args.seed,
            on_progress=progress,
        )
    else:
        made = plan_trips(
            problem,
            distances=distances,
            time_limit_s=cap,
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


def solve_vrplib(args: argparse.Namespace) -> int:
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


def sample(args: argparse.Namespace) -> int:
    for path in build_sample().write(args.out):
        print(f"wrote {path}")
    return 0
