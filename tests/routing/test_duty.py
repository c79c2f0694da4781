import datetime as dt

import numpy as np

from routing import duty
from routing.model import Place, Rules, Stop, Trip
from routing.packing import RouteBook
from routing.verify import _duty_problems

ZONE, HOME, WORK = (
    Place("zone", 34.8, 113.5),
    Place("home", 32.0, 115.0),
    Place("work", 34.8, 113.6),
)
DEPART = dt.datetime(2027, 2, 10, 6, 0)


def book(out: float, ride: float, drivers: int) -> RouteBook:
    minutes = np.array([[0, out, 30], [out, 0, ride], [30, ride, 0]], dtype=float)
    return RouteBook(minutes, minutes, 10, 480, drivers=drivers)


def test_four_hours_of_driving_earn_a_twenty_minute_break():
    assert duty.arrivals([300], 10) == [320]
    assert duty.arrivals([200, 100], 10) == [200, 330]
    assert duty.arrivals([200, 100], 20) == [200, 320]  # a long stop is the break


def test_a_long_route_counts_its_break_in_the_ride_clock():
    route = book(out=60, ride=300, drivers=2).best(frozenset({1}), frozenset({2}))
    assert route is not None and route.ride_minutes == 10 + 300 + 20  # stop, drive, break


def test_a_route_over_the_drivers_day_is_not_used():
    assert book(out=700, ride=100, drivers=1).best(frozenset({1}), frozenset({2})) is None
    assert book(out=700, ride=100, drivers=2).best(frozenset({1}), frozenset({2})) is not None


def trip(drive: float, duration: float) -> Trip:
    stops = (
        Stop("depot", ZONE, DEPART),
        Stop("pickup", HOME, DEPART + dt.timedelta(minutes=duration - 60), board=(1,)),
        Stop("dropoff", WORK, DEPART + dt.timedelta(minutes=duration), alight=(1,)),
    )
    return Trip("T001", "coach", 45, 45, stops, 500.0, duration, drive)


def test_verify_catches_each_duty_rule():
    rules = Rules(drivers_per_coach=1)
    assert _duty_problems(trip(300, 330), rules) == []
    assert any("休息" in p for p in _duty_problems(trip(300, 310), rules))
    assert any("司机" in p for p in _duty_problems(trip(500, 560), rules))
