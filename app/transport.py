"""Wiring shared by the transport pages: stored workers as the core's objects, plans as `Plan`,
people for manifests, masked tables for the screen."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from intake.identity import mask_id_number, mask_phone
from routing.geocoding import locate
from routing.inputs import employer_key
from routing.manifest import Person
from routing.model import Employer, Plan, Worker
from routing.planfile import plan_from_dict
from store import plans, workers
from store.plans import StoredPlan

DEPOT_NAME = "郑州高新区"


def depot():
    return locate(DEPOT_NAME)


def employers_by_key(engine: Engine) -> dict[str, Employer]:
    """Employers keyed the way the roster reader looks them up."""
    return {employer_key(name): e for name, e in workers.list_employers(engine).items()}


def worker_table(found: list[Worker]) -> pd.DataFrame:
    """Workers for the screen: ID numbers and phones masked."""
    return pd.DataFrame([{
        "编号 id": w.row, "姓名 name": w.name, "身份证号 ID": mask_id_number(w.id_number),
        "手机号 phone": mask_phone(w.phone), "出发地 origin": w.origin.name,
        "用工单位 employer": w.employer, "健康 health": w.health,
        "最早出发 ready": w.ready_date.isoformat() if w.ready_date else "",
    } for w in found], columns=["编号 id", "姓名 name", "身份证号 ID", "手机号 phone",
                                "出发地 origin", "用工单位 employer", "健康 health",
                                "最早出发 ready"])


def shown_plan(engine: Engine) -> tuple[StoredPlan | None, Plan | None]:
    """The plan people work from: the latest draft if newer than the published one, else the
    published one."""
    stored = plans.latest_plan(engine)
    if stored is not None and stored.status == "superseded":
        stored = plans.latest_plan(engine, status="published")
    return stored, (plan_from_dict(stored.document) if stored else None)


def people(engine: Engine, plan: Plan) -> dict[int, Person]:
    """The passengers of a plan as the manifest prints them (full ID numbers and phones)."""
    rows = set(plan.assigned_rows)
    return {w.row: Person(w.name, w.id_number, w.phone, w.origin.name, w.health)
            for w in workers.list_workers(engine, ids=rows)}
