"""The campaign: departures over several days, waiting windows, late registrations into free seats."""

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing import cli
from routing.campaign import (
    Campaign,
    fill_published,
    follow_up,
    plan_campaign,
    plan_late,
    problem_for,
    without_boarded,
)
from routing.insertion import Legs, seat_group
from routing.model import BusType, Employer, Place, Plan, PlanningError, Problem, Rules, Worker
from routing.planfile import read_plan
from routing.planner import plan_trips
from routing.verify import plan_problems
from tests.routing.conftest import DATA

CAMPAIGN_DATA = DATA.parent / "campaign"
ZONE = Place("郑州高新区", 34.812, 113.56)
EMPLOYERS = {
    f"E{k}": Employer(f"E{k}", Place(f"E{k} site", 34.80 + k * 0.01, 113.52 + k * 0.015))
    for k in range(3)
}
DANCHENG = Place("河南省周口市郸城县", 33.645, 115.177)
SHENQIU = Place("河南省周口市沈丘县", 33.409, 115.098)
XIANGCHENG = Place("河南省周口市项城市", 33.467, 114.875)
FIRST = dt.datetime(2020, 2, 20, 6, 0)
DAY = dt.timedelta(days=1)


def problem_of(groups, *, seats=45, fleet=None, max_pickups=3) -> Problem:
    """groups: [(place, employer, workers, ready day offset or None)]."""
    workers, row = [], 0
    for place, employer, number, offset in groups:
        ready = None if offset is None else (FIRST + offset * DAY).date()
        for _ in range(number):
            row += 1
            workers.append(
                Worker(row, f"w{row}", f"id{row}", "13800138000", place, employer, ready_date=ready)
            )
    return Problem(
        tuple(workers),
        EMPLOYERS,
        fleet or (BusType("coach", seats),),
        ZONE,
        Rules(max_pickups=max_pickups),
    )


def ready_and_within_window(plan: Plan, problem: Problem, campaign: Campaign) -> list[str]:
    ready = {w.row: w.ready_date for w in problem.workers}
    dates = [d.date() for d in campaign.departures]
    wrong = []
    for trip in plan.trips:
        day = dates.index(trip.stops[0].time.date())
        for row in (r for s in trip.stops for r in s.board):
            first, last = campaign.window(ready[row])
            if ready[row] and dates[day] < ready[row]:
                wrong.append(f"{trip.id}: row {row} rides before it is ready")
            if not first <= day <= last:
                wrong.append(f"{trip.id}: row {row} rides outside its window")
    return wrong


def rule_problems(plan: Plan, problem: Problem) -> list[str]:
    """routing.verify per departure, then every row once over the whole campaign."""
    found = []
    rows = {w.row: w for w in problem.workers}
    for depart in sorted({t.stops[0].time for t in plan.trips}):
        trips = tuple(t for t in plan.trips if t.stops[0].time == depart)
        riders = tuple(rows[r] for t in trips for s in t.stops for r in s.board)
        day = dataclasses.replace(
            problem,
            workers=riders,
            rejected=(),
            rules=dataclasses.replace(problem.rules, depart=depart),
        )
        found += plan_problems(Plan(trips, ()), day)
    placed = sorted(plan.assigned_rows + [u.row for u in plan.unassigned])
    if placed != sorted([*rows, *(u.row for u in problem.rejected)]):
        found.append("rows not placed exactly once")
    return found


def test_windows_follow_the_ready_date_and_the_wait():
    campaign = Campaign.daily(FIRST, 5, max_wait_days=2)
    assert campaign.window(None) == (0, 2)
    assert campaign.window(FIRST.date() + DAY) == (1, 3)
    assert campaign.window(FIRST.date() + 4 * DAY) == (4, 4)
    assert campaign.window(FIRST.date() - 3 * DAY) == (
        0,
        0,
    )  # ready long ago: wait counts from then
    assert campaign.window(FIRST.date() + 5 * DAY) is None
    sparse = Campaign((FIRST, FIRST + 3 * DAY, FIRST + 7 * DAY), max_wait_days=0)
    assert sparse.window(FIRST.date() + DAY) == (1, 1)  # K = 0: the first departure on or after


def test_a_campaign_refuses_nonsense():
    with pytest.raises(PlanningError):
        Campaign(())
    with pytest.raises(PlanningError):
        Campaign((FIRST + DAY, FIRST))
    with pytest.raises(PlanningError):
        Campaign.daily(FIRST, 3, max_wait_days=-1)


def test_waiting_fills_coaches_that_each_day_alone_would_run_half_empty():
    problem = problem_of([(DANCHENG, "E0", 15, day) for day in range(6)])
    alone = plan_campaign(problem, Campaign.daily(FIRST, 6, 0), time_limit_s=3)
    waiting = plan_campaign(problem, Campaign.daily(FIRST, 6, 2), time_limit_s=3)
    assert len(alone.trips) == 6
    assert len(waiting.trips) == 2  # 90 workers in two full coaches
    for plan, campaign in (
        (alone, Campaign.daily(FIRST, 6, 0)),
        (waiting, Campaign.daily(FIRST, 6, 2)),
    ):
        assert ready_and_within_window(plan, problem, campaign) == []
        assert rule_problems(plan, problem) == []
    assert [t.id for t in waiting.trips] == ["T001", "T002"]
    assert waiting.params.campaign is not None
    assert waiting.params.campaign.waiting_days == 15 * (2 + 1 + 2 + 1)


