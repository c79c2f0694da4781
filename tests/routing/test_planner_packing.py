import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.packing import (
    EPS,
    Budget,
    CoachType,
    Column,
    Item,
    Packer,
    RouteBook,
    _improve,
    _repacked,
    _Tail,
    pack,
)
from routing.planfile import plan_to_dict
from routing.planner import plan_trips
from routing.shaped_roster import shaped_problem
from routing.verify import plan_problems

# Points on a line, 60 km apart, driven at 60 km/h: point k is k hours from point 0 (the depot).
LINE = np.array([[abs(a - b) * 60.0 for b in range(8)] for a in range(8)])


def book(max_ride_minutes=480.0, stop_minutes=0.0) -> RouteBook:
    return RouteBook(LINE, LINE.copy(), stop_minutes, max_ride_minutes)


def test_the_best_route_is_the_cheapest_legal_order():
    route = book().best(frozenset({3, 1}), frozenset({5, 4}))
    assert route.pickups == (1, 3) and route.dropoffs == (4, 5)
    assert route.km == 5 * 60  # depot -> 1 -> 3 -> 4 -> 5
    assert route.ride_minutes == 4 * 60 + 20  # the drive out makes a 20-minute road break due


def test_every_order_is_tried_and_the_ride_limit_holds():
    routes = book(max_ride_minutes=180.0, stop_minutes=10.0)
    pickups, dropoffs = frozenset({2, 3}), frozenset({1, 4})
    legal = []
    for pick in itertools.permutations(pickups):
        for drop in itertools.permutations(dropoffs):
            stops = [*pick, *drop]
            ride = sum(10 + LINE[a, b] for a, b in itertools.pairwise(stops))
            km = LINE[0, stops[0]] + sum(LINE[a, b] for a, b in itertools.pairwise(stops))
            if ride <= 180:
                legal.append(km)
    route = routes.best(pickups, dropoffs)
    assert (route is None) == (not legal)
    if legal:
        assert route.km == min(legal) and route.ride_minutes <= 180


def test_a_ride_over_the_limit_has_no_route():
    assert book(max_ride_minutes=100.0).best(frozenset({1}), frozenset({3})) is None


def test_small_groups_at_one_pickup_share_one_coach():
    items = [Item(1, 3, 10), Item(1, 4, 7), Item(1, 5, 5)]
    result = pack(
        items, [CoachType(22, None, 1.0)], book(), max_pickups=3, max_dropoffs=3, budget=Budget()
    )
    assert len(result.coaches) == 1 and result.lower_bound == 1
    assert result.coaches[0].passengers == 22


def test_the_removal_step_takes_away_a_coach_the_others_can_cover():
    # Two coaches on the same stops, each half full: the max-flow shows one carries all.
    items = [Item(1, 3, 8), Item(2, 3, 6)]
    packer = Packer(items, [CoachType(22, None, 1.0)], book(), max_pickups=3, max_dropoffs=3)
    route = packer.route({1, 2}, {3}, 0)
    halves = [Column(((0, 4), (1, 3)), 0, route), Column(((0, 4), (1, 3)), 0, route)]
    kept = _improve(packer, halves, Budget(), bound=1)
    assert len(kept) == 1 and kept[0].passengers == 14


def test_a_dives_last_coaches_are_packed_afresh_when_that_takes_fewer():
    # The dive gave each of three small groups at one pickup point a coach: one carries all.
    items = [Item(1, 3, 5), Item(1, 4, 5), Item(1, 5, 5)]
    packer = Packer(items, [CoachType(22, None, 1.0)], book(), max_pickups=3, max_dropoffs=3)
    for i, item in enumerate(items):
        assert packer.column_index([(i, item.size)], 0) == i
    tail = _Tail(residual=[5, 5, 5], uses=[0, 0, 0], taken=[0])
    repacked = _repacked(packer, tail, 3, Budget())
    assert repacked is not None and len(repacked) == 1
    assert repacked[0].passengers == 15 and len(packer.columns) == 3
    assert _repacked(packer, tail, 0, Budget()) is None  # more coaches than the dive took


def test_the_bound_sees_the_stop_limits_where_seats_do_not():
    # Five workers at five pickup points, one pickup per coach: the seats say 1 coach, the
    # packing relaxation proves 5.
    items = [Item(p, 7, 1) for p in range(1, 6)]
    result = pack(
        items, [CoachType(22, None, 1.0)], book(), max_pickups=1, max_dropoffs=3, budget=Budget()
    )
    assert result.lower_bound == 5 and result.bound_method == "lp"
    assert len(result.coaches) == 5


def test_a_limited_fleet_leaves_workers_and_bounds_what_it_carries():
    items = [Item(1, 3, 30)]
    result = pack(
        items, [CoachType(22, 1, 1.0)], book(), max_pickups=3, max_dropoffs=3, budget=Budget()
    )
    assert len(result.coaches) == 1 and result.left == (8,)
    assert result.lower_bound == 1


