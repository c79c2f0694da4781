import dataclasses
import datetime as dt

from routing.campaign import follow_up, problem_for, without_boarded
from routing.model import BusType, Rules
from routing.planner import plan_trips
from routing.verify import plan_problems
from tests.routing.test_planner import DANCHENG, EMPLOYERS, SHENQIU, ZONE, problem_of


def test_late_registrations_get_new_trips_and_published_trips_do_not_move():
    first = problem_of([(DANCHENG, "E0", 30), (SHENQIU, "E1", 20)])
    published = plan_trips(first, time_limit_s=1)
    everyone = problem_of([(DANCHENG, "E0", 30), (SHENQIU, "E1", 20), (DANCHENG, "E2", 12)])
    late = without_boarded(everyone, published)
    assert sorted(w.row for w in late.workers) == list(range(51, 63))
    merged = follow_up(published, plan_trips(late, time_limit_s=1))
    assert merged.trips[: len(published.trips)] == published.trips
    assert [t.id for t in merged.trips] == [f"T{n:03d}" for n in range(1, len(merged.trips) + 1)]
    assert plan_problems(merged, everyone) == []


def test_workers_not_ready_by_departure_are_reported_not_planned():
    problem = problem_of([(DANCHENG, "E0", 3)])
    late_one = dataclasses.replace(problem.workers[0], ready_date=dt.date(2020, 2, 25))
    lost = dataclasses.replace(problem.workers[1], employer="nobody")
    rules = Rules(depart=dt.datetime(2020, 2, 20, 6))
    built = problem_for([late_one, lost, problem.workers[2]], EMPLOYERS,
                        (BusType("coach", 45),), ZONE, rules)
    assert [w.row for w in built.workers] == [3]
    assert {u.row: u.constraint for u in built.rejected} == {1: "ready_date", 2: "input"}
