"""Plan point-to-point coaches (with routing/packing.py, the only modules that import OR-Tools).

Under the usual stop rules (at most 3 pickup points and 3 employers per coach) a plan is a packing:
routing/packing.py chooses which (pickup point, employer) groups share each coach by column
generation, rounding and max-flow coach removal, every coach's route enumerated exactly, and
proves a lower bound on the coaches any plan needs. Very large rosters are first cut by bearing
from the depot into sectors of at most SECTOR_POINTS pickup points, packed one by one; then
routing/repack.py takes part-empty coaches apart and packs their workers again, and the routing
search below polishes the result (fewer coaches, then shorter routes; kept only if no worse).
With looser stop limits the routing search below is used instead (and the bound is the seats'
one, ceil(workers / capacity)):
1. Workers are grouped by (pickup point, employer). A group that fills a coach rides it directly
   from its county to its employer: no search is needed for a full bus.
2. Groups whose direct ride already exceeds the ride-time limit are reported, not planned.
3. What is left is split into independent regions: two pickup points belong together only if one
   coach could collect at both within the ride-time limit. Regions are solved separately; a
   region of more than MAX_SEARCH_LOADS loads is cut into sectors around the depot, and the
   coaches left part-empty at the sectors' edges are then pooled and re-planned across the old
   boundaries (the repair step; kept when it needs fewer coaches).
4. Each region is a pickup-and-delivery problem for OR-Tools routing: a load (part of a group, so a
   group can be split over coaches) is picked up at its county and delivered at its employer.
   Dimensions keep every rule: seats, pickups before drop-offs, at most N distinct pickup points and
   M distinct employers per coach, the ride clock (first pickup to last drop-off) within the limit,
   which bounds every passenger's ride, and the driving from the depot within the drivers' day.
   Road breaks depend on a coach's whole drive, so the ride clock counts them cautiously (never
   less than the trip's times, at most 20 minutes more); a group the search then leaves out
   rides straight to its employer when its own times allow. A coach costs far more than any
   detour, so the search minimises coaches first and kilometres second.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2

from routing import duty, packing
from routing.distances import DistanceModel, GeodesicDistances, Matrices
from routing.model import (
    BusType,
    Place,
    Plan,
    PlanningError,
    PlanParams,
    Problem,
    Rules,
    Stop,
    StopKind,
    Trip,
    Unassigned,
)
from routing.repack import repack

BUS_COST = 10**9  # cost of one coach: more than any kilometre saving a search could find
DROP_PENALTY = 100 * BUS_COST  # leaving a load unplanned is worse than opening another coach
SPLIT_SHARE = 3  # a group may be split into loads of about capacity / 3 to fill coaches
MIN_REGION_SECONDS = 0.2
FIRST_SEARCH_SHARE = 0.5  # of a region's time for the first search; the rest removes coaches
ELIMINATION_SHARE = 0.15  # of a region's time for each attempt to remove one more coach
ELIMINATION_TRIES = 3  # failed attempts in a row (each dissolving another route) before stopping
STALL_SOLUTIONS = 400  # solutions in a row without a better plan that end a search
MAX_SEARCH_LOADS = 250  # loads in one OR-Tools search; larger regions are cut into sectors
REPAIR_SHARE = 0.3  # of a large region's time for re-planning part-empty coaches across sectors
PACKING_STOPS = 3  # stop limits up to which every coach's route is enumerated exactly
SECTOR_POINTS = 70  # pickup points packed together at most (more: cut into sectors by bearing)
MANY_EMPLOYERS, SECTOR_POINTS_MANY_EMPLOYERS = 60, 30  # smaller sectors for rosters with more
POLISH_RESERVE_S = 0.5  # kept for writing the trips
PACK_SHARE = 0.8  # of a sector's seconds at most for the packing, the rest for re-packing
REPACK_TRIES_PER_WORKER = 1 / 40  # neighbourhoods re-packed (a counted budget)
POLISH_SOLUTIONS = 3000  # solutions per routing search at most: a count, not a clock


@dataclass(frozen=True)
class Progress:
    """What the planner tells whoever watches (the app's progress bar)."""

    fraction: float
    message: str


ProgressCallback = Callable[[Progress], None]


@dataclass
class _Group:
    """Workers from one pickup point to one employer; `rows` shrinks as full coaches take them."""

    pickup: int  # index into the point list
    dropoff: int
    employer: str
    rows: list[int]


@dataclass(frozen=True)
class _Load:
    """Part of a group that rides together, the unit the search places."""

    group: _Group
    rows: tuple[int, ...]


@dataclass(frozen=True)
class _Call:
    """A coach's call at a point: who boards (pickup) or alights (dropoff) there."""

    kind: StopKind
    point: int
    rows: tuple[int, ...]


@dataclass(frozen=True)
class _Route:
    bus: BusType
    calls: tuple[_Call, ...]  # pickups then drop-offs, in visiting order
    loads: tuple[_Load, ...]

    @staticmethod
    def of(bus: BusType, visits: list[tuple[StopKind, _Load]]) -> _Route:
        """Merge consecutive visits to the same point into one call."""
        calls: list[_Call] = []
        for kind, load in visits:
            point = load.group.pickup if kind == "pickup" else load.group.dropoff
            if calls and (calls[-1].kind, calls[-1].point) == (kind, point):
                calls[-1] = _Call(kind, point, calls[-1].rows + load.rows)
            else:
                calls.append(_Call(kind, point, load.rows))
        return _Route(bus, tuple(calls), tuple(load for kind, load in visits if kind == "pickup"))

    @property
    def passengers(self) -> int:
        return sum(len(call.rows) for call in self.calls if call.kind == "pickup")


@dataclass
class _Context:
    """Everything a region solve needs, computed once per plan."""

    points: list[Place]
    matrices: Matrices
    rules: Rules
    fleet: list[BusType]  # largest capacity first
    stock: dict[str, int | None] = field(default_factory=dict)  # coaches left; None: no limit
    depots: dict[str, int] = field(default_factory=dict)  # a type's home depot; else point 0

    def capacity(self, bus: BusType) -> int:
        return self.rules.capacity(bus.seats)

    def depot(self, bus: BusType) -> int:
        """The point a coach of this type starts from: its home depot, else the zone's."""
        return self.depots.get(bus.name, 0)

    def available(self, bus: BusType) -> bool:
        left = self.stock[bus.name]
        return left is None or left > 0

    def take(self, bus: BusType) -> None:
        self._count(bus, -1)

    def give_back(self, bus: BusType) -> None:
        self._count(bus, 1)

    def _count(self, bus: BusType, change: int) -> None:
        left = self.stock[bus.name]
        if left is not None:
            self.stock[bus.name] = left + change

    def ride_minutes(self, a: int, b: int) -> float:
        """Time from arriving at point a to arriving at point b: the stop at a, then the drive."""
        return self.rules.stop_minutes + float(self.matrices.minutes[a, b])


def plan_trips(
    problem: Problem,
    *,
    distances: DistanceModel | None = None,
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
) -> Plan:
    """Plan coaches for every worker of `problem`; workers who cannot ride are listed with why.
    The work done is counted (rounds, steps), not timed, so the same problem and seed give the
    same plan; `time_limit_s` is a hard cap on top (reached only on a very slow machine)."""
    started = time.monotonic()
    distances = distances or GeodesicDistances()
    report = _monotone(on_progress or (lambda progress: None))
    points, groups, depots = _points_and_groups(problem)
    report(Progress(0.01, f"计算 {len(points)} 个地点之间的距离"))
    context = _Context(
        points, distances.matrices(points), problem.rules, _usable_fleet(problem), depots=depots
    )
    context.stock = {bus.name: bus.count for bus in context.fleet}

    unassigned = list(problem.rejected)
    feasible = []
    for group in groups:
        reason = _too_long(group, context)
        if reason:
            unassigned += [Unassigned(row, reason, "max_ride_time") for row in group.rows]
        else:
            feasible.append(group)
    rules = problem.rules
    if rules.max_pickups <= PACKING_STOPS and rules.max_dropoffs <= PACKING_STOPS:
        routes, left, bound, details = _pack(feasible, context, started, time_limit_s, seed, report)
    else:
        routes, left, details = _search(feasible, context, started, time_limit_s, seed, report)
        carried = sum(route.passengers for route in routes)
        bound = math.ceil(carried / context.capacity(context.fleet[0])) if carried else 0
        details["bound_method"] = "seats"
    unassigned += [Unassigned(row, _fleet_reason(context), "fleet") for row in left]
    report(Progress(0.98, f"写出 {len(routes)} 个车次"))
    trips = _trips(routes, context)
    params = dataclasses.replace(
        PlanParams.of(problem, **distances.describe(), **details),
        time_limit_s=time_limit_s,
        seed=seed,
        solve_seconds=round(time.monotonic() - started, 2),
    )
    report(Progress(1.0, f"完成：{len(trips)} 辆车，下界 {bound} 辆"))
    return Plan(
        trips=tuple(trips),
        unassigned=tuple(sorted(unassigned, key=lambda u: u.row)),
        params=params,
        lower_bound=bound,
        bound_method=str(details["bound_method"]),
    )


def _monotone(report: ProgressCallback) -> ProgressCallback:
    """The progress bar never goes back."""
    state = {"fraction": 0.0}

    def forward(progress: Progress) -> None:
        state["fraction"] = max(state["fraction"], min(1.0, progress.fraction))
        report(Progress(state["fraction"], progress.message))

    return forward


def _pack(
    groups: list[_Group],
    context: _Context,
    started: float,
    time_limit_s: float,
    seed: int,
    report: ProgressCallback,
) -> tuple[list[_Route], list[int], int, dict[str, object]]:
    """Coaches by packing (routing/packing.py): groups with the same pickup point and employer
    site are one item; every coach's route is the best of its stop orders."""
    rows_of: dict[tuple[int, int], list[int]] = defaultdict(list)
    for group in groups:
        rows_of[(group.pickup, group.dropoff)] += group.rows
    keys = sorted(rows_of)
    items = [
        packing.Item(pickup, dropoff, len(rows_of[(pickup, dropoff)])) for pickup, dropoff in keys
    ]
    rules = context.rules
    book = packing.RouteBook(
        context.matrices.km,
        context.matrices.minutes,
        rules.stop_minutes,
        rules.max_ride_hours * 60,
        drivers=rules.drivers_per_coach,
    )
    deadline = started + time_limit_s
    stock = [bus.count for bus in context.fleet]
    sectors = _pickup_sectors(
        sorted({key[0] for key in keys}), len({key[1] for key in keys}), context
    )
    chosen: list[tuple[int, packing.Column]] = []
    results: list[tuple[packing.Packing, int]] = []
    done = 0.0
    for number, sector in enumerate(sectors, start=1):
        inside = [k for k, key in enumerate(keys) if key[0] in sector]
        share = sum(items[k].size for k in inside) / max(1, sum(item.size for item in items))
        now = time.monotonic()
        left_s = deadline - POLISH_RESERVE_S - now
        kinds = [
            packing.CoachType(context.capacity(bus), count, bus.cost_per_km, context.depot(bus))
            for bus, count in zip(context.fleet, stock, strict=True)
        ]
        mine = sum(items[k].size for k in inside)
        rest = sum(
            items[k].size
            for k, key in enumerate(keys)
            if key[0] in set().union(*sectors[number - 1 :])
        )
        until = now + left_s * mine / max(1, rest)
        budget = packing.Budget.for_size(len(inside), now + (until - now) * PACK_SHARE)
        label = f"第 {number}/{len(sectors)} 片区：" if len(sectors) > 1 else ""

        def forward(
            fraction: float,
            message: str,
            base: float = done,
            part: float = share,
            label: str = label,
        ) -> None:
            report(Progress(0.02 + 0.85 * (base + part * fraction), label + message))

        result = packing.pack(
            [items[k] for k in inside],
            kinds,
            book,
            max_pickups=rules.max_pickups,
            max_dropoffs=rules.max_dropoffs,
            budget=budget,
            seed=seed,
            report=forward,
        )
        report(
            Progress(
                0.02 + 0.85 * (done + share),
                f"{label}{len(result.coaches)} 辆车，拆开空座多的车重新装载",
            )
        )
        done += share
        repacked = repack(
            [items[k] for k in inside],
            kinds,
            book,
            result.coaches,
            max_pickups=rules.max_pickups,
            max_dropoffs=rules.max_dropoffs,
            tries=max(10, round(mine * REPACK_TRIES_PER_WORKER)),
            deadline=until,
            bound=result.lower_bound,
        )
        for coach in repacked:
            chosen.append(
                (
                    number,
                    packing.Column(
                        tuple((inside[i], a) for i, a in coach.loads), coach.kind, coach.route
                    ),
                )
            )
            count = stock[coach.kind]
            if count is not None:
                stock[coach.kind] = count - 1
        results.append((result, len(repacked)))
    queues = {key: list(rows_of[key]) for key in keys}
    coaches = defaultdict(list)  # per sector, per coach: its bus, loads, route
    for part, coach in chosen:
        loads = []
        for i, amount in coach.loads:
            key = keys[i]
            riders, queues[key] = queues[key][:amount], queues[key][amount:]
            loads.append(_Load(_Group(key[0], key[1], "", riders), tuple(riders)))
        order = {p: n for n, p in enumerate(coach.route.pickups + coach.route.dropoffs)}
        loads.sort(key=lambda load: (order[load.group.pickup], order[load.group.dropoff]))
        coaches[part].append((context.fleet[coach.kind], loads, coach.route))
    left = sorted(row for queue in queues.values() for row in queue)
    routes = []
    for number in sorted(coaches):
        share = len(coaches[number]) / sum(len(c) for n, c in coaches.items() if n >= number)
        until = time.monotonic() + (deadline - time.monotonic()) * share
        routes += _polish(coaches[number], context, until, seed, report)
    if len(results) == 1:
        bound, method = results[0][0].lower_bound, results[0][0].bound_method
    else:  # a coach might cross the sectors: only the seats' bound holds for the whole
        carried = sum(item.size for item in items) - len(left)
        bound, method = math.ceil(carried / max(kind.capacity for kind in kinds)), "seats"
    details = {
        "planner": "packing",
        "bound_method": method,
        "sectors": len(sectors),
        "lp_bound": round(sum(r.lp_bound for r, _ in results), 2),
        "columns": sum(r.columns for r, _ in results),
        "rounds": max(r.rounds for r, _ in results),
        "packed_coaches": sum(len(r.coaches) for r, _ in results),
        "repacked_coaches": len(chosen),
    }
    return routes, left, bound, details


def _pickup_sectors(pickups: list[int], employers: int, context: _Context) -> list[set[int]]:
    """Pickup points cut by bearing from the depot into sectors of at most SECTOR_POINTS, so
    that packing stays fast on very large rosters (one sector up to that size). Pricing's work
    grows with the pickup sets times the employers: with many employers, sectors are smaller
    (measured: 20,000 workers for 100 employers, 452 coaches with 30 points, 461 with 70)."""
    most = SECTOR_POINTS if employers <= MANY_EMPLOYERS else SECTOR_POINTS_MANY_EMPLOYERS
    count = math.ceil(len(pickups) / most)
    if count <= 1:
        return [set(pickups)]
    depot = context.points[0]
    scale = math.cos(math.radians(depot.lat))

    def bearing(p: int) -> tuple[float, int]:
        place = context.points[p]
        return (math.atan2(place.lat - depot.lat, (place.lon - depot.lon) * scale), p)

    ordered = sorted(pickups, key=bearing)
    size = math.ceil(len(ordered) / count)
    return [set(ordered[k : k + size]) for k in range(0, len(ordered), size)]


def _polish(
    coaches, context: _Context, deadline: float, seed: int, report: ProgressCallback
) -> list[_Route]:
    """Hand the packing to the routing search as its start (each coach's share of a group is
    one load): it tries to take coaches away and then shortens the routes. The search ends
    after a counted number of solutions, or at the deadline on a very slow machine; what it
    returns is kept only if it is no worse."""
    loads = [load for _, coach_loads, _ in coaches for load in coach_loads]
    start, k = [], 0
    for bus, coach_loads, route in coaches:
        first = k
        k += len(coach_loads)
        picks = [2 + 2 * n for n in range(first, k)]
        by_drop = sorted(
            range(first, k), key=lambda n: route.dropoffs.index(loads[n].group.dropoff)
        )
        start.append(_NodeRoute(bus, tuple(picks + [3 + 2 * n for n in by_drop])))
    packed = [
        _Route.of(
            bus,
            [("pickup", load) for load in coach_loads]
            + [
                ("dropoff", load)
                for load in sorted(
                    coach_loads, key=lambda load: route.dropoffs.index(load.group.dropoff)
                )
            ],
        )
        for bus, coach_loads, route in coaches
    ]
    seconds = deadline - time.monotonic() - POLISH_RESERVE_S
    if not loads or len(loads) > MAX_SEARCH_LOADS * 2 or seconds < MIN_REGION_SECONDS * 5:
        return packed
    model = _RegionModel(loads, context, [bus for bus, _, _ in coaches])
    refused = model.refused(start, deadline - POLISH_RESERVE_S)
    if refused:  # near the ride limit on long legs: the search's cautious clock says no
        kept = [coach for k, coach in enumerate(coaches) if k not in refused]
        return [packed[k] for k in sorted(refused)] + _polish(kept, context, deadline, seed, report)
    report(Progress(0.9, f"路线搜索：从 {len(coaches)} 辆车开始，尝试减车并缩短里程"))
    model, routes = _remove_coaches(model, start, deadline - POLISH_RESERVE_S, seconds, seed)
    left = deadline - POLISH_RESERVE_S - time.monotonic()
    if left > MIN_REGION_SECONDS:
        polished = model.solve(left, seed, start=routes)
        if polished is not None and model.all_placed(polished) and len(polished) <= len(routes):
            routes = polished
    found, dropped = model.routes(routes)
    km = sum(_km(route, context) for route in found)
    if dropped or (len(found), km) >= (len(packed), sum(_km(r, context) for r in packed)):
        return packed
    return found


def _km(route: _Route, context: _Context) -> float:
    return _path_km([context.depot(route.bus), *(call.point for call in route.calls)], context)


def _path_km(points: Sequence[int], context: _Context) -> float:
    return sum(float(context.matrices.km[a, b]) for a, b in itertools.pairwise(points))


def _search(
    groups: list[_Group],
    context: _Context,
    started: float,
    time_limit_s: float,
    seed: int,
    report: ProgressCallback,
) -> tuple[list[_Route], list[int], dict]:
    """The routing search (OR-Tools pickup and delivery) for stop limits beyond enumeration."""
    routes = _full_buses(groups, context)
    regions = [_loads(region, context) for region in _regions(groups, context)]
    total = sum(len(loads) for loads in regions) or 1
    budget = max(0.0, time_limit_s - (time.monotonic() - started))
    solved, left = 0, []
    for number, loads in enumerate(regions, start=1):
        report(
            Progress(
                0.05 + 0.9 * solved / total,
                f"第 {number}/{len(regions)} 个区域：{len(loads)} 份乘客",
            )
        )
        seconds = max(MIN_REGION_SECONDS, budget * len(loads) / total)
        region_routes, dropped = _solve_large_region(
            loads, context, time_limit_s=seconds, seed=seed
        )
        direct, dropped = _direct(dropped, context)
        routes += region_routes + direct
        left += [row for load in dropped for row in load.rows]
        solved += len(loads)
    return routes, left, {"planner": "routing", "regions": len(regions)}


def _usable_fleet(problem: Problem) -> list[BusType]:
    rules = problem.rules
    usable = [bus for bus in problem.fleet if rules.capacity(bus.seats) >= 1 and bus.count != 0]
    if not usable:
        raise PlanningError(
            f"按载客率 {rules.load_factor:g} 没有一种车能载人"
            f"（载客数 = 座位数 x 载客率，向下取整），或车队为空"
        )
    return sorted(usable, key=lambda bus: (-rules.capacity(bus.seats), bus.cost_per_km, bus.name))


def _points_and_groups(problem: Problem) -> tuple[list[Place], list[_Group], dict[str, int]]:
    """The places (the zone's depot first), the groups, and the home depots by coach type."""
    points: list[Place] = [problem.depot]
    index_of: dict[tuple, int] = {problem.depot.key: 0}

    def point(place: Place) -> int:
        if place.key not in index_of:
            index_of[place.key] = len(points)
            points.append(place)
        return index_of[place.key]

    grouped: dict[tuple[int, str], list[int]] = defaultdict(list)
    for worker in sorted(problem.workers, key=lambda w: w.row):
        grouped[(point(worker.origin), worker.employer)].append(worker.row)
    employer_point = {name: point(problem.employers[name].place) for _, name in grouped}
    depots = {bus.name: point(bus.depot) for bus in problem.fleet if bus.depot is not None}
    return (
        points,
        [
            _Group(pickup, employer_point[name], name, rows)
            for (pickup, name), rows in grouped.items()
        ],
        depots,
    )


def _too_long(group: _Group, context: _Context) -> str:
    """The direct ride as a coach would drive it, out from its depot, road breaks included: too
    long when no coach type's depot makes it fit."""
    starts = sorted({context.depot(bus) for bus in context.fleet})
    if any(_fits((start, group.pickup, group.dropoff), context) for start in starts):
        return ""
    rules = context.rules
    ride, drive = min(_clocks((start, group.pickup, group.dropoff), context) for start in starts)
    if ride <= rules.max_ride_hours * 60:
        return (
            f"司机驾驶时间：接{context.points[group.pickup].name}的工人到{group.employer}"
            f"要驾驶 {drive / 60:.1f} 小时，超过 {rules.drivers_per_coach} 名司机每日 "
            f"{duty.drive_limit(rules.drivers_per_coach) / 60:g} 小时上限"
        )
    return (
        f"最长乘车时间：从{context.points[group.pickup].name}到{group.employer}直达需 "
        f"{ride / 60:.1f} 小时，超过 {rules.max_ride_hours:g} 小时上限"
    )


def _full_buses(groups: list[_Group], context: _Context) -> list[_Route]:
    """A group that fills a coach gets it, straight from its pickup point to its employer."""
    routes = []
    for group in groups:
        while bus := _direct_bus(group, context, at_most=len(group.rows)):
            seats = context.capacity(bus)
            load = _Load(group, tuple(group.rows[:seats]))
            group.rows = group.rows[seats:]
            context.take(bus)
            routes.append(_Route.of(bus, [("pickup", load), ("dropoff", load)]))
    return routes


def _direct(loads: list[_Load], context: _Context) -> tuple[list[_Route], list[_Load]]:
    """Loads the search left out ride straight from their pickup point to their employer, a coach
    per group as far as the stock goes: the search's ride clock counts road breaks cautiously
    and may refuse a direct ride that fits by a few minutes; the trip's own times decide here."""
    routes, left = [], []
    groups = {id(load.group): load.group for load in loads}
    for key, group in groups.items():
        rows = sorted(row for load in loads if id(load.group) == key for row in load.rows)
        while rows and (bus := _direct_bus(group, context)):
            load = _Load(group, tuple(rows[: context.capacity(bus)]))
            rows = rows[len(load.rows) :]
            context.take(bus)
            routes.append(_Route.of(bus, [("pickup", load), ("dropoff", load)]))
        left += [_Load(group, tuple(rows))] if rows else []
    return routes, left


def _direct_bus(group: _Group, context: _Context, at_most: int | None = None) -> BusType | None:
    """The coach to drive the group straight to its employer: of the types left that it fits
    (seats up to `at_most`) from their depots, the largest, then the cheapest for the route."""
    fitting = [
        bus
        for bus in context.fleet
        if context.available(bus)
        and (at_most is None or context.capacity(bus) <= at_most)
        and _fits((context.depot(bus), group.pickup, group.dropoff), context)
    ]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda bus: (
            -context.capacity(bus),
            bus.cost_per_km * _path_km((context.depot(bus), group.pickup, group.dropoff), context),
        ),
    )


