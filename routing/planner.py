"""Plan point-to-point coaches: `plan_trips`, the one call; this module orchestrates, the work is
done in the modules it names.

Under the usual stop rules (at most 3 pickup points and 3 employers per coach) a plan is a packing:
routing/packing.py chooses which (pickup point, employer) groups share each coach by column
generation, rounding, max-flow coach removal and stop dropping, every coach's route enumerated
exactly, and proves a lower bound on the coaches any plan needs. Very large rosters are first cut
by bearing from the depot into sectors of about SECTOR_GROUPS groups, packed one by one. A
sector of at most POLISH_LOADS loads (big groups) is then polished by the routing search (fewer
coaches, then shorter routes; kept only if better); on many small groups that gained 0.1% of the
km in 7-14 s, so their packing's routes are the plan's.
With looser stop limits the routing search is used instead (and the bound is the seats'
one, ceil(workers / capacity)):
1. Workers are grouped by (pickup point, employer) (routing/routes.py, the planner's working
   objects). A group that fills a coach rides it directly from its county to its employer: no
   search is needed for a full bus.
2. Groups whose direct ride already exceeds the ride-time limit are reported, not planned.
3. What is left is split into independent regions: two pickup points belong together only if one
   coach could collect at both within the ride-time limit. Regions are solved separately; a
   region of more than MAX_SEARCH_LOADS loads is cut into sectors around the depot, and the
   coaches left part-empty at the sectors' edges are then pooled and re-planned across the old
   boundaries (the repair step; kept when it needs fewer coaches). routing/regions.py.
4. Each region is a pickup-and-delivery problem for OR-Tools routing (routing/search.py, with
   routing/packing.py the only modules that import OR-Tools): a load (part of a group, so a group
   can be split over coaches) is picked up at its county and delivered at its employer.
   Dimensions keep every rule: seats, pickups before drop-offs, at most N distinct pickup points and
   M distinct employers per coach, the ride clock (first pickup to last drop-off) within the limit,
   which bounds every passenger's ride, and the driving from the depot within the drivers' day.
   Road breaks depend on a coach's whole drive, so the ride clock counts them cautiously (never
   less than the trip's times, at most 20 minutes more); a group the search then leaves out
   rides straight to its employer when its own times allow. A coach costs far more than any
   detour, so the search minimises coaches first and kilometres second.
Either way the routes become Trips, timed by the drivers' rules (routing/routes.py, routing/duty.py).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from routing import duty, packing
from routing.distances import DistanceModel, GeodesicDistances
from routing.model import BusType, Plan, PlanningError, PlanParams, Problem, Unassigned
from routing.regions import (
    MIN_REGION_SECONDS,
    cut_loads,
    direct_rides,
    full_buses,
    remove_coaches,
    solve_large_region,
    split_regions,
)
from routing.routes import (
    Context,
    Group,
    Load,
    Route,
    clocks,
    fits,
    points_and_groups,
    route_km,
    trips_of,
)
from routing.search import NodeRoute, RegionModel

PACKING_STOPS = 3  # stop limits up to which every coach's route is enumerated exactly
ONE_SECTOR_GROUPS = 700  # groups packed together at most (more: cut into sectors by bearing)
SECTOR_GROUPS = 450  # groups per sector then, at most
SECTOR_CELLS = 2500  # pickup points x employers per sector, at most
WRITE_RESERVE_S = 0.5  # of the hard cap, kept for writing the trips
POLISH_SOLUTIONS = 100  # solutions per routing search after the packing (a count, not a clock)
POLISH_LOADS = 200  # sectors of more loads are not searched: many small groups gain ~0.1% km


@dataclass(frozen=True)
class Progress:
    """What the planner tells whoever watches (the app's progress bar)."""

    fraction: float
    message: str


ProgressCallback = Callable[[Progress], None]


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
    points, groups, depots = points_and_groups(problem)
    report(Progress(0.01, f"计算 {len(points)} 个地点之间的距离"))
    context = Context(
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
    trips = trips_of(routes, context)
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


def default_time_limit(workers: int) -> float:
    """The hard cap in seconds when none is given: 30 s per 2,300 workers, at least 30. The
    planner's work is counted, not timed (the same roster and seed, the same plan), and sized
    to end within 20 s per 2,300 workers on this project's 2-core machine (7-18 s measured,
    README Benchmarks); the cap leaves room for a busier or slower machine to finish the same
    work, so that it still gives the same plan."""
    return float(max(30, math.ceil(30 * workers / 2300)))


def _monotone(report: ProgressCallback) -> ProgressCallback:
    """The progress bar never goes back."""
    state = {"fraction": 0.0}

    def forward(progress: Progress) -> None:
        state["fraction"] = max(state["fraction"], min(1.0, progress.fraction))
        report(Progress(state["fraction"], progress.message))

    return forward


def _pack(
    groups: list[Group],
    context: Context,
    started: float,
    time_limit_s: float,
    seed: int,
    report: ProgressCallback,
) -> tuple[list[Route], list[int], int, dict[str, object]]:
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
    deadline = started + time_limit_s - WRITE_RESERVE_S
    stock = [bus.count for bus in context.fleet]
    sectors = _pickup_sectors(keys, context)
    total = max(1, sum(item.size for item in items))
    chosen: list[tuple[int, packing.Column]] = []
    results: list[packing.Packing] = []
    done = 0.0
    for number, sector in enumerate(sectors, start=1):
        inside = [k for k, key in enumerate(keys) if key[0] in sector]
        mine = sum(items[k].size for k in inside)
        later = set().union(*sectors[number - 1 :])
        rest = sum(items[k].size for k, key in enumerate(keys) if key[0] in later)
        now = time.monotonic()
        cap = now + (deadline - now) * min(1.0, 2 * mine / max(1, rest))  # its share, doubled
        kinds = [
            packing.CoachType(context.capacity(bus), count, bus.cost_per_km, context.depot(bus))
            for bus, count in zip(context.fleet, stock, strict=True)
        ]
        label = f"第 {number}/{len(sectors)} 片区：" if len(sectors) > 1 else ""

        def forward(
            fraction: float,
            message: str,
            base: float = done,
            part: float = mine / total,
            label: str = label,
        ) -> None:
            report(Progress(0.02 + 0.95 * (base + part * fraction), label + message))

        result = packing.pack(
            [items[k] for k in inside],
            kinds,
            book,
            max_pickups=rules.max_pickups,
            max_dropoffs=rules.max_dropoffs,
            budget=packing.Budget.for_size(len(inside), cap),
            seed=seed,
            report=forward,
        )
        done += mine / total
        for coach in result.coaches:
            moved = tuple((inside[i], a) for i, a in coach.loads)
            chosen.append((number, packing.Column(moved, coach.kind, coach.route)))
            count = stock[coach.kind]
            if count is not None:
                stock[coach.kind] = count - 1
        results.append(result)
    queues = {key: list(rows_of[key]) for key in keys}
    coaches = defaultdict(list)  # per sector, per coach: its bus, loads, route
    for part, coach in chosen:
        loads: list[Load] = []
        for i, amount in coach.loads:
            key = keys[i]
            riders, queues[key] = queues[key][:amount], queues[key][amount:]
            loads.append(Load(Group(key[0], key[1], "", riders), tuple(riders)))
        coaches[part].append((context.fleet[coach.kind], loads, coach.route))
    left = sorted(row for queue in queues.values() for row in queue)
    routes = []
    for number in sorted(coaches):
        share = len(coaches[number]) / sum(len(c) for n, c in coaches.items() if n >= number)
        cap = time.monotonic() + (deadline - time.monotonic()) * share
        routes += _polish(coaches[number], context, cap, seed, report)
    if len(results) == 1:
        bound, method = results[0].lower_bound, results[0].bound_method
    else:  # a coach might cross the sectors: only the seats' bound holds for the whole
        carried = sum(item.size for item in items) - len(left)
        bound, method = math.ceil(carried / max(kind.capacity for kind in kinds)), "seats"
    details = {
        "planner": "packing",
        "bound_method": method,
        "sectors": len(sectors),
        "lp_bound": round(sum(r.lp_bound for r in results), 2),
        "columns": sum(r.columns for r in results),
        "rounds": max(r.rounds for r in results),
        "packed_coaches": len(chosen),
    }
    return routes, left, bound, details


def _packed_route(bus: BusType, loads: list[Load], route: packing.Route) -> Route:
    """A packed coach as calls: its pickups, then its drop-offs, in its route's order."""
    order = {point: n for n, point in enumerate(route.pickups + route.dropoffs)}
    pickups = sorted(loads, key=lambda load: order[load.group.pickup])
    dropoffs = sorted(loads, key=lambda load: order[load.group.dropoff])
    return Route.of(
        bus, [("pickup", load) for load in pickups] + [("dropoff", load) for load in dropoffs]
    )


def _pickup_sectors(keys: list[tuple[int, int]], context: Context) -> list[set[int]]:
    """Pickup points cut by bearing from the depot into sectors, so that packing stays fast on
    very large rosters: its work (the relaxation, the pickup sets one coach can serve, the
    pricing) grows faster than the (pickup point, employer) groups and the pickup points times
    the employers. A roster within ONE_SECTOR_GROUPS groups and SECTOR_CELLS points x employers
    is one sector; otherwise each sector takes points in bearing order while it stays within
    SECTOR_GROUPS and SECTOR_CELLS (measured: 20,000 workers for 40 employers in 1,816 groups,
    904 coaches in 90 s with sectors of 30 pickup points, 909 in 112 s with 40)."""
    groups = Counter(pickup for pickup, _ in keys)
    employers_at: dict[int, set[int]] = defaultdict(set)
    for pickup, dropoff in keys:
        employers_at[pickup].add(dropoff)
    pickups = sorted(groups)
    everyone = set().union(*employers_at.values())
    if len(keys) <= ONE_SECTOR_GROUPS and len(pickups) * len(everyone) <= SECTOR_CELLS:
        return [set(pickups)]
    depot = context.points[0]
    scale = math.cos(math.radians(depot.lat))

    def bearing(p: int) -> tuple[float, int]:
        place = context.points[p]
        return (math.atan2(place.lat - depot.lat, (place.lon - depot.lon) * scale), p)

    sectors: list[set[int]] = []
    filled, employers = 0, set[int]()
    for p in sorted(pickups, key=bearing):
        wider = employers | employers_at[p]
        fits = filled + groups[p] <= SECTOR_GROUPS
        if sectors and fits and (len(sectors[-1]) + 1) * len(wider) <= SECTOR_CELLS:
            sectors[-1].add(p)
            filled, employers = filled + groups[p], wider
            continue
        sectors.append({p})
        filled, employers = groups[p], set(employers_at[p])
    return sectors


def _polish(
    coaches, context: Context, deadline: float, seed: int, report: ProgressCallback
) -> list[Route]:
    """Hand a sector's packing to the routing search as its start (each coach's share of a
    group is one load): it tries to take coaches away, then shortens the routes; kept only if
    it is better. Every search ends on counts (POLISH_SOLUTIONS solutions, or a stall), the
    deadline only as a hard cap. Measured: 20,000 workers for 100 employers, 3 coaches and 2% of
    the km fewer; the sample 1 coach and 2.6% fewer. On real-shaped rosters (many small groups:
    300-400 loads) it gained 0.1% of the km in 7-14 s, so sectors of more than POLISH_LOADS
    loads are not searched."""
    loads = [load for _, coach_loads, _ in coaches for load in coach_loads]
    start, k = [], 0
    for bus, coach_loads, route in coaches:
        first = k
        k += len(coach_loads)
        picks = [2 + 2 * n for n in range(first, k)]
        by_drop = sorted(
            range(first, k), key=lambda n: route.dropoffs.index(loads[n].group.dropoff)
        )
        start.append(NodeRoute(bus, tuple(picks + [3 + 2 * n for n in by_drop])))
    packed = [_packed_route(bus, coach_loads, route) for bus, coach_loads, route in coaches]
    if not loads or len(loads) > POLISH_LOADS or deadline - time.monotonic() < 1.0:
        return packed
    model = RegionModel(loads, context, [bus for bus, _, _ in coaches])
    refused = model.refused(start, deadline)
    if refused:  # near the ride limit on long legs: the search's cautious clock says no
        kept = [coach for k, coach in enumerate(coaches) if k not in refused]
        return [packed[k] for k in sorted(refused)] + _polish(kept, context, deadline, seed, report)
    report(Progress(0.97, f"路线搜索：从 {len(coaches)} 辆车开始，尝试减车并缩短里程"))
    # Each search may run to the deadline: its count of solutions ends it.
    model, routes = remove_coaches(model, start, deadline, math.inf, seed, POLISH_SOLUTIONS)
    polished = model.solve(
        deadline - time.monotonic(), seed, start=routes, solutions=POLISH_SOLUTIONS
    )
    if polished is not None and model.all_placed(polished) and len(polished) <= len(routes):
        routes = polished
    found, dropped = model.routes(routes)
    km = sum(route_km(route, context) for route in found)
    if dropped or (len(found), km) >= (len(packed), sum(route_km(r, context) for r in packed)):
        return packed
    return found


def _search(
    groups: list[Group],
    context: Context,
    started: float,
    time_limit_s: float,
    seed: int,
    report: ProgressCallback,
) -> tuple[list[Route], list[int], dict]:
    """The routing search (OR-Tools pickup and delivery) for stop limits beyond enumeration."""
    routes = full_buses(groups, context)
    regions = [cut_loads(region, context) for region in split_regions(groups, context)]
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
        region_routes, dropped = solve_large_region(loads, context, time_limit_s=seconds, seed=seed)
        direct, dropped = direct_rides(dropped, context)
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


def _too_long(group: Group, context: Context) -> str:
    """The direct ride as a coach would drive it, out from its depot, road breaks included: too
    long when no coach type's depot makes it fit."""
    starts = sorted({context.depot(bus) for bus in context.fleet})
    if any(fits((start, group.pickup, group.dropoff), context) for start in starts):
        return ""
    rules = context.rules
    ride, drive = min(clocks((start, group.pickup, group.dropoff), context) for start in starts)
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


def _fleet_reason(context: Context) -> str:
    used = "、".join(f"{bus.name} {bus.count} 辆" for bus in context.fleet if bus.count is not None)
    return f"车辆不足：车队已全部用完（{used}），没有车能载这位工人"
