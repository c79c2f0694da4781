"""The drivers' duty rule in the routing search: on long legs the road breaks decide which
pickup points one coach can serve, in both engines (the search polishes the packing too)."""

import math

import pytest

from routing import duty
from routing.model import BusType, Employer, Place, Problem, Rules, Worker
from routing.planner import plan_trips
from routing.verify import plan_problems

ZONE = Place("郑州高新区", 34.8, 113.6)
WORK = {"E0": Employer("E0", Place("E0 site", 34.8, 113.62))}


def south(minutes_away: float, east_km: float = 0.0) -> Place:
    """A county due south of the zone, `minutes_away` of driving (1.3 x geodesic at 70 km/h)."""
    km = minutes_away / 60 * 70 / 1.3
    return Place(
        f"南 {minutes_away:g} 分钟 东 {east_km:g} 公里",
        ZONE.lat - km / 111.2,
        ZONE.lon + east_km / 93.0,
    )


def far_problem(max_pickups: int, minutes_away: float = 420) -> Problem:
    """Two counties 20 km apart, 7 h from the zone: each rides home to work within 8 h with its
    two road breaks; one coach calling at both would need 8 h 20 min (7 h 40 min without the
    breaks, which is why a ride clock without them would share the coach)."""
    homes = [south(minutes_away), south(minutes_away, 20)]
    workers = tuple(
        Worker(row, f"w{row}", f"id{row}", "13800138000", homes[row % 2], "E0")
        for row in range(1, 11)
    )
    return Problem(workers, WORK, (BusType("coach", 45),), ZONE, Rules(max_pickups=max_pickups))


@pytest.mark.parametrize("max_pickups", [3, 4])  # the packing (then polished) and the search
def test_road_breaks_keep_two_far_counties_on_their_own_coaches(max_pickups):
    problem = far_problem(max_pickups)
    plan = plan_trips(problem, time_limit_s=3)
    assert plan.unassigned == ()
    assert plan_problems(plan, problem) == []
    assert len(plan.trips) == 2
    for trip in plan.trips:
        breaks = trip.duration_min - trip.drive_min - (len(trip.stops) - 2) * 10
        rests = math.ceil(trip.drive_min / duty.STRETCH_MINUTES) - 1  # the drive out's too
        assert breaks == pytest.approx(rests * duty.BREAK_MINUTES, abs=0.2)


def test_a_direct_ride_just_inside_the_limit_still_gets_its_coach():
    """425 minutes out: the direct ride with its breaks is 7 h 54 min. The search's ride clock
    counts breaks cautiously (it could refuse this by a few minutes); the group still rides."""
    problem = far_problem(4, minutes_away=425)
    plan = plan_trips(problem, time_limit_s=3)
    assert plan.unassigned == ()
    assert plan_problems(plan, problem) == []
    assert max(max(t.ride_minutes().values()) for t in plan.trips) > 8 * 60 - 10


def test_the_search_keeps_the_drivers_day():
    """One driver: 8 h of driving, the drive out included. Two counties 3 h 50 min out and a
    coach calling at both would drive over 8 h; each alone drives 7 h 40 min."""
    homes = [south(230), south(230, 25)]
    workers = tuple(
        Worker(row, f"w{row}", f"id{row}", "13800138000", homes[row % 2], "E0")
        for row in range(1, 11)
    )
    problem = Problem(
        workers, WORK, (BusType("coach", 45),), ZONE, Rules(max_pickups=4, drivers_per_coach=1)
    )
    plan = plan_trips(problem, time_limit_s=3)
    assert plan.unassigned == ()
    assert plan_problems(plan, problem) == []
    assert len(plan.trips) == 2
