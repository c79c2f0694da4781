"""Free seats: a group joining a trip keeps the drivers' duty rule as the planner does."""

import datetime as dt
import itertools

from routing import duty
from routing.insertion import Legs, seat_group
from routing.model import BusType, Employer, Place, Plan, Problem, Rules, Worker
from routing.planner import plan_trips
from routing.verify import plan_problems

ZONE = Place("郑州高新区", 34.8, 113.6)
WORK = Employer("E0", Place("E0 site", 34.8, 113.62))
DEPART = dt.datetime(2020, 2, 20, 6, 0)


def south(minutes_away: float) -> Place:
    """A county due south of the zone, `minutes_away` of driving (1.3 x geodesic at 70 km/h)."""
    km = minutes_away / 60 * 70 / 1.3
    return Place(f"南 {minutes_away:g} 分钟", ZONE.lat - km / 111.2, ZONE.lon)


def east_of(place: Place, km: float) -> Place:
    return Place(f"{place.name} 以东 {km:g} 公里", place.lat, place.lon + km / 93.0)


def one_trip(home: Place, rules: Rules):
    workers = tuple(
        Worker(row, f"w{row}", f"id{row}", "13800138000", home, "E0") for row in range(1, 11)
    )
    problem = Problem(workers, {"E0": WORK}, (BusType("coach", 45),), ZONE, rules)
    [trip] = plan_trips(problem, time_limit_s=1).trips
    return problem, trip


def test_a_detour_past_the_drivers_day_takes_no_one():
    rules = Rules(drivers_per_coach=1, max_ride_hours=12)  # the ride limit would allow it
    home = south(220)
    _, trip = one_trip(home, rules)
    assert trip.drive_min <= duty.drive_limit(1)
    legs = Legs([ZONE, home, east_of(home, 40), WORK.place])
    assert seat_group(trip, [11], east_of(home, 40), WORK.place, legs, rules) is None
    two = Rules(drivers_per_coach=2, max_ride_hours=12)
    seated = seat_group(trip, [11], east_of(home, 40), WORK.place, legs, two)
    assert seated is not None and seated.trip.drive_min > duty.drive_limit(1)


def test_a_detour_that_makes_a_break_due_counts_it_in_the_times():
    rules = Rules()
    home = south(100)
    problem, trip = one_trip(home, rules)
    assert abs(trip.duration_min - trip.drive_min - rules.stop_minutes) < 0.2  # no break yet
    other = east_of(home, 40)
    legs = Legs([ZONE, home, other, WORK.place])
    seated = seat_group(trip, [11], other, WORK.place, legs, rules)
    assert seated is not None and len(seated.trip.pickups) == 2
    stops = seated.trip.stops
    drive = sum(legs.minutes(a.place, b.place) for a, b in itertools.pairwise(stops))
    assert drive > duty.STRETCH_MINUTES
    assert seated.trip.drive_min == round(drive, 1)
    elapsed = (stops[-1].time - stops[0].time).total_seconds() / 60
    assert abs(elapsed - (drive + 2 * rules.stop_minutes + duty.BREAK_MINUTES)) < 1e-6
    joined = Worker(11, "w11", "id11", "13800138000", other, "E0")
    whole = Problem((*problem.workers, joined), problem.employers, problem.fleet, ZONE, rules)
    assert plan_problems(Plan((seated.trip,), ()), whole) == []