def test_a_worker_ready_after_the_last_departure_is_reported_in_chinese():
    problem = problem_of([(DANCHENG, "E0", 3, 0), (SHENQIU, "E1", 2, 9)])
    plan = plan_campaign(problem, Campaign.daily(FIRST, 3, 1), time_limit_s=1)
    assert {u.row: u.constraint for u in plan.unassigned} == {4: "ready_date", 5: "ready_date"}
    assert "2月29日起才可出发" in plan.unassigned[0].reason
    assert plan.assigned_rows == [1, 2, 3]


def test_a_daily_coach_limit_lets_the_urgent_ride_first_and_reports_the_rest():
    problem = problem_of([(DANCHENG, "E0", 60, 0)], seats=45)
    campaign = Campaign.daily(FIRST, 2, 1, per_day={"coach": 1})
    plan = plan_campaign(problem, campaign, time_limit_s=2)
    assert [t.stops[0].time for t in plan.trips] == [FIRST, FIRST + DAY]
    assert plan.summary.assigned == 60
    tight = plan_campaign(
        problem, Campaign.daily(FIRST, 1, 0, per_day={"coach": 1}), time_limit_s=1
    )
    assert tight.summary.assigned == 45
    assert {u.constraint for u in tight.unassigned} == {"wait_window"}
    assert all("车辆不足" in u.reason for u in tight.unassigned)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([DANCHENG, SHENQIU, XIANGCHENG]),
            st.sampled_from(sorted(EMPLOYERS)),
            st.integers(1, 30),
            st.one_of(st.none(), st.integers(0, 4)),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(0, 3),
)
def test_every_worker_rides_once_on_or_after_ready_and_inside_the_window(groups, wait):
    problem = problem_of(groups, seats=33)
    campaign = Campaign.daily(FIRST, 5, wait)
    plan = plan_campaign(problem, campaign, time_limit_s=1)
    assert plan.unassigned == ()
    assert ready_and_within_window(plan, problem, campaign) == []
    assert rule_problems(plan, problem) == []
    assert len({t.id for t in plan.trips}) == len(plan.trips)


def test_a_group_joins_a_trip_at_its_stops_or_at_a_new_one_within_the_rules():
    problem = problem_of([(DANCHENG, "E0", 20, None)])
    [trip] = plan_trips(problem, time_limit_s=1).trips
    legs = Legs([ZONE, DANCHENG, SHENQIU, XIANGCHENG, *(e.place for e in EMPLOYERS.values())])
    rules = problem.rules
    same = seat_group(trip, [101, 102], DANCHENG, EMPLOYERS["E0"].place, legs, rules)
    assert same.added_km == 0 and same.trip.stops[1].board[-2:] == (101, 102)
    assert [s.time for s in same.trip.stops] == [s.time for s in trip.stops]
    more = seat_group(trip, list(range(200, 240)), SHENQIU, EMPLOYERS["E1"].place, legs, rules)
    assert len(more.rows) == 25 and more.trip.passengers == 45  # as many as there are seats
    assert len(more.trip.pickups) == 2 and len(more.trip.dropoffs) == 2
    assert more.trip.distance_km > trip.distance_km
    times = [s.time for s in more.trip.stops]
    assert times == sorted(times)
    one_stop = dataclasses.replace(rules, max_pickups=1)
    assert seat_group(trip, [300], SHENQIU, EMPLOYERS["E0"].place, legs, one_stop) is None
    assert (
        seat_group(trip, [300], SHENQIU, EMPLOYERS["E0"].place, legs, rules, max_shift_min=1)
        is None
    )  # the detour would move the drop-off


def test_late_workers_take_free_seats_on_published_trips_before_new_coaches():
    first = problem_of([(DANCHENG, "E0", 30, 0), (SHENQIU, "E1", 20, 0)])
    campaign = Campaign.daily(FIRST, 2, 1)
    published = plan_campaign(first, campaign, time_limit_s=2)
    everyone = problem_of(
        [
            (DANCHENG, "E0", 30, 0),
            (SHENQIU, "E1", 20, 0),
            (DANCHENG, "E0", 3, 0),
            (SHENQIU, "E1", 2, 0),
        ]
    )
    late = without_boarded(everyone, published)
    assert sorted(w.row for w in late.workers) == [51, 52, 53, 54, 55]
    merged = plan_late(published, late, campaign, time_limit_s=1)
    assert len(merged.trips) == len(published.trips)  # no new coach for five people
    assert [t.id for t in merged.trips] == [t.id for t in published.trips]
    assert sorted(merged.assigned_rows) == list(range(1, 56))
    moved = [
        abs((a.time - b.time).total_seconds()) / 60
        for old, new in zip(published.trips, merged.trips, strict=True)
        for a, b in zip(
            old.stops,
            [
                s
                for s in new.stops
                if (s.kind, s.place.key) in {(o.kind, o.place.key) for o in old.stops}
            ],
            strict=True,
        )
    ]
    assert max(moved) <= 30
    assert rule_problems(merged, everyone) == []


