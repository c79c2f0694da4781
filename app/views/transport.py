"""Wiring shared by the transport pages: stored workers as the core's objects, plans as `Plan`,
people for manifests, masked tables for the screen, and who may see which trip.

The published plan is the one truth: coordinators and employers only ever see it; a draft is a
planner's work in progress and never changes a manifest, a QR target or a boarding mark."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from documents.manifest import Person, plan_id
from intake.identity import mask_id_number, mask_phone
from routing.fleetfile import read_fleet_terms
from routing.geocoding import locate
from routing.inputs import employer_key, read_fleet
from routing.model import DEPOT_NAME, BusType, Employer, Plan, Trip, Worker
from routing.planfile import plan_from_dict
from store import assignments, checkins, plans, workers
from store.accounts import Account
from store.plans import StoredPlan


def depot():
    return locate(DEPOT_NAME)


def fleet_of(data: bytes, source: str) -> tuple[tuple[BusType, ...], dict[str, int]]:
    """An uploaded fleet file: the coach types (with their home depots) and the coaches of each
    type free per departure day; raises InputError for an unusable file."""
    fleet = tuple(read_fleet(io.BytesIO(data), source=source))
    terms = read_fleet_terms(io.BytesIO(data), source=source)
    return fleet, {name: t.per_day for name, t in terms.items() if t.per_day is not None}


def depots_line(plan: Plan) -> str:
    """Where the plan's coaches start, when not all at one place: `郑州高新区 40 辆、… 3 辆`."""
    starts = Counter(trip.stops[0].place.name for trip in plan.trips)
    if len(starts) <= 1:
        return ""
    return "、".join(f"{name} {count} 辆" for name, count in starts.most_common())


def employers_by_key(engine: Engine) -> dict[str, Employer]:
    """Employers keyed the way the roster reader looks them up."""
    return {employer_key(name): e for name, e in workers.list_employers(engine).items()}


def worker_table(found: list[Worker]) -> pd.DataFrame:
    """Workers for the screen: ID numbers and phones masked."""
    return pd.DataFrame(
        [
            {
                "编号 id": w.row,
                "姓名 name": w.name,
                "身份证号 ID": mask_id_number(w.id_number),
                "手机号 phone": mask_phone(w.phone),
                "出发地 origin": w.origin.name,
                "用工单位 employer": w.employer,
                "健康 health": w.health,
                "最早出发 ready": w.ready_date.isoformat() if w.ready_date else "",
            }
            for w in found
        ],
        columns=[
            "编号 id",
            "姓名 name",
            "身份证号 ID",
            "手机号 phone",
            "出发地 origin",
            "用工单位 employer",
            "健康 health",
            "最早出发 ready",
        ],
    )


STATUS_LABELS = {
    "draft": "草稿 draft (未发布 not published)",
    "published": "已发布 published",
    "superseded": "已被取代 superseded",
}


@st.cache_resource(max_entries=8, show_spinner=False)
def _parsed(stored_id: int, _document: dict) -> tuple[Plan, str]:
    """A stored plan as `Plan` and its id (the QR code's `plan=`); stored plans never change."""
    plan = plan_from_dict(_document)
    return plan, plan_id(plan)


def parsed(stored: StoredPlan) -> Plan:
    return _parsed(stored.id, stored.document)[0]


def identity(stored: StoredPlan) -> str:
    return _parsed(stored.id, stored.document)[1]


def published_plan(engine: Engine) -> tuple[StoredPlan | None, Plan | None]:
    """The plan the coaches run on: what every role works from, coordinators and employers only."""
    stored = plans.published_plan(engine)
    return stored, (parsed(stored) if stored else None)


def working_plan(engine: Engine) -> tuple[StoredPlan | None, Plan | None]:
    """For planners: the newest draft when one is newer than the published plan, else the
    published plan."""
    stored = plans.latest_plan(engine)
    if stored is not None and stored.status == "superseded":
        stored = plans.published_plan(engine)
    return stored, (parsed(stored) if stored else None)


def trip_status(engine: Engine, stored: StoredPlan, trip: Trip) -> checkins.TripStatus:
    """A published trip's boarding marks, over every published plan that holds the same coach
    (a follow-up plan keeps a published trip as it is, marks included)."""
    holding = plans.plans_holding(engine, stored.trip(trip.id)) or [stored]
    return checkins.trip_status(
        engine,
        [identity(p) for p in holding],
        trip.id,
        expected=[row for stop in trip.stops for row in stop.board],
    )


def marked_passengers_moved(engine: Engine, draft: StoredPlan) -> list[tuple[str, int]]:
    """(trip, row) of every passenger already marked on a published trip that publishing `draft`
    would change: the marks would no longer be that coach's. Publishing such a draft asks first."""
    published = plans.published_plan(engine)
    if published is None:
        return []
    moved = []
    for trip in parsed(published).trips:
        if draft.trip(trip.id) == published.trip(trip.id):
            continue
        moved += [(trip.id, row) for row in trip_status(engine, published, trip).marks]
    return moved


@dataclass(frozen=True)
class Entitlement:
    """The trips of the published plan an account may open, and whether it may print them in
    full (ID numbers and phones): bureau roles all trips; a coordinator the trips assigned."""

    trips: tuple[str, ...]
    full_pdf: bool
    full_tables: bool


def entitlement(engine: Engine, current: Account, plan: Plan) -> Entitlement:
    codes = [trip.id for trip in plan.trips]
    if current.is_bureau:
        return Entitlement(tuple(codes), full_pdf=True, full_tables=True)
    if current.role == "coordinator":
        mine = assignments.trips_of(engine, current.username)
        return Entitlement(tuple(c for c in codes if c in mine), full_pdf=True, full_tables=False)
    return Entitlement((), full_pdf=False, full_tables=False)


def trips_carrying(plan: Plan, rows: Iterable[int]) -> list[Trip]:
    """The trips of `plan` with at least one of `rows` aboard."""
    wanted = set(rows)
    return [trip for trip in plan.trips if wanted & {r for s in trip.stops for r in s.board}]


def people(engine: Engine, plan: Plan) -> dict[int, Person]:
    """The passengers of a plan as the manifest prints them (full ID numbers and phones)."""
    rows = set(plan.assigned_rows)
    return {
        w.row: Person(w.name, w.id_number, w.phone, w.origin.name, w.health)
        for w in workers.list_workers(engine, ids=rows)
    }