def _clocks(points: Sequence[int], context: _Context) -> tuple[float, float]:
    """A coach leaving points[0] (its depot) through the rest: its ride clock (first call to
    last, road breaks included) and its minutes of driving."""
    legs = [float(context.matrices.minutes[a, b]) for a, b in itertools.pairwise(points)]
    times = duty.arrivals(legs, context.rules.stop_minutes)
    return times[-1] - times[0], sum(legs)


def _fits(points: Sequence[int], context: _Context) -> bool:
    """The coach's exact day: the ride clock within the ride limit, the driving within the
    drivers' day."""
    rules = context.rules
    ride, drive = _clocks(points, context)
    return ride <= rules.max_ride_hours * 60 and drive <= duty.drive_limit(rules.drivers_per_coach)


def _regions(groups: list[_Group], context: _Context) -> list[list[_Group]]:
    """Independent regions: pickup points are linked when one coach could call at both and still
    bring everyone to the zone (approximated by the depot) within the ride-time limit."""
    pickups = sorted({g.pickup for g in groups if g.rows})
    parent = {p: p for p in pickups}

    def root(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    limit = context.rules.max_ride_hours * 60
    for i, a in enumerate(pickups):
        for b in pickups[i + 1 :]:
            via = min(
                context.ride_minutes(a, b) + context.ride_minutes(b, 0),
                context.ride_minutes(b, a) + context.ride_minutes(a, 0),
            )
            if via <= limit:
                parent[root(a)] = root(b)
    regions: dict[int, list[_Group]] = defaultdict(list)
    for group in groups:
        if group.rows:
            regions[root(group.pickup)].append(group)
    return sorted(regions.values(), key=lambda region: min(min(g.rows) for g in region))


def _loads(groups: list[_Group], context: _Context) -> list[_Load]:
    """Cut each group into near-equal loads of at most capacity / SPLIT_SHARE, so that the search
    can split a group over two coaches when that fills them."""
    unit = max(1, math.ceil(max(context.capacity(b) for b in context.fleet) / SPLIT_SHARE))
    loads = []
    for group in groups:
        pieces = math.ceil(len(group.rows) / unit)
        size, extra = divmod(len(group.rows), pieces)
        start = 0
        for piece in range(pieces):
            end = start + size + (1 if piece < extra else 0)
            loads.append(_Load(group, tuple(group.rows[start:end])))
            start = end
    return loads


def _fleet_reason(context: _Context) -> str:
    used = "、".join(f"{bus.name} {bus.count} 辆" for bus in context.fleet if bus.count is not None)
    return f"车辆不足：车队已全部用完（{used}），没有车能载这位工人"


# --- The OR-Tools model of one region -------------------------------------------------------

START, END = 0, 1  # node 0 is a depot; node 1 is where a trip ends (after its last drop-off)


def _solve_large_region(
    loads: list[_Load], context: _Context, *, time_limit_s: float, seed: int
) -> tuple[list[_Route], list[_Load]]:
    """A region too large for one search is cut into sectors around the depot, each solved on
    its own; then the coaches left part-empty at the sectors' edges are pooled and re-planned
    across the old boundaries, and the re-plan is kept when it needs fewer coaches."""
    if len(loads) <= MAX_SEARCH_LOADS:
        return _solve_region(loads, context, time_limit_s=time_limit_s, seed=seed)
    sectors = _sectors(loads, context, MAX_SEARCH_LOADS)
    routes, dropped = [], []
    for sector in sectors:
        share = time_limit_s * (1 - REPAIR_SHARE) * len(sector) / len(loads)
        sector_routes, sector_dropped = _solve_region(
            sector, context, time_limit_s=share, seed=seed
        )
        routes += sector_routes
        dropped += sector_dropped
    loose = [route for route in routes if route.passengers < context.capacity(route.bus)]
    loose_loads = [load for route in loose for load in route.loads]
    if len(loose) < 2:
        return routes, dropped
    for route in loose:
        context.give_back(route.bus)
    pools = _sectors(loose_loads, context, MAX_SEARCH_LOADS, offset=0.5)
    replanned, left = [], []
    for pool in pools:
        share = time_limit_s * REPAIR_SHARE * len(pool) / len(loose_loads)
        pool_routes, pool_left = _solve_region(pool, context, time_limit_s=share, seed=seed)
        replanned += pool_routes
        left += pool_left
    if left or len(replanned) > len(loose):
        for route in replanned:
            context.give_back(route.bus)
        for route in loose:
            context.take(route.bus)
        return routes, dropped
    loose_ids = {id(route) for route in loose}
    return [route for route in routes if id(route) not in loose_ids] + replanned, dropped


def _sectors(
    loads: list[_Load], context: _Context, size: int, offset: float = 0.0
) -> list[list[_Load]]:
    """Cut loads into sectors of at most about `size` by bearing from the depot, keeping every
    pickup point whole. `offset` (a share of a sector) turns the cuts, so a second cut falls
    elsewhere than the first."""
    depot = context.points[0]
    scale = math.cos(math.radians(depot.lat))

    def bearing(load: _Load) -> float:
        place = context.points[load.group.pickup]
        return math.atan2(place.lat - depot.lat, (place.lon - depot.lon) * scale)

    ordered = sorted(loads, key=lambda load: (bearing(load), load.group.pickup, load.rows))
    count = math.ceil(len(ordered) / size)
    if count <= 1:
        return [ordered]
    shift = int(offset * len(ordered) / count)
    ordered = ordered[shift:] + ordered[:shift]
    sectors: list[list[_Load]] = [[]]
    target = len(ordered) / count
    for position, load in enumerate(ordered):
        current = sectors[-1]
        new_point = not current or current[-1].group.pickup != load.group.pickup
        if new_point and position >= target * len(sectors):
            sectors.append([])
        sectors[-1].append(load)
    return [sector for sector in sectors if sector]


def _solve_region(
    loads: list[_Load], context: _Context, *, time_limit_s: float, seed: int
) -> tuple[list[_Route], list[_Load]]:
    """Search with a generous fleet, then take coaches away one at a time: dissolve one of the
    emptiest routes and ask the search to re-seat its passengers on the others. After a few
    failures in a row (or at the lower bound), spend the time left on kilometres."""
    deadline = time.monotonic() + time_limit_s
    loads = list(loads)
    random.Random(seed).shuffle(loads)  # the seed chooses the search's path through the loads
    vehicles = _vehicles_for(loads, context)
    if not loads or not vehicles:
        return [], list(loads)
    model = _RegionModel(loads, context, vehicles)
    routes = model.solve(time_limit_s * FIRST_SEARCH_SHARE, seed)
    if (
        routes is not None
        and not model.all_placed(routes)
        and len(vehicles) < len(loads)
        and any(context.stock[bus.name] is None for bus in context.fleet)
    ):
        # The margin was too thin (tight stop limits): one coach per load always suffices.
        model = _RegionModel(loads, context, _vehicles_for(loads, context, len(loads)))
        routes = model.solve(time_limit_s * FIRST_SEARCH_SHARE, seed)
    if routes is None:
        return [], list(loads)
    model, routes = _remove_coaches(model, routes, deadline, time_limit_s, seed)
    left = deadline - time.monotonic()
    if left > MIN_REGION_SECONDS and model.all_placed(routes):
        polished = model.solve(left, seed, start=routes)
        if polished is not None and model.all_placed(polished) and len(polished) <= len(routes):
            routes = polished
    for route in routes:
        context.take(route.bus)
    return model.routes(routes)


def _remove_coaches(
    model: _RegionModel, routes: list[_NodeRoute], deadline: float, time_limit_s: float, seed: int
) -> tuple[_RegionModel, list[_NodeRoute]]:
    lower_bound = math.ceil(sum(len(load.rows) for load in model.loads) / model.largest_capacity)
    failures = 0
    while model.all_placed(routes) and len(routes) > lower_bound and failures < ELIMINATION_TRIES:
        seconds = min(deadline - time.monotonic(), max(0.5, time_limit_s * ELIMINATION_SHARE))
        if seconds < MIN_REGION_SECONDS:
            break
        by_load = sorted(routes, key=lambda route: (model.passengers(route), route.nodes))
        victim = by_load[failures % len(by_load)]  # after a failure, try the next emptiest
        kept = [route for route in routes if route is not victim]
        trial = _RegionModel(model.loads, model.context, [route.bus for route in kept])
        attempt = trial.solve(seconds, seed, start=kept)
        if attempt is None or not trial.all_placed(attempt):
            failures += 1
            continue
        model, routes, failures = trial, attempt, 0
    return model, routes


def _vehicles_for(
    loads: list[_Load], context: _Context, wanted: int | None = None
) -> list[BusType]:
    """Coaches the search may use: by default twice the lower bound plus two, within the stock."""
    if wanted is None:
        people = sum(len(load.rows) for load in loads)
        biggest = max(context.capacity(b) for b in context.fleet)
        wanted = min(len(loads), math.ceil(people / biggest) * 2 + 2)
    vehicles: list[BusType] = []
    for bus in context.fleet:
        left = context.stock[bus.name]
        vehicles += [bus] * (wanted if left is None else min(left, wanted))
    return vehicles


class _RegionModel:
    """Nodes: 0 the first vehicles' depot, 1 trip end, then for load k a pickup node 2+2k and a
    delivery node 3+2k, then the other depots (coach types with their own home depot)."""

    def __init__(self, loads: list[_Load], context: _Context, vehicles: list[BusType]):
        self.loads, self.context, self.vehicles = loads, context, vehicles
        depots = sorted({context.depot(bus) for bus in vehicles})
        visits = 2 + 2 * len(loads)
        n = visits + len(depots) - 1
        node_of = {point: START if k == 0 else visits + k - 1 for k, point in enumerate(depots)}
        starts = [node_of[context.depot(bus)] for bus in vehicles]
        self.manager = pywrapcp.RoutingIndexManager(n, len(vehicles), starts, [END] * len(vehicles))
        self.routing = pywrapcp.RoutingModel(self.manager)
        location = np.array(
            [depots[0], 0]
            + [p for load in loads for p in (load.group.pickup, load.group.dropoff)]
            + depots[1:]
        )
        is_pickup = np.zeros(n, bool)
        is_pickup[2:visits:2] = True
        is_delivery = np.zeros(n, bool)
        is_delivery[3:visits:2] = True
        is_depot = np.zeros(n, bool)
        is_depot[list(node_of.values())] = True
        moves = location[:, None] != location[None, :]  # arriving somewhere new is a new stop
        moves[is_depot, :] = True  # the first pickup is a stop, even in the depot's own town
        self._add_costs(location, moves)
        self._add_capacity(n)
        rules = context.rules
        minutes = context.matrices.minutes[np.ix_(location, location)]
        self._add_dimension(
            "ride",
            _ride_transits(minutes, moves, is_depot, rules),
            int(rules.max_ride_hours * 3600),
        )
        drive = np.ceil(minutes * 60)
        drive[:, END] = 0
        self._add_dimension("drive", drive, int(duty.drive_limit(rules.drivers_per_coach) * 60))
        self._add_dimension("pickups", moves & is_pickup[None, :], rules.max_pickups)
        self._add_dimension("dropoffs", moves & is_delivery[None, :], rules.max_dropoffs)
        self._add_dimension("phase", is_delivery[:, None] & is_pickup[None, :], 0)
        for k in range(len(loads)):
            pickup = self.manager.NodeToIndex(2 + 2 * k)
            delivery = self.manager.NodeToIndex(3 + 2 * k)
            self.routing.AddPickupAndDelivery(pickup, delivery)
            self.routing.solver().Add(
                self.routing.VehicleVar(pickup) == self.routing.VehicleVar(delivery)
            )
            self.routing.AddDisjunction([pickup], DROP_PENALTY)
            self.routing.AddDisjunction([delivery], DROP_PENALTY)

    def _add_costs(self, location: np.ndarray, moves: np.ndarray) -> None:
        metres = np.rint(self.context.matrices.km[np.ix_(location, location)] * 1000)
        metres[:, END] = 0
        rates = sorted({bus.cost_per_km for bus in self.vehicles})
        cheapest = rates[0] or 1.0
        evaluators = {
            rate: self.routing.RegisterTransitMatrix(
                (metres * (rate / cheapest if cheapest else 1)).astype(int).tolist()
            )
            for rate in rates
        }
        for vehicle, bus in enumerate(self.vehicles):
            self.routing.SetArcCostEvaluatorOfVehicle(evaluators[bus.cost_per_km], vehicle)
            self.routing.SetFixedCostOfVehicle(BUS_COST, vehicle)

    def _add_capacity(self, n: int) -> None:
        demand = [0] * n
        for k, load in enumerate(self.loads):
            demand[2 + 2 * k], demand[3 + 2 * k] = len(load.rows), -len(load.rows)
        index = self.routing.RegisterUnaryTransitVector(demand)
        capacities = [self.context.capacity(bus) for bus in self.vehicles]
        self.routing.AddDimensionWithVehicleCapacity(index, 0, capacities, True, "seats")

    def _add_dimension(self, name: str, transit: np.ndarray, limit: int) -> None:
        index = self.routing.RegisterTransitMatrix(np.asarray(transit, dtype=np.int64).tolist())
        self.routing.AddDimension(index, 0, limit, True, name)

    @property
    def largest_capacity(self) -> int:
        return max(self.context.capacity(bus) for bus in self.vehicles)

    def solve(
        self, time_limit_s: float, seed: int, start: list[_NodeRoute] | None = None
    ) -> list[_NodeRoute] | None:
        """Iterated local search: ruin strings of visits (SISR) and recreate them by cheapest
        insertion; it empties coaches far better than guided local search on this model. Ends at
        the time limit or when STALL_SOLUTIONS solutions in a row bring no better plan, a rule
        that does not depend on the clock, so a search that stalls in time repeats exactly."""
        parameters = _ils_parameters(
            time_limit_s, routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
        )
        self._stop_when_stalled()
        self.routing.solver().ReSeed(seed)
        if start is None:
            solution = self.routing.SolveWithIteratedLocalSearch(parameters)
        else:
            hint = self._assignment(start)
            if hint is None:
                return None
            solution = self.routing.SolveFromAssignmentWithParameters(hint, parameters)
        return None if solution is None else self._node_routes(solution)

    def _assignment(self, routes: list[_NodeRoute]):
        """The routes (route k on vehicle k) as an assignment; None when they break a rule."""
        return self.routing.ReadAssignmentFromRoutes(
            [[self.manager.NodeToIndex(node) for node in route.nodes] for route in routes], True
        )

    def refused(self, routes: list[_NodeRoute], deadline: float) -> set[int]:
        """Which of the routes (route k on vehicle k) the model's rules refuse, each alone
        (first all together: one call when none is refused, the usual case). Out of time, the
        routes not yet looked at count as refused (they keep their packed form)."""
        if self._assignment(list(routes)) is not None:
            return set()
        empty = [_NodeRoute(route.bus, ()) for route in routes]
        return {
            k
            for k, route in enumerate(routes)
            if time.monotonic() > deadline
            or self._assignment([*empty[:k], route, *empty[k + 1 :]]) is None
        }

    def _stop_when_stalled(self) -> None:
        cost = self.routing.CostVar()
        state: dict[str, int | None] = {"best": None, "stalled": 0}

        def at_solution() -> None:
            value, best, stalled = cost.Value(), state["best"], state["stalled"] or 0
            if best is None or value < best:
                state["best"], state["stalled"] = value, 0
            else:
                state["stalled"] = stalled + 1
                if stalled + 1 >= STALL_SOLUTIONS:
                    self.routing.solver().FinishCurrentSearch()

        self.routing.AddAtSolutionCallback(at_solution)

    def _node_routes(self, solution) -> list[_NodeRoute]:
        routes = []
        for vehicle, bus in enumerate(self.vehicles):
            index = solution.Value(self.routing.NextVar(self.routing.Start(vehicle)))
            nodes = []
            while not self.routing.IsEnd(index):
                nodes.append(self.manager.IndexToNode(index))
                index = solution.Value(self.routing.NextVar(index))
            if nodes:
                routes.append(_NodeRoute(bus, tuple(nodes)))
        return routes

    def passengers(self, route: _NodeRoute) -> int:
        return sum(len(self.loads[(node - 2) // 2].rows) for node in route.nodes if node % 2 == 0)

    def all_placed(self, routes: list[_NodeRoute]) -> bool:
        return sum(len(route.nodes) for route in routes) == 2 * len(self.loads)

    def routes(self, node_routes: list[_NodeRoute]) -> tuple[list[_Route], list[_Load]]:
        """Coach routes as calls, and the loads no coach took."""
        routes: list[_Route] = []
        placed: set[int] = set()
        for route in node_routes:
            visits: list[tuple[StopKind, _Load]] = [
                ("pickup" if node % 2 == 0 else "dropoff", self.loads[(node - 2) // 2])
                for node in route.nodes
            ]
            placed.update((node - 2) // 2 for node in route.nodes)
            routes.append(_Route.of(route.bus, visits))
        return routes, [load for k, load in enumerate(self.loads) if k not in placed]


def _ride_transits(
    minutes: np.ndarray, moves: np.ndarray, is_depot: np.ndarray, rules: Rules
) -> np.ndarray:
    """Seconds on the ride clock (first pickup to last drop-off) per arc, road breaks counted
    cautiously: the breaks depend on the whole drive, not on one arc. A coach that reaches its
    first pickup s minutes after its last rest and drives x minutes more rests
    20 x (ceil((s + x) / 240) - 1) < (s + x) / 12 minutes on the way; so every minute driven
    costs 1/12 minute more and the arc from the depot carries s / 12 (s follows from the drive
    out alone). The clock never reads less than the trip's times will, and at most 20 minutes
    more. (With stops of 20 minutes or more every stop is a rest, and the same bound holds.)"""
    per_minute = duty.BREAK_MINUTES / duty.STRETCH_MINUTES
    ride = np.where(moves, minutes * (1 + per_minute) + rules.stop_minutes, 0.0)
    out = minutes[is_depot, :]
    since_rest = np.where(
        out > 0, out - duty.STRETCH_MINUTES * (np.ceil(out / duty.STRETCH_MINUTES) - 1), 0.0
    )
    resting_stops = rules.stop_minutes >= duty.BREAK_MINUTES
    ride[is_depot, :] = 0.0 if resting_stops else since_rest * per_minute
    ride[:, END] = 0
    return np.ceil(ride * 60)


@dataclass(frozen=True)
class _NodeRoute:
    """A coach's route as the model's node numbers (pickup 2+2k, delivery 3+2k for load k)."""

    bus: BusType
    nodes: tuple[int, ...]


def _ils_parameters(time_limit_s: float, first_solution: int):
    """OR-Tools' iterated local search: greedy descent to a local optimum, then ruin a few strings
    of visits (SISR) and recreate them by cheapest insertion, accepting worse plans as simulated
    annealing does. (With guided local search inside, the perturbation would never run.)"""
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = first_solution
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    )
    parameters.use_iterated_local_search = True
    ils = parameters.iterated_local_search_parameters
    ils.perturbation_strategy = routing_ils_pb2.PerturbationStrategy.RUIN_AND_RECREATE
    ruin_recreate = ils.ruin_recreate_parameters
    del ruin_recreate.ruin_strategies[:]
    sisr = ruin_recreate.ruin_strategies.add().sisr
    sisr.max_removed_sequence_size = 10
    sisr.avg_num_removed_visits = 10
    sisr.bypass_factor = 0.01
    ils.improve_perturbed_solution = True
    annealing = ils.reference_solution_acceptance_strategy.simulated_annealing
    annealing.cooling_schedule_strategy = routing_ils_pb2.CoolingScheduleStrategy.EXPONENTIAL
    annealing.automatic_temperatures = True
    parameters.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    parameters.solution_limit = POLISH_SOLUTIONS
    return parameters


# --- From routes to trips ---------------------------------------------------------------------


def _trips(routes: list[_Route], context: _Context) -> list[Trip]:
    ordered = sorted(
        routes, key=lambda r: (context.points[r.calls[0].point].name, min(r.calls[0].rows))
    )
    return [
        _trip(f"T{number:03d}", route, context) for number, route in enumerate(ordered, start=1)
    ]


def _trip(trip_id: str, route: _Route, context: _Context) -> Trip:
    """Times are arrivals: the coach leaves the depot at departure time, spends the stop time at
    every call before driving on and rests on the road as the drivers' rules require."""
    rules = context.rules
    points = [context.depot(route.bus), *(call.point for call in route.calls)]
    legs = [float(context.matrices.minutes[a, b]) for a, b in itertools.pairwise(points)]
    km = _path_km(points, context)
    stops = [Stop("depot", context.points[points[0]], rules.depart)]
    for call, minutes in zip(route.calls, duty.arrivals(legs, rules.stop_minutes), strict=True):
        rows = tuple(sorted(call.rows))
        stops.append(
            Stop(
                call.kind,
                context.points[call.point],
                rules.depart + dt.timedelta(minutes=minutes),
                board=rows if call.kind == "pickup" else (),
                alight=rows if call.kind == "dropoff" else (),
            )
        )
    duration = (stops[-1].time - stops[0].time).total_seconds() / 60
    return Trip(
        trip_id,
        route.bus.name,
        route.bus.seats,
        context.capacity(route.bus),
        tuple(stops),
        round(km, 1),
        round(duration, 1),
        round(sum(legs), 1),
    )


# --- Plain CVRP (CVRPLIB benchmarks) with the same engine -----------------------------------


def solve_cvrp(
    distances: Sequence[Sequence[int]],
    demands: Sequence[int],
    capacity: int,
    *,
    vehicles: int,
    time_limit_s: float,
    seed: int = 0,
    plain: bool = False,
) -> list[list[int]]:
    """Routes (customer indices, depot 0 implied) for a capacitated VRP given as a matrix, by the
    same iterated local search the bus planner uses, started from savings. The seed permutes the
    customers (the search's own random source is fixed), so different seeds search differently.
    `plain` runs OR-Tools as it comes (path cheapest arc, guided local search): the yardstick the
    benchmarks compare against."""
    started = time.monotonic()
    order = [0, *range(1, len(demands))]
    tail = order[1:]
    random.Random(seed).shuffle(tail)
    order = [0, *tail]
    manager = pywrapcp.RoutingIndexManager(len(demands), vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(
        routing.RegisterTransitMatrix([[int(distances[a][b]) for b in order] for a in order])
    )
    routing.AddDimension(
        routing.RegisterUnaryTransitVector([int(demands[i]) for i in order]),
        0,
        capacity,
        True,
        "load",
    )
    solution = None
    if plain:
        parameters = pywrapcp.DefaultRoutingSearchParameters()
        parameters.first_solution_strategy = (
            routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
        )
        parameters.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        parameters.time_limit.FromMilliseconds(int(time_limit_s * 1000))
        solution = routing.SolveWithParameters(parameters)
    for first in (
        ()
        if plain
        else (
            routing_enums_pb2.FirstSolutionStrategy.SAVINGS,
            routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION,
        )
    ):
        left = time_limit_s - (time.monotonic() - started)  # savings can fail on a tight fleet
        solution = routing.SolveWithIteratedLocalSearch(_ils_parameters(max(0.1, left), first))
        if solution is not None:
            break
    if solution is None:
        raise PlanningError("the CVRP search found no solution (too few vehicles?)")
    routes = []
    for vehicle in range(vehicles):
        index = solution.Value(routing.NextVar(routing.Start(vehicle)))
        route = []
        while not routing.IsEnd(index):
            route.append(order[manager.IndexToNode(index)])
            index = solution.Value(routing.NextVar(index))
        if route:
            routes.append(route)
    return routes
