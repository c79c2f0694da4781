import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from places import Gazetteer
from routing.geocoding import place_of
from routing.model import BusType, Employer, Place, Problem, Rules, Worker
from routing.planfile import plan_to_dict
from routing.planner import Progress, plan_trips
from routing.verify import plan_problems

ZONE = Place("郑州高新区", 34.812, 113.56)
EMPLOYERS = {
    f"E{k}": Employer(f"E{k}", Place(f"E{k} site", 34.80 + k * 0.01, 113.52 + k * 0.015))
    for k in range(5)
}
HENAN = Gazetteer.default().counties("河南省")
FAR_WEST = Place("新疆维吾尔自治区喀什地区喀什市", 39.47, 75.99, level="county")


def problem_of(
    counts,
    *,
    seats=45,
    load_factor=1.0,
    max_pickups=3,
    max_dropoffs=3,
    max_ride_hours=8.0,
    fleet=None,
) -> Problem:
    """counts: [(place, employer name, number of workers)]."""
    workers, row = [], 0
    for place, employer, number in counts:
        for _ in range(number):
            row += 1
            workers.append(Worker(row, f"w{row}", f"id{row}", "13800138000", place, employer))
    rules = Rules(
        load_factor=load_factor,
        max_pickups=max_pickups,
        max_dropoffs=max_dropoffs,
        max_ride_hours=max_ride_hours,
    )
    return Problem(tuple(workers), EMPLOYERS, fleet or (BusType("coach", seats),), ZONE, rules)


def county(code: str) -> Place:
    return place_of(next(c for c in HENAN if c.code == code))


DANCHENG, SHENQIU, XIANGCHENG = county("411625"), county("411624"), county("411681")


def test_a_full_group_rides_alone_and_the_rest_shares_a_coach():
    problem = problem_of([(DANCHENG, "E0", 50), (SHENQIU, "E1", 20), (XIANGCHENG, "E0", 10)])
    plan = plan_trips(problem, time_limit_s=1)
    assert plan_problems(plan, problem) == []
    assert sorted(trip.passengers for trip in plan.trips) == [35, 45]
    direct = next(t for t in plan.trips if t.passengers == 45)
    assert [s.kind for s in direct.stops] == ["depot", "pickup", "dropoff"]


def test_load_factor_halves_the_seats():
    problem = problem_of([(DANCHENG, "E0", 45)], load_factor=0.5)
    plan = plan_trips(problem, time_limit_s=1)
    assert [t.capacity for t in plan.trips] == [22, 22, 22]
    assert plan_problems(plan, problem) == []


def test_a_ride_over_the_limit_is_reported_not_planned():
    problem = problem_of([(FAR_WEST, "E0", 3), (DANCHENG, "E0", 2)])
    plan = plan_trips(problem, time_limit_s=1)
    reasons = {u.row: (u.constraint, u.reason) for u in plan.unassigned}
    assert sorted(reasons) == [1, 2, 3]
    assert reasons[1][0] == "max_ride_time" and "超过 8 小时上限" in reasons[1][1]
    summary = plan.summary
    assert (summary.workers, summary.assigned, summary.unassigned, summary.trips) == (5, 2, 3, 1)
    assert (summary.distance_km, summary.lower_bound, summary.bound_method) == (
        plan.trips[0].distance_km,
        1,
        "seats",
    )


def test_a_limited_fleet_reports_who_is_left_behind():
    problem = problem_of([(DANCHENG, "E0", 60)], fleet=(BusType("大巴", 45, count=1),))
    plan = plan_trips(problem, time_limit_s=1)
    assert len(plan.trips) == 1
    assert len(plan.unassigned) == 15
    assert {u.constraint for u in plan.unassigned} == {"fleet"}
    assert plan_problems(plan, problem) == []


def test_a_mixed_fleet_uses_big_coaches_for_full_groups_then_what_fits():
    fleet = (BusType("中巴", 33, count=None, cost_per_km=5), BusType("大巴", 55, count=1))
    problem = problem_of([(DANCHENG, "E0", 70)], fleet=fleet)
    plan = plan_trips(problem, time_limit_s=1)
    assert plan_problems(plan, problem) == []
    assert sorted(t.bus_type for t in plan.trips) == ["中巴", "大巴"]


def test_stop_limits_are_kept_when_many_small_groups_share_coaches():
    counts = [(place_of(c), f"E{k % 5}", 3) for k, c in enumerate(HENAN[:40])]
    problem = problem_of(counts, max_pickups=2, max_dropoffs=2)
    plan = plan_trips(problem, time_limit_s=3)
    assert plan_problems(plan, problem) == []
    assert all(len(t.pickups) <= 2 and len(t.dropoffs) <= 2 for t in plan.trips)


def test_progress_is_reported_from_start_to_end():
    seen: list[Progress] = []
    plan_trips(problem_of([(DANCHENG, "E0", 5)]), time_limit_s=0.5, on_progress=seen.append)
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_same_seed_same_plan():
    counts = [(place_of(c), f"E{k % 4}", 2 + k % 7) for k, c in enumerate(HENAN[:25])]
    first = plan_to_dict(plan_trips(problem_of(counts), time_limit_s=5, seed=7))
    second = plan_to_dict(plan_trips(problem_of(counts), time_limit_s=5, seed=7))
    for document in (first, second):
        document["params"].pop("solve_seconds")
    assert first == second


demands = st.lists(
    st.tuples(st.integers(0, len(HENAN) - 1), st.integers(0, 4), st.integers(1, 30)),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    demands,
    st.sampled_from([1.0, 0.5]),
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from([3.0, 5.0, 8.0]),
)
def test_every_worker_is_placed_once_or_reported_and_every_rule_holds(
    counts, load_factor, max_pickups, max_dropoffs, max_ride_hours
):
    problem = problem_of(
        [(place_of(HENAN[c]), f"E{e}", n) for c, e, n in counts],
        load_factor=load_factor,
        max_pickups=max_pickups,
        max_dropoffs=max_dropoffs,
        max_ride_hours=max_ride_hours,
    )
    plan = plan_trips(problem, time_limit_s=0.5)
    assert plan_problems(plan, problem) == []
    assert {u.constraint for u in plan.unassigned} <= {"max_ride_time"}
    capacity = problem.rules.capacity(45)
    placed = plan.summary.assigned
    assert len(plan.trips) >= plan.lower_bound >= math.ceil(placed / capacity)


def test_departure_time_and_stop_times_are_local_and_increasing():
    problem = problem_of([(DANCHENG, "E0", 10), (SHENQIU, "E2", 10)])
    plan = plan_trips(problem, time_limit_s=1)
    for trip in plan.trips:
        assert trip.stops[0].time == dt.datetime(2020, 2, 20, 6, 0)
        assert trip.duration_min == pytest.approx(
            (trip.stops[-1].time - trip.stops[0].time).total_seconds() / 60, abs=0.05
        )