def test_late_workers_who_fit_nowhere_get_new_trips_numbered_after_the_published():
    first = problem_of([(DANCHENG, "E0", 45, 0)])
    campaign = Campaign.daily(FIRST, 1, 0)
    published = plan_campaign(first, campaign, time_limit_s=1)
    everyone = problem_of([(DANCHENG, "E0", 45, 0), (SHENQIU, "E2", 12, 0)])
    late = without_boarded(everyone, published)
    filled, rest = fill_published(published, late, campaign)
    assert filled.trips == published.trips and len(rest.workers) == 12
    merged = follow_up(
        filled,
        plan_trips(
            dataclasses.replace(rest, rules=dataclasses.replace(rest.rules, depart=FIRST)),
            time_limit_s=1,
        ),
    )
    assert merged.trips[:1] == published.trips
    assert [t.id for t in merged.trips] == ["T001", "T002"]
    assert rule_problems(merged, everyone) == []


def test_gone_days_take_no_late_workers():
    first = problem_of([(DANCHENG, "E0", 20, 0)])
    campaign = Campaign.daily(FIRST, 3, 2)
    published = plan_campaign(first, Campaign.daily(FIRST, 3, 0), time_limit_s=1)
    assert published.trips[0].stops[0].time == FIRST
    late = without_boarded(problem_of([(DANCHENG, "E0", 23, 0)]), published)
    merged = plan_late(published, late, campaign, time_limit_s=1, not_before=(FIRST + DAY).date())
    assert merged.trips[0] == published.trips[0]
    assert len(merged.trips) == 2 and merged.trips[1].passengers == 3
    assert merged.trips[1].stops[0].time.date() >= (FIRST + DAY).date()


def test_employers_without_a_location_are_reported():
    problem = problem_of([(DANCHENG, "E0", 2, None)])
    lost = dataclasses.replace(problem.workers[1], employer="nobody")
    built = problem_for(
        [problem.workers[0], lost], EMPLOYERS, (BusType("coach", 45),), ZONE, Rules()
    )
    assert [w.row for w in built.workers] == [1]
    assert built.rejected[0].constraint == "input" and "没有位置" in built.rejected[0].reason


def test_the_command_line_plans_a_campaign_into_one_plan_file(tmp_path):
    code = cli.main(
        [
            "plan",
            str(CAMPAIGN_DATA / "roster_5days.csv"),
            "--employers",
            str(CAMPAIGN_DATA / "employers.csv"),
            "--depart",
            "2020-02-20T06:00",
            "--days",
            "5",
            "--max-wait-days",
            "2",
            "--load-factor",
            "0.5",
            "--time-limit",
            "5",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert code == 0
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert document["schema"] == "fanggang.plan/1"
    days = document["summary"]["days"]
    assert sum(d["workers"] for d in days) == document["summary"]["assigned"] == 60
    assert sum(d["trips"] for d in days) == len(document["trips"])
    assert round(sum(d["distance_km"] for d in days), 1) == document["summary"]["distance_km"]
    assert document["params"]["campaign"]["max_wait_days"] == 2
    plan = read_plan(tmp_path / "plan.json")
    assert len({t.id for t in plan.trips}) == len(plan.trips)
    ready = _ready_dates(CAMPAIGN_DATA / "roster_5days.csv")
    for trip in plan.trips:
        day = trip.stops[0].time.date()
        for row in (r for s in trip.stops for r in s.board):
            assert ready[row] <= day <= ready[row] + 2 * DAY


def test_the_command_line_takes_a_list_of_departures(tmp_path):
    code = cli.main(
        [
            "plan",
            str(CAMPAIGN_DATA / "roster_5days.csv"),
            "--employers",
            str(CAMPAIGN_DATA / "employers.csv"),
            "--depart",
            "2020-02-22T06:00",
            "--depart",
            "2020-02-24T07:00",
            "--time-limit",
            "3",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert code == 0
    plan = read_plan(tmp_path / "plan.json")
    assert {t.stops[0].time for t in plan.trips} <= {
        dt.datetime(2020, 2, 22, 6),
        dt.datetime(2020, 2, 24, 7),
    }
    assert plan.summary.assigned == 60  # ready up to 2-24: everyone has a departure


def _ready_dates(path):
    import csv

    with path.open(encoding="utf-8-sig") as f:
        return {
            n: dt.date.fromisoformat(r["最早出发"])
            for n, r in enumerate(csv.DictReader(f), start=1)
        }
