"""总览 Overview: the figures everyone asks for first, and what needs attention."""

from collections import Counter

import pandas as pd
import streamlit as st

from app import campaign_view, context, postings_view, transport
from recruitment.aggregate import headline
from store import workers

current = context.require("admin", "planner", "employer", "coordinator")
engine = context.engine()
scope = context.employer_scope(current)

st.header("总览 Overview")
registered = workers.count_workers(engine, employer=scope)
stored, plan = transport.shown_plan(engine)
mine = {w.row for w in workers.list_workers(engine, employer=scope)} if scope else None

if plan is None:
    planned, unplaced, trips, km = 0, [], [], 0.0
else:
    trips = [t for t in plan.trips
             if mine is None or mine & {r for s in t.stops for r in s.board}]
    planned = sum(len([r for s in t.stops for r in s.board if mine is None or r in mine])
                  for t in trips)
    unplaced = [u for u in plan.unassigned if mine is None or u.row in mine]
    km = sum(t.distance_km for t in trips)

columns = st.columns(5)
columns[0].metric("已登记工人 Workers registered", f"{registered:,}")
columns[1].metric("已安排 Planned", f"{planned:,}")
columns[2].metric("未安排 Not placed", f"{len(unplaced):,}")
columns[3].metric("车次 Buses", f"{len(trips):,}")
columns[4].metric("公里 Kilometres", f"{km:,.0f}")

campaign_view.staffing_section(engine, stored, plan, employer=scope)

st.subheader("需要关注 Needs attention")
if stored is None:
    st.info("尚无车辆计划 No bus plan yet: plan one on the 车辆调度 page.")
else:
    status = {"draft": "草稿 draft (not yet published)", "published": "已发布 published"}
    st.write(f"当前计划 Current plan #{stored.id}: {status.get(stored.status, stored.status)}")
    late = registered - planned - len(unplaced)
    if late > 0:
        st.warning(f"{late} 名工人在此计划后登记 registered after this plan: plan them as late "
                   f"registrations on the 车辆调度 page.")
    if unplaced:
        why = Counter(u.constraint for u in unplaced)
        st.warning("未安排的原因 Why workers are not placed: "
                   + ", ".join(f"{reason} × {count}" for reason, count in why.most_common()))
        st.dataframe(pd.DataFrame([{"编号 id": u.row, "原因 reason": u.reason}
                                   for u in unplaced[:200]]), hide_index=True)

if current.is_bureau:
    figures = headline(postings_view.load(engine).positions)
    st.subheader("招聘信息 Recruitment")
    columns = st.columns(4)
    columns[0].metric("招聘信息 Postings", f"{figures.postings:,}")
    columns[1].metric("去重后岗位 Unique positions", f"{figures.unique_positions:,}")
    columns[2].metric("招聘人数 Openings", f"{figures.openings:,}")
    columns[3].metric("月薪中位数 Median pay", f"{figures.median_monthly_salary or 0:,.0f} 元")
