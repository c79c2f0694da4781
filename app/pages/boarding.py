"""上车登记 Boarding: the page the QR code on a manifest opens at the bus door, phone first.

One card per passenger (seat, name, last 4 of the ID, pickup point) with large 已上车 / 未到
buttons; a search by name or last 4 digits; a counter. A press saves the mark at once. Only the
published plan's trips are here, and a coordinator sees only the trips assigned to them.
`?plan=<id>&trip=T005` opens a trip; the address follows the trip chosen, so a reload stays on it.
"""

import streamlit as st

from app import context
from app.views import transport
from documents.manifest import build_manifests
from store import checkins, plans

current = context.require("admin", "planner", "coordinator")
engine = context.engine()

stored, plan = transport.published_plan(engine)
if plan is None:
    st.header("上车登记 Boarding")
    st.info("尚无已发布的计划：发布后才能登记上车。 No published plan yet.")
    st.stop()
allowed = transport.entitlement(engine, current, plan).trips
if not allowed:
    st.header("上车登记 Boarding")
    st.warning(
        "您还没有分配到车次，请联系调度员在「乘车名单」页分配。 No trips are assigned to you yet."
    )
    st.stop()

asked = st.query_params.get("trip")
if asked and asked not in allowed:
    known = asked in [trip.id for trip in plan.trips]
    st.error(
        f"车次 {context.literal(asked)} "
        + (
            "未分配给您。 This trip is not assigned to you."
            if known
            else "不在已发布的计划中。 Unknown trip."
        )
    )
if asked in allowed and st.session_state.get("boarding_asked") != asked:
    st.session_state["boarding_trip"] = asked  # a new link wins over the trip chosen before
    st.session_state["boarding_asked"] = asked
if st.session_state.get("boarding_trip") not in allowed:
    st.session_state["boarding_trip"] = allowed[0]
code = (
    allowed[0]
    if len(allowed) == 1
    else st.selectbox("车次 Trip", allowed, key="boarding_trip", placeholder="请选择")
)
trip = next(t for t in plan.trips if t.id == code)
st.query_params["trip"] = code
if "plan" not in st.query_params:  # a QR code's plan stays: it says which version was printed
    st.query_params["plan"] = transport.identity(stored)
# On a phone Streamlit stacks columns; a card's two buttons stay side by side.
st.html(
    "<style>[class*='st-key-card_'] [data-testid='stHorizontalBlock'] {flex-wrap: nowrap;}"
    "[class*='st-key-card_'] [data-testid='stColumn'] {min-width: 0; width: 50%;}</style>"
)


def printed_version_note(asked_plan: str | None) -> None:
    """A QR code printed from an older version of the plan: say whether this coach changed."""
    if not asked_plan or asked_plan == transport.identity(stored):
        return
    holding = plans.plans_holding(engine, stored.trip(trip.id))
    if any(transport.identity(p) == asked_plan for p in holding):
        st.caption(
            "二维码来自较早版本的计划，本车次未变。 The printed plan is older; this trip is "
            "unchanged."
        )
    else:
        st.warning(
            "名单已更新：请以本页为准。 This trip changed since the manifest was printed: "
            "go by this page."
        )


def save(plan_identity: str, code: str, row: int, status: str) -> None:
    """A button's callback: the mark is stored before the page draws again, on the plan and trip
    the button was drawn for."""
    checkins.mark(engine, checkins.CheckIn(plan_identity, code, row, status, current.username))
    context.log("boarding_marked", code, status=status)


[manifest] = build_manifests(plan, transport.people(engine, plan), trips=[trip.id], masked=True)
status = transport.trip_status(engine, stored, trip)
identity = transport.identity(stored)
boarded = status.counts["boarded"]
st.header(f"{trip.id} 上车登记")
st.caption(
    f"计划 #{stored.id} · {transport.STATUS_LABELS['published']} · "
    f"{trip.bus_type} · 发车 {trip.stops[0].time:%m-%d %H:%M}"
)
printed_version_note(st.query_params.get("plan"))
st.metric(
    "已上车 Boarded",
    f"{boarded}/{trip.passengers}",
    help=f"未到 no-show {status.counts['no_show']} · 未登记 not marked {status.counts['unmarked']}",
)
wanted = st.text_input(
    "搜索 Search", key="boarding_search", placeholder="姓名或身份证后4位"
).strip()

LABELS = {
    "boarded": ":green[**已上车**]",
    "no_show": ":red[**未到**]",
    "replaced": ":orange[**已替换**]",
}
for passenger in manifest.passengers:
    person = passenger.person
    last4 = person.id_number[-4:]
    if wanted and wanted not in person.name and wanted.upper() != last4:
        continue
    mark = status.marks.get(passenger.row)
    with st.container(border=True, key=f"card_{passenger.row}"):
        shown = LABELS[mark.status] if mark else ":gray[未登记]"
        st.markdown(
            f"**{passenger.seat} 号座 · {context.literal(person.name)}** · 尾号 {last4}  \n"
            f"上车点 {context.literal(passenger.pickup.place.name)} · {shown}"
        )
        left, right = st.columns(2)
        left.button(
            "已上车",
            key=f"board_{passenger.row}",
            width="stretch",
            type="primary" if mark and mark.status == "boarded" else "secondary",
            on_click=save,
            args=(identity, trip.id, passenger.row, "boarded"),
        )
        right.button(
            "未到",
            key=f"absent_{passenger.row}",
            width="stretch",
            type="primary" if mark and mark.status == "no_show" else "secondary",
            on_click=save,
            args=(identity, trip.id, passenger.row, "no_show"),
        )
