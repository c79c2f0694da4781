"""车辆调度 Bus plan: rules, a Plan button with progress, the map, the trips, the unplaced workers
and why; publishing. A campaign spreads departures over several days (app.views.campaign_view); late
registrations take free seats on published trips first, then new trips on the days not yet gone.

Only planners see drafts (labelled 草稿); the published plan stays what coordinators and employers
see until a draft is published, and publishing one that would move a passenger already marked on
a bus asks for confirmation first."""

import datetime as dt

import pandas as pd
import streamlit as st

from app import context, jobs
from app.views import campaign_view, maps, transport
from intake import InputError
from routing.campaign import problem_for, without_boarded
from routing.model import BusType, Plan, Rules
from routing.planfile import plan_from_dict
from routing.planner import default_time_limit
from store import plans, workers

current = context.require("admin", "planner")
engine = context.engine()
jobs.warm()  # start the planning process now, not when Plan is pressed

st.header("车辆调度 Bus plan")
with st.form("rules"):
    columns = st.columns(4)
    seats = columns[0].number_input("座位数 Seats", 10, 70, 45, key="seats")
    load_factor = columns[1].selectbox(
        "载客率 Load factor",
        [1.0, 0.75, 0.5],
        key="load_factor",
        help="0.5: 防疫要求隔位就座 the epidemic rule",
        placeholder="请选择",
    )
    max_pickups = columns[2].number_input("每车上车点 Pickups per bus", 1, 6, 3, key="max_pickups")
    max_dropoffs = columns[3].number_input(
        "每车下车单位 Employers per bus", 1, 6, 3, key="max_dropoffs"
    )
    columns = st.columns(4)
    ride_hours = columns[0].number_input(
        "最长乘车时间 Max ride (h)", 1.0, 24.0, 8.0, 0.5, key="max_ride_hours"
    )
    day = columns[1].date_input("出发日期 Departure date", dt.date(2020, 2, 20), key="depart_day")
    clock = columns[2].time_input("出发时间 Departure time", dt.time(6, 0), key="depart_time")
    seconds = columns[3].number_input(
        "时间上限 Time cap (s)",
        1,
        600,
        None,
        key="time_limit",
        placeholder="自动 auto",
        help="规划的计算量是计数的：同一名单、同一设置，方案相同。时间上限只在机器很忙时截断计算。"
        "留空：每 2,300 人 30 秒（至少 30 秒），每个发车日各一份",
    )
    published = plans.latest_plan(engine, status="published")
    mode = st.radio(
        "范围 Scope",
        ["late", "all"],
        key="mode",
        horizontal=True,
        format_func={
            "late": "只安排新登记（已发布车次不变） Late registrations only",
            "all": "全部重新规划 Re-plan everyone",
        }.get,
        disabled=published is None,
    )
    choice = campaign_view.controls(day, published is not None and mode == "late")
    fleet_upload = st.file_uploader(
        "车队文件 Fleet file（可选 optional；不传则用上面的座位数）",
        type=["csv", "xlsx"],
        key="fleet_upload",
        help="列 columns：车型/type, 座位数/seats, 数量/count, 每公里费用/"
        "cost_per_km, 每日数量/per_day, 始发地/depot（车队所在地，如周口市川汇区；或 纬度+经度）",
    )
    start = st.form_submit_button("规划 Plan", type="primary")


def chosen_fleet() -> tuple[tuple[BusType, ...], dict[str, int]] | None:
    """The uploaded fleet file, or one type of the seats above; None (with the error shown)
    when the file cannot be used."""
    if fleet_upload is None:
        return (BusType.chartered(int(seats)),), {}
    try:
        return context.parse_once(
            "fleet_upload",
            fleet_upload.getvalue(),
            lambda data: transport.fleet_of(data, fleet_upload.name),
        )
    except InputError as error:
        st.error(context.literal(str(error)))
        return None


fleet = chosen_fleet() if start and "plan_job" not in st.session_state else None
if fleet is not None:
    rules = Rules(
        load_factor=load_factor,
        max_pickups=int(max_pickups),
        max_dropoffs=int(max_dropoffs),
        max_ride_hours=float(ride_hours),
        depart=dt.datetime.combine(day, clock),
    )
    problem = problem_for(
        workers.list_workers(engine),
        workers.list_employers(engine),
        fleet[0],
        transport.depot(),
        rules,
    )
    base = plan_from_dict(published.document) if published and mode == "late" else None
    if base is not None:
        problem = without_boarded(problem, base)
    st.session_state["plan_job"] = campaign_view.submit(
        problem,
        campaign_view.campaign_of(rules.depart, choice, fleet[1]),
        base,
        choice,
        time_limit_s=float(seconds or default_time_limit(len(problem.workers)) * choice.days),
    )
    context.log("plan_started", "", workers=len(problem.workers), mode=mode)


