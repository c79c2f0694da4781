"""Fanggang (返岗): returning-worker transport and recruitment for the Zhengzhou High-tech Zone.

For now one page: the bundled sample roster planned into coaches. The full app (navigation, roles,
uploads, manifests, recruitment) is issue 5.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from routing.geography import Gazetteer
from routing.inputs import read_employers, read_roster
from routing.model import BusType, Problem, Rules
from routing.planfile import plan_to_dict
from routing.planner import plan_trips
from routing.sample import build_sample


@st.cache_data(show_spinner="正在规划车辆 Planning coaches…")
def sample_plan(seats: int, load_factor: float, time_limit_s: float) -> dict:
    sample, gazetteer = build_sample(), Gazetteer.default()
    rules = Rules(load_factor=load_factor)
    employers, _ = read_employers(io.BytesIO(sample.employers_csv.encode()), gazetteer)
    roster = read_roster(io.BytesIO(sample.roster_csv.encode()), employers, gazetteer,
                         depart=rules.depart)
    problem = Problem(tuple(roster.workers), {e.name: e for e in employers.values()},
                      (BusType(f"{seats}座大巴", seats),), gazetteer.locate("郑州高新区"), rules,
                      tuple(roster.rejected))
    return plan_to_dict(plan_trips(problem, time_limit_s=time_limit_s))


st.set_page_config(page_title="返岗 Fanggang", layout="wide")
st.title("返岗点对点包车 · Returning-worker coaches")
seats = st.number_input("座位数 Seats", 10, 60, 45, key="seats")
load_factor = st.selectbox("载客率 Load factor", [1.0, 0.5], key="load_factor")
document = sample_plan(int(seats), float(load_factor), 10.0)
summary = document["summary"]
columns = st.columns(4)
columns[0].metric("工人 Workers", summary["workers"])
columns[1].metric("已安排 Planned", summary["assigned"])
columns[2].metric("车次 Trips", summary["trips"])
columns[3].metric("公里 km", f"{summary['distance_km']:,.0f}")
st.dataframe(pd.DataFrame([
    {"trip": t["id"], "passengers": t["passengers"], "capacity": t["capacity"],
     "pickups": " | ".join(s["name"] for s in t["stops"] if s["kind"] == "pickup"),
     "km": t["distance_km"], "minutes": t["duration_min"]}
    for t in document["trips"]
]), hide_index=True)
st.subheader("未安排 Not placed")
st.dataframe(pd.DataFrame(document["unassigned"]), hide_index=True)
