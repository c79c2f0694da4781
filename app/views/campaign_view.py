"""The campaign on the pages: its controls and trips by day on 车辆调度, and hiring needs against
returning workers on 总览 and 用工需求. The rules live in `routing.campaign` and
`documents.staffing`; this module only asks and shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from app import jobs
from documents.manifest import plan_id
from documents.staffing import Staffing, staffing
from recruitment.normalize import company_keys
from routing.campaign import Campaign
from routing.model import Plan, Problem
from store import checkins, needs, workers
from store.plans import StoredPlan


@dataclass(frozen=True)
class CampaignChoice:
    days: int
    max_wait_days: int
    not_before: dt.date | None  # late registrations: days before this are gone


def controls(first_day: dt.date, published: bool) -> CampaignChoice:
    """The campaign's fields, inside the rules form."""
    columns = st.columns(3)
    days = columns[0].number_input(
        "发车天数 Days of departures",
        1,
        60,
        1,
        key="campaign_days",
        help="每天同一时间发车 one departure a day at the time above",
    )
    wait = columns[1].number_input(
        "最长等待天数 Max wait (days)",
        0,
        14,
        0,
        key="campaign_wait",
        help="准备好后最多等几天，以便拼满车 a worker ready on day d "
        "rides between d and d+K, so coaches fill",
    )
    not_before = columns[2].date_input(
        "新登记从此日起安排 Late registrations from",
        first_day,
        key="campaign_not_before",
        disabled=not published,
        help="已发车的日期不再安排 days already gone take no one",
    )
    return CampaignChoice(int(days), int(wait), not_before if published else None)


def campaign_of(
    depart: dt.datetime, choice: CampaignChoice, per_day: dict[str, int] | None = None
) -> Campaign:
    return Campaign.daily(depart, choice.days, choice.max_wait_days, per_day)


def submit(
    problem: Problem,
    campaign: Campaign,
    published: Plan | None,
    choice: CampaignChoice,
    *,
    time_limit_s: float,
    seed: int = 0,
) -> jobs.PlanJob:
    """Plan the campaign in the planning process; with a published plan, only the late
    registrations, into its free seats first."""
    return jobs.submit_call(
        plan_in_process, problem, campaign, published, choice.not_before, time_limit_s, seed
    )


def plan_in_process(
    problem: Problem,
    campaign: Campaign,
    published: Plan | None,
    not_before: dt.date | None,
    time_limit_s: float,
    seed: int,
    progress: Any,
) -> dict[str, Any]:
    from routing.campaign import plan_campaign, plan_late
    from routing.planfile import plan_to_dict

    def report(p):
        progress.put((p.fraction, p.message))

    if published is None:
        plan = plan_campaign(
            problem, campaign, time_limit_s=time_limit_s, seed=seed, on_progress=report
        )
    else:
        plan = plan_late(
            published,
            problem,
            campaign,
            time_limit_s=time_limit_s,
            seed=seed,
            not_before=not_before,
            on_progress=report,
        )
    return plan_to_dict(plan)


def days_table(plan: Plan) -> str | None:
    """Trips, workers and km per departure day; returns the day chosen to filter the trips by
    (None: all days)."""
    days = plan.summary.days
    if len(days) <= 1:
        return None
    st.subheader("按日期 By day")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "日期 date": d.date.isoformat(),
                    "车次 trips": d.trips,
                    "工人 workers": d.workers,
                    "公里 km": d.distance_km,
                }
                for d in days
            ]
        ),
        hide_index=True,
        key="campaign_days_table",
    )
    waiting = plan.params.campaign
    if waiting is not None:
        st.caption(
            f"等待拼车 {waiting.workers_waiting} 人，合计 "
            f"{waiting.waiting_days} 人·天 workers who waited for a fuller coach"
        )
    chosen = st.selectbox(
        "只看某日车次 Trips of one day",
        ["全部 All", *(d.date.isoformat() for d in days)],
        key="campaign_day_pick",
        placeholder="请选择",
    )
    return None if chosen == "全部 All" else chosen


def on_day(plan: Plan, day: str | None) -> list:
    return [t for t in plan.trips if day is None or t.stops[0].time.date().isoformat() == day]


# --- Hiring needs against returning workers --------------------------------------------------


def boarded_rows(engine: Engine, plan: Plan) -> set[int]:
    """Rows whose latest boarding mark on the plan's trips is `boarded`."""
    identity = plan_id(plan)
    found: set[int] = set()
    for trip in plan.trips:
        marks = checkins.trip_status(engine, identity, trip.id).marks
        found |= {row for row, mark in marks.items() if mark.status == "boarded"}
    return found


def staffing_rows(
    engine: Engine, stored: StoredPlan | None, plan: Plan | None, employer: str | None = None
) -> list[Staffing]:
    registered = workers.list_workers(engine, employer=employer)
    boarded = (
        boarded_rows(engine, plan)
        if plan is not None and stored is not None and stored.status == "published"
        else set()
    )
    return staffing(
        [(n.employer, n.headcount) for n in needs.list_needs(engine, employer=employer)],
        [w.employer for w in registered],
        [w.employer for w in registered if w.row in boarded],
        keys=company_keys,
    )


def staffing_section(
    engine: Engine, stored: StoredPlan | None, plan: Plan | None, employer: str | None = None
) -> None:
    """需求 vs 返岗: per employer, with the shortfall linking to that employer's postings."""
    rows = staffing_rows(engine, stored, plan, employer)
    st.subheader("用工需求与返岗 Needs against returning workers")
    if not rows:
        st.info("尚无用工需求或返岗登记 No hiring needs or registered workers yet")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "用工单位 employer": r.employer,
                    "需求人数 needed": r.needed,
                    "登记返岗 registered": r.registered,
                    "已上车 boarded": r.boarded,
                    "缺口 shortfall": r.shortfall,
                    "招聘信息 postings": f"/postings?employer={quote(r.employer)}"
                    if r.shortfall
                    else None,
                }
                for r in rows
            ]
        ),
        hide_index=True,
        key="staffing_table",
        column_config={
            "招聘信息 postings": st.column_config.LinkColumn(display_text="查看招聘 see postings")
        },
    )
    st.caption(
        "缺口 = 需求人数 − 登记返岗人数（不小于 0） shortfall = needed − registered; 已上车按"
        "已发布计划的登车记录 boarded counts the published plan's boarding marks"
    )