@st.fragment(run_every=0.5)
def follow_job() -> None:
    job: jobs.PlanJob | None = st.session_state.get("plan_job")
    if job is None:
        return
    job.poll()
    st.progress(min(max(job.fraction, 0.0), 1.0), text=f"正在规划 Planning… {job.message}")
    if not job.future.done():
        return
    del st.session_state["plan_job"]
    try:
        document = job.future.result()
    except Exception as error:  # the planning process failed: say so, keep the page alive
        st.error(f"规划失败 Planning failed：{context.literal(str(error))}")
        return
    saved = plans.save_plan(engine, document, by=current.username)
    context.log("plan_made", f"plan {saved.id}", trips=len(document["trips"]))
    st.rerun(scope="app")


follow_job()


def show_summary(stored: plans.StoredPlan, plan: Plan) -> None:
    """Which plan this is (draft or published), its figures, and the bound on the coaches."""
    summary = plan.summary
    st.subheader(f"计划 Plan #{stored.id} · {transport.STATUS_LABELS[stored.status]}")
    if stored.status == "draft":
        st.caption(
            "草稿只有调度员能看到；带车员和企业看到的仍是已发布的计划。 "
            "Drafts are seen by planners only."
        )
    columns = st.columns(5)
    columns[0].metric("工人 Workers", f"{summary.workers:,}")
    columns[1].metric("已安排 Planned", f"{summary.assigned:,}")
    columns[2].metric("未安排 Not placed", f"{summary.unassigned:,}")
    columns[3].metric("车次 Buses", summary.trips)
    columns[4].metric("公里 km", f"{summary.distance_km:,.0f}")
    if summary.lower_bound:
        st.write(f"{summary.trips} 辆车；任何方案至少需要 {summary.lower_bound} 辆")
    depots = transport.depots_line(plan)
    if depots:
        st.write(f"始发地 Depots：{depots}")


def publish_controls(stored: plans.StoredPlan, plan: Plan) -> None:
    """Publish a draft; one that moves already-marked passengers needs a confirmation."""
    if stored.status != "draft":
        return
    moved = transport.marked_passengers_moved(engine, stored)
    confirmed = True
    if moved:
        trips = sorted({trip for trip, _ in moved})
        st.warning(
            f"发布此草稿会改动已登记上车的 {len(moved)} 名乘客所在的车次 "
            f"{'、'.join(trips)}：这些登记将不再属于新车次。 Publishing moves passengers "
            "already marked on a bus."
        )
        confirmed = st.checkbox("我已知晓，仍要发布 Publish anyway", key="confirm_moves")
    if st.button("发布计划 Publish this plan", key="publish", disabled=not confirmed):
        plans.publish_plan(engine, stored.id, by=current.username)
        context.log(
            "plan_published", f"plan {stored.id}", trips=plan.summary.trips, moved_marked=len(moved)
        )
        st.rerun()


def show_map(plan: Plan) -> None:
    codes = [trip.id for trip in plan.trips]
    selected = st.selectbox(
        "高亮车次 Highlight a trip", ["全部 All", *codes], key="map_trip", placeholder="请选择"
    )
    chosen = None if selected == "全部 All" else selected
    st.pydeck_chart(
        maps.plan_deck(
            plan, transport.depot(), list(workers.list_employers(engine).values()), chosen
        ),
        key="plan_map",
        height=520,
    )


def show_trips(plan: Plan) -> None:
    """The trips of the day chosen in the campaign's day table."""
    shown_day = campaign_view.days_table(plan)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "车次 trip": t.id,
                    "人数 passengers": t.passengers,
                    "核载 capacity": t.capacity,
                    "始发地 from": t.stops[0].place.name,
                    "出发 depart": t.stops[0].time.strftime("%m-%d %H:%M"),
                    "到达 arrive": t.stops[-1].time.strftime("%m-%d %H:%M"),
                    "上车点 pickups": " | ".join(
                        f"{s.place.name}({len(s.board)})" for s in t.pickups
                    ),
                    "下车单位 drop-offs": len(t.dropoffs),
                    "公里 km": t.distance_km,
                }
                for t in campaign_view.on_day(plan, shown_day)
            ]
        ),
        hide_index=True,
        key="trips_table",
    )


def show_unplaced(plan: Plan) -> None:
    if not plan.unassigned:
        return
    st.subheader("未安排 Not placed")
    rows = [u.row for u in plan.unassigned]
    names = {w.row: w.name for w in workers.list_workers(engine, ids=rows)}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "编号 id": u.row,
                    "姓名 name": names.get(u.row, ""),
                    "约束 constraint": u.constraint,
                    "原因 reason": u.reason,
                }
                for u in plan.unassigned
            ]
        ),
        hide_index=True,
        key="unplaced_table",
    )


stored, plan = transport.working_plan(engine)
if plan is None:
    st.info("尚无计划 No plan yet：设定规则后按「规划 Plan」。")
    st.stop()
show_summary(stored, plan)
publish_controls(stored, plan)
show_map(plan)
show_trips(plan)
show_unplaced(plan)