def groups_of(largest: int, most: int) -> st.SearchStrategy[list[tuple[int, int, int]]]:
    """Up to `most` groups (pickup point 1-4, employer 4-7, 1 to `largest` workers), one per
    pickup point and employer."""
    return st.lists(
        st.tuples(st.integers(1, 4), st.integers(4, 7), st.integers(1, largest)),
        min_size=1,
        max_size=most,
        unique_by=lambda t: t[:2],
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups_of(largest=25, most=10),
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from([5, 22, 45]),
)
def test_packing_carries_everyone_within_every_limit(groups, max_pickups, max_dropoffs, capacity):
    items = [Item(p, d, n) for p, d, n in groups]
    routes = book(max_ride_minutes=600.0, stop_minutes=10.0)
    result = pack(
        items,
        [CoachType(capacity, None, 1.0)],
        routes,
        max_pickups=max_pickups,
        max_dropoffs=max_dropoffs,
        budget=Budget(rounds=10, improve_steps=20),
    )
    carried = [0] * len(items)
    for coach in result.coaches:
        assert coach.passengers <= capacity
        assert len({items[i].pickup for i, _ in coach.loads}) <= max_pickups
        assert len({items[i].dropoff for i, _ in coach.loads}) <= max_dropoffs
        assert coach.route.ride_minutes <= 600.0
        for i, amount in coach.loads:
            carried[i] += amount
    assert carried == [item.size for item in items] and not any(result.left)
    assert math.ceil(sum(carried) / capacity) <= result.lower_bound <= len(result.coaches)


@pytest.mark.slow
def test_a_shaped_roster_is_planned_within_the_rules_and_the_bound():
    problem = shaped_problem(300, 6, 20, seed=3)
    plan = plan_trips(problem, time_limit_s=20)
    assert plan_problems(plan, problem) == []
    assert not plan.unassigned
    assert plan.lower_bound <= len(plan.trips)
    assert plan.summary.lower_bound == plan.lower_bound


@pytest.mark.slow
def test_the_same_seed_gives_the_same_plan_on_a_shaped_roster():
    problem = shaped_problem(250, 5, 15, seed=1)
    first = plan_to_dict(plan_trips(problem, time_limit_s=30, seed=4))
    second = plan_to_dict(plan_trips(problem, time_limit_s=30, seed=4))
    for document in (first, second):
        document["params"].pop("solve_seconds")
    assert first == second


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups_of(largest=30, most=12),
    st.lists(st.floats(0.0, 1.0), min_size=12, max_size=12),
    st.sampled_from([5, 22, 45]),
    st.integers(1, 3),
)
def test_the_bound_search_finds_the_most_valuable_legal_coach(groups, prices, capacity, most):
    # U in Farley's bound, against every pickup set and employer set tried one by one.
    items = [Item(p, d, n) for p, d, n in groups]
    prices = [price if price > EPS else 0.0 for price in prices[: len(items)]]  # as U's search
    packer = Packer(
        items, [CoachType(capacity, None, 1.0)], book(300.0, 10.0), max_pickups=3, max_dropoffs=most
    )
    best, per_set = 0.0, []
    for pickups in packer.pickup_sets:
        per_set.append(0.0)
        employers = sorted({item.dropoff for item in items})
        for size in range(1, most + 1):
            for chosen in itertools.combinations(employers, size):
                if packer.route(pickups, chosen) is None:
                    continue
                cells = sorted(
                    (
                        (prices[i], item.size)
                        for i, item in enumerate(items)
                        if item.pickup in pickups and item.dropoff in chosen
                    ),
                    reverse=True,
                )
                room, value = capacity, 0.0
                for price, size_ in cells:
                    value += price * min(size_, room)
                    room -= min(size_, room)
                best, per_set[-1] = max(best, value), max(per_set[-1], value)
    assert packer.most_valuable(prices, capacity) == pytest.approx(best, abs=1e-6)
    # Valuing only the sets of the 2 employers worth most alone, a search that says it is
    # complete has found the set's best coach.
    sizes = [item.size for item in items]
    rows = range(len(packer.pickup_sets))
    for row, (_, value, complete) in zip(
        rows, packer._best_loads(rows, prices, sizes, capacity, None, 3000, 0.0, 2), strict=True
    ):
        if complete:
            assert value == pytest.approx(per_set[row], abs=1e-6)


@pytest.mark.slow
def test_the_same_seed_gives_the_same_plan_at_full_load_with_many_small_groups():
    # The regime where the clock used to decide (the work now ends on counts, far inside the cap).
    problem = shaped_problem(1000, 12, 61, seed=5, load_factor=1.0)
    first = plan_to_dict(plan_trips(problem, time_limit_s=120, seed=5))
    second = plan_to_dict(plan_trips(problem, time_limit_s=120, seed=5))
    for document in (first, second):
        document["params"].pop("solve_seconds")
    assert first == second
    assert first["summary"]["lower_bound"] <= first["summary"]["trips"]
