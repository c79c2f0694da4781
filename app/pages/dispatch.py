"""车辆调度 Bus plan: rules, a Plan button with progress, the map, the trips, the unplaced workers
and why; publishing. A campaign spreads departures over several days (app.campaign_view); late
registrations take free seats on published trips first, then new trips on the days not yet gone."""

import datetime as dt

import pandas as pd
import pydeck as pdk
import streamlit as st

from app import campaign_view, context, jobs, transport
from routing.campaign import problem_for, without_boarded
from routing.model import BusType, Rules
from routing.planfile import plan_from_dict
from store import plans, workers

current = context.require("admin", "planner")
engine = context.engine()
jobs.warm()  # start the planning process now, not when Plan is pressed

st.header("车辆调度 Bus plan")
with st.form("rules"):
    columns = st.columns(4)
    seats = columns[0].number_input("座位数 Seats", 10, 70, 45, key="seats")
    load_factor = columns[1].selectbox("载客率 Load factor", [1.0, 0.75, 0.5], key="load_factor",
                                       help="0.5: 防疫要求隔位就座 the epidemic rule")
    max_pickups = columns[2].number_input("每车上车点 Pickups per bus", 1, 6, 3, key="max_pickups")
    max_dropoffs = columns[3].number_input("每车下车单位 Employers per bus", 1, 6, 3,
                                           key="max_dropoffs")
    columns = st.columns(4)
    ride_hours = columns[0].number_input("最长乘车时间 Max ride (h)", 1.0, 24.0, 8.0, 0.5,
                                         key="max_ride_hours")
    day = columns[1].date_input("出发日期 Departure date", dt.date(2020, 2, 20), key="depart_day")
    clock = columns[2].time_input("出发时间 Departure time", dt.time(6, 0), key="depart_time")
    seconds = columns[3].number_input("计算时间 Search seconds", 1, 120, 20, key="time_limit")
    published = plans.latest_plan(engine, status="published")
    mode = st.radio("范围 Scope", ["late", "all"], key="mode", horizontal=True,
                    format_func={"late": "只安排新登记（已发布车次不变） Late registrations only",
                                 "all": "全部重新规划 Re-plan everyone"}.get,
                    disabled=published is None)
    choice = campaign_view.controls(day, published is not None and mode == "late")
    start = st.form_submit_button("规划 Plan", type="primary")

if start and "plan_job" not in st.session_state:
    rules = Rules(load_factor=load_factor, max_pickups=int(max_pickups),
                  max_dropoffs=int(max_dropoffs), max_ride_hours=float(ride_hours),
                  depart=dt.datetime.combine(day, clock))
    problem = problem_for(workers.list_workers(engine), workers.list_employers(engine),
                          (BusType(f"{seats}座大巴", int(seats)),), transport.depot(), rules)
    base = plan_from_dict(published.document) if published and mode == "late" else None
    if base is not None:
        problem = without_boarded(problem, base)
    st.session_state["plan_job"] = campaign_view.submit(
        problem, campaign_view.campaign_of(rules.depart, choice), base, choice,
        time_limit_s=float(seconds))
    context.log("plan_started", "", workers=len(problem.workers), mode=mode)


@st.fragment(run_every=0.5)
def follow_job() -> None:
    job: jobs.PlanJob | None = st.session_state.get("plan_job")
    if job is None:
        return
    job.poll()
    st.progress(job.fraction, text=f"正在规划 Planning… {job.message}")
    if not job.future.done():
        return
    del st.session_state["plan_job"]
    try:
        document = job.future.result()
    except Exception as error:  # the planning process failed: say so, keep the page alive
        st.error(f"规划失败 Planning failed: {context.literal(str(error))}")
        return
    saved = plans.save_plan(engine, document, by=current.username)
    context.log("plan_made", f"plan {saved.id}", trips=len(document["trips"]))
    st.rerun(scope="app")


follow_job()

stored, plan = transport.shown_plan(engine)
if plan is None:
    st.info("尚无计划 No plan yet: set the rules and press 规划 Plan.")
    st.stop()

summary = plan.summary
status = {"draft": "草稿 draft", "published": "已发布 published"}.get(stored.status)
st.subheader(f"计划 Plan #{stored.id} · {status}")
columns = st.columns(5)
columns[0].metric("工人 Workers", f"{summary['workers']:,}")
columns[1].metric("已安排 Planned", f"{summary['assigned']:,}")
columns[2].metric("未安排 Not placed", f"{summary['unassigned']:,}")
columns[3].metric("车次 Buses", summary["trips"])
columns[4].metric("公里 km", f"{summary['distance_km']:,.0f}")
if stored.status == "draft" and st.button("发布计划 Publish this plan", key="publish"):
    plans.publish_plan(engine, stored.id, by=current.username)
    context.log("plan_published", f"plan {stored.id}", trips=summary["trips"])
    st.rerun()

paths, points = [], {}
for trip in plan.trips:
    paths.append({"trip": trip.id, "path": [[s.place.lon, s.place.lat] for s in trip.stops]})
    for stop in trip.pickups:
        point = points.setdefault(stop.place.key, {"name": stop.place.name, "lat": stop.place.lat,
                                                   "lon": stop.place.lon, "workers": 0})
        point["workers"] += len(stop.board)
st.pydeck_chart(pdk.Deck(
    layers=[
        pdk.Layer("PathLayer", paths, get_path="path", get_width=3, width_min_pixels=2,
                  get_color=[30, 100, 200, 140], pickable=True),
        pdk.Layer("ScatterplotLayer", list(points.values()), get_position="[lon, lat]",
                  get_radius="workers * 150 + 2000", get_fill_color=[220, 60, 0, 180],
                  pickable=True),
    ],
    initial_view_state=pdk.ViewState(latitude=34.3, longitude=114.6, zoom=6),
    tooltip={"text": "{trip}{name} {workers}"}, map_style=None), key="plan_map")

shown_day = campaign_view.days_table(plan)
st.dataframe(pd.DataFrame([{
    "车次 trip": t.id, "人数 passengers": t.passengers, "核载 capacity": t.capacity,
    "出发 depart": t.stops[0].time.strftime("%m-%d %H:%M"),
    "到达 arrive": t.stops[-1].time.strftime("%m-%d %H:%M"),
    "上车点 pickups": " | ".join(f"{s.place.name}({len(s.board)})" for s in t.pickups),
    "下车单位 drop-offs": len(t.dropoffs), "公里 km": t.distance_km,
} for t in campaign_view.on_day(plan, shown_day)]), hide_index=True, key="trips_table")

if plan.unassigned:
    st.subheader("未安排 Not placed")
    names = {w.row: w.name for w in workers.list_workers(engine, ids=[u.row for u in plan.unassigned])}
    st.dataframe(pd.DataFrame([{"编号 id": u.row, "姓名 name": names.get(u.row, ""),
                                "约束 constraint": u.constraint, "原因 reason": u.reason}
                               for u in plan.unassigned]), hide_index=True, key="unplaced_table")
