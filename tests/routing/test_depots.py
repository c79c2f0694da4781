"""Home depots: a coach type may start where the workers are (a bus company in 周口), and its
drive and ride clocks run from there; verify checks each trip from its own start."""

import dataclasses
import io
import json

import pytest

from intake import InputError
from routing.cli import main
from routing.inputs import read_fleet
from routing.model import BusType, Plan, Stop
from routing.planner import plan_trips
from routing.verify import plan_problems
from tests.routing.conftest import DATA
from tests.routing.test_planner import DANCHENG, SHENQIU, XIANGCHENG, problem_of

ZHOUKOU = dataclasses.replace(
    DANCHENG, name="河南省周口市川汇区", lat=33.6476, lon=114.6506, code="411602"
)
ROSTER = [(DANCHENG, "E0", 30), (SHENQIU, "E1", 20), (XIANGCHENG, "E0", 25), (DANCHENG, "E2", 12)]


def test_the_fleet_file_gives_a_type_its_home_depot():
    with (DATA / "fleet_depots.csv").open("rb") as f:
        fleet = read_fleet(f)
    by_name = {bus.name: bus for bus in fleet}
    assert by_name["周口大巴"].depot.name == "河南省周口市川汇区"
    assert by_name["周口大巴"].depot.code == "411602"
    assert by_name["郑州大巴"].depot is None
    assert (by_name["项城车队"].depot.lat, by_name["项城车队"].depot.lon) == (33.44, 114.9)
    assert by_name["项城车队"].depot.name == "项城客运站"  # coordinates win over the name


@pytest.mark.parametrize(
    "text, message",
    [
        ("车型,座位数,始发地\n远方,45,火星基地\n", "始发地“火星基地”"),
        ("车型,座位数,始发地\n远方,45,朝阳\n", "有多处同名"),
        ("车型,座位数,纬度\n远方,45,33.6\n", "纬度和经度要么都填"),
    ],
)
def test_a_depot_that_cannot_be_placed_makes_the_fleet_unusable(text, message):
    with pytest.raises(InputError, match=message):
        read_fleet(io.BytesIO(text.encode()))


@pytest.mark.parametrize("max_pickups", [3, 4])  # the packing and the routing search
def test_coaches_homed_in_zhoukou_start_there_and_drive_less(max_pickups):
    zone = problem_of(ROSTER, max_pickups=max_pickups)
    homed = dataclasses.replace(zone, fleet=(BusType("周口大巴", 45, depot=ZHOUKOU),))
    from_zone, from_home = plan_trips(zone, time_limit_s=2), plan_trips(homed, time_limit_s=2)
    for plan, problem in ((from_zone, zone), (from_home, homed)):
        assert plan.unassigned == ()
        assert plan_problems(plan, problem) == []
    assert {t.stops[0].place.name for t in from_home.trips} == {"河南省周口市川汇区"}
    assert from_home.summary.distance_km < from_zone.summary.distance_km - 100
    first = from_home.trips[0]
    assert first.stops[0].time == homed.rules.depart  # the clock starts at the home depot
    assert first.drive_min < next(t for t in from_zone.trips).drive_min


def test_a_short_home_fleet_is_used_first_and_the_zone_takes_the_rest():
    fleet = (BusType("周口大巴", 45, count=1, depot=ZHOUKOU), BusType("郑州大巴", 45))
    problem = dataclasses.replace(problem_of(ROSTER), fleet=fleet)
    plan = plan_trips(problem, time_limit_s=2)
    assert plan_problems(plan, problem) == []
    starts = sorted((t.bus_type, t.stops[0].place.name) for t in plan.trips)
    assert starts.count(("周口大巴", "河南省周口市川汇区")) == 1
    assert all(name == problem.depot.name for kind, name in starts if kind == "郑州大巴")


def test_verify_checks_each_trip_from_its_own_depot():
    problem = dataclasses.replace(
        problem_of(ROSTER), fleet=(BusType("周口大巴", 45, depot=ZHOUKOU),)
    )
    plan = plan_trips(problem, time_limit_s=1)
    trip = plan.trips[0]
    moved = dataclasses.replace(
        trip, stops=(Stop("depot", problem.depot, trip.stops[0].time), *trip.stops[1:])
    )
    found = plan_problems(Plan((moved, *plan.trips[1:]), plan.unassigned), problem)
    assert any("not at its depot 河南省周口市川汇区" in line for line in found)


def test_the_command_line_plans_from_the_fleet_files_depots(tmp_path):
    code = main(
        [
            "plan",
            str(DATA / "roster_ok.csv"),
            "--employers",
            str(DATA / "employers_ok.csv"),
            "--fleet",
            str(DATA / "fleet_depots.csv"),
            "--time-limit",
            "1",
            "--quiet",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert document["schema"] == "fanggang.plan/1"
    homes = {f["type"]: f.get("depot", {}).get("name") for f in document["params"]["fleet"]}
    assert homes == {"周口大巴": "河南省周口市川汇区", "郑州大巴": None, "项城车队": "项城客运站"}
    for trip in document["trips"]:
        assert trip["stops"][0]["kind"] == "depot"
        assert trip["stops"][0]["name"] == homes[trip["bus_type"]] or (
            homes[trip["bus_type"]] is None and trip["stops"][0]["name"] == "郑州高新区"
        )
