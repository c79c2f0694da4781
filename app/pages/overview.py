"""总览 Overview: the figures everyone asks for first, and what needs attention, from the
published plan (a draft is a planner's, on 车辆调度). An employer sees its own workers' coaches."""

from collections import Counter

import pandas as pd
import streamlit as st

from app import context
from app.views import campaign_view, postings_view, transport
from intake.identity import mask_id_number
from recruitment.aggregate import headline
from routing.model import PlanShare
from store import plans, workers

current = context.require("admin", "planner", "employer", "coordinator")
engine = context.engine()
scope = context.employer_scope(current)

st.header("总览 Overview")
registered = workers.count_workers(engine, employer=scope)
stored, plan = transport.published_plan(engine)
mine = {w.row for w in workers.list_workers(engine, employer=scope)} if scope else None

share = plan.share(mine) if plan is not None else PlanShare((), 0, (), 0.0)
planned, unplaced, trips, km = share.planned, share.unassigned, share.trips, share.distance_km

columns = st.columns(5)
columns[0].metric("已登记工人 Workers registered", f"{registered:,}")
columns[1].metric("已安排 Planned", f"{planned:,}")
columns[2].metric("未安排 Not placed", f"{len(unplaced):,}")
columns[3].metric("车次 Buses", f"{len(trips):,}")
columns[4].metric("公里 Kilometres", f"{km:,.0f}")

campaign_view.staffing_section(engine, stored, plan, employer=scope)

st.subheader("需要关注 Needs attention")
if stored is None:
    st.info(
        "尚无已发布的车辆计划 No published bus plan yet"
        + ("：请在「车辆调度」页规划并发布。" if current.is_bureau else "。")
    )
else:
    st.write(f"当前计划 Current plan #{stored.id}：{transport.STATUS_LABELS[stored.status]}")
    draft = plans.latest_plan(engine)
    if current.is_bureau and draft is not None and draft.status == "draft":
        st.caption(f"另有草稿 #{draft.id}（未发布），在「车辆调度」页查看。")
    late = registered - planned - len(unplaced)
    if late > 0:
        st.warning(
            f"{late} 名工人在此计划后登记 registered after this plan"
            + (
                "：请在「车辆调度」页按新登记安排。"
                if current.is_bureau
                else "，调度员将另行安排。"
            )
        )
    if unplaced:
        why = Counter(u.constraint for u in unplaced)
        st.warning(
            "未安排的原因 Why workers are not placed: "
            + ", ".join(f"{reason} × {count}" for reason, count in why.most_common())
        )
        st.dataframe(
            pd.DataFrame([{"编号 id": u.row, "原因 reason": u.reason} for u in unplaced[:200]]),
            hide_index=True,
        )


def my_coaches() -> None:
    """An employer's workers on the published plan: coach, pickup place and time, arrival."""
    placed = []
    for trip in transport.trips_carrying(plan, mine):
        arrival = {row: stop for stop in trip.dropoffs for row in stop.alight}
        placed += [
            (trip, stop, arrival[row], row)
            for stop in trip.pickups
            for row in stop.board
            if row in mine
        ]
    st.subheader("我的工人乘车安排 My workers' coaches")
    if not placed:
        st.info("已发布的计划中还没有贵单位的工人。 None of your workers is on the published plan.")
        return
    people = {w.row: w for w in workers.list_workers(engine, employer=scope)}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "姓名 name": people[row].name,
                    "身份证号 ID": mask_id_number(people[row].id_number),
                    "车次 trip": trip.id,
                    "车型 coach": trip.bus_type,
                    "上车点 pickup": stop.place.name,
                    "上车时间 pickup time": stop.time.strftime("%m-%d %H:%M"),
                    "到达 arrival": drop.time.strftime("%m-%d %H:%M"),
                }
                for trip, stop, drop, row in placed
            ]
        ),
        hide_index=True,
        key="my_coaches",
    )


if scope and plan is not None:
    my_coaches()

if current.is_bureau:
    figures = headline(postings_view.load(engine).positions)
    st.subheader("招聘信息 Recruitment")
    columns = st.columns(4)
    columns[0].metric("招聘信息 Postings", f"{figures.postings:,}")
    columns[1].metric("去重后岗位 Unique positions", f"{figures.unique_positions:,}")
    columns[2].metric("招聘人数 Openings", f"{figures.openings:,}")
    columns[3].metric("月薪中位数 Median pay", f"{figures.median_monthly_salary or 0:,.0f} 元")
