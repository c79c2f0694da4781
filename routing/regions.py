"""The routing search's plan for stop limits beyond enumeration (more than 3 pickup points or
employers per coach; routing/planner.py packs up to 3).

1. A group that fills a coach rides it directly from its county to its employer (`full_buses`):
   no search is needed for a full bus.
2. What is left is split into independent regions (`split_regions`): two pickup points belong
   together only if one coach could collect at both within the ride-time limit. Each group is cut
   into loads of about a third of a coach (`cut_loads`), so the search can split it.
3. A region is searched (routing/search.py) with a generous fleet, then coaches are taken away
   one at a time (`remove_coaches`). A region of more than MAX_SEARCH_LOADS loads is cut into
   sectors around the depot, and the coaches left part-empty at the sectors' edges are then pooled
   and re-planned across the old boundaries (`solve_large_region`; kept when it needs fewer
   coaches).
4. A load the search leaves out (its cautious ride clock) rides straight to its employer when its
   own times allow (`direct_rides`).

`remove_coaches` also serves the packing: routing/planner.py polishes a packed sector with it.
"""

from __future__ import annotations

import math
import random
import time
from collections import defaultdict

from routing.model import BusType
from routing.routes import Context, Group, Load, Route, fits, path_km
from routing.search import SEARCH_SOLUTIONS, NodeRoute, RegionModel

SPLIT_SHARE = 3  # a group may be split into loads of about capacity / 3 to fill coaches
MIN_REGION_SECONDS = 0.2
FIRST_SEARCH_SHARE = 0.5  # of a region's time for the first search; the rest removes coaches
ELIMINATION_SHARE = 0.15  # of a region's time for each attempt to remove one more coach
ELIMINATION_TRIES = 3  # failed attempts in a row (each dissolving another route) before stopping
MAX_SEARCH_LOADS = 250  # loads in one OR-Tools search; larger regions are cut into sectors
REPAIR_SHARE = 0.3  # of a large region's time for re-planning part-empty coaches across sectors


def full_buses(groups: list[Group], context: Context) -> list[Route]:
    """A group that fills a coach gets it, straight from its pickup point to its employer."""
    routes = []
    for group in groups:
        while bus := _direct_bus(group, context, at_most=len(group.rows)):
            seats = context.capacity(bus)
            load = Load(group, tuple(group.rows[:seats]))
            group.rows = group.rows[seats:]
            context.take(bus)
            routes.append(Route.of(bus, [("pickup", load), ("dropoff", load)]))
    return routes


def direct_rides(loads: list[Load], context: Context) -> tuple[list[Route], list[Load]]:
    """Loads the search left out ride straight from their pickup point to their employer, a coach
    per group as far as the stock goes: the search's ride clock counts road breaks cautiously
    and may refuse a direct ride that fits by a few minutes; the trip's own times decide here."""
    routes, left = [], []
    groups = {id(load.group): load.group for load in loads}
    for key, group in groups.items():
        rows = sorted(row for load in loads if id(load.group) == key for row in load.rows)
        while rows and (bus := _direct_bus(group, context)):
            load = Load(group, tuple(rows[: context.capacity(bus)]))
            rows = rows[len(load.rows) :]
            context.take(bus)
            routes.append(Route.of(bus, [("pickup", load), ("dropoff", load)]))
        left += [Load(group, tuple(rows))] if rows else []
    return routes, left


def _direct_bus(group: Group, context: Context, at_most: int | None = None) -> BusType | None:
    """The coach to drive the group straight to its employer: of the types left that it fits
    (seats up to `at_most`) from their depots, the largest, then the cheapest for the route."""
    fitting = [
        bus
        for bus in context.fleet
        if context.available(bus)
        and (at_most is None or context.capacity(bus) <= at_most)
        and fits((context.depot(bus), group.pickup, group.dropoff), context)
    ]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda bus: (
            -context.capacity(bus),
            bus.cost_per_km * path_km((context.depot(bus), group.pickup, group.dropoff), context),
        ),
    )


def split_regions(groups: list[Group], context: Context) -> list[list[Group]]:
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
    regions: dict[int, list[Group]] = defaultdict(list)
    for group in groups:
        if group.rows:
            regions[root(group.pickup)].append(group)
    return sorted(regions.values(), key=lambda region: min(min(g.rows) for g in region))


def cut_loads(groups: list[Group], context: Context) -> list[Load]:
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
            loads.append(Load(group, tuple(group.rows[start:end])))
            start = end
    return loads


def solve_large_region(
    loads: list[Load], context: Context, *, time_limit_s: float, seed: int
) -> tuple[list[Route], list[Load]]:
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
    loads: list[Load], context: Context, size: int, offset: float = 0.0
) -> list[list[Load]]:
    """Cut loads into sectors of at most about `size` by bearing from the depot, keeping every
    pickup point whole. `offset` (a share of a sector) turns the cuts, so a second cut falls
    elsewhere than the first."""
    depot = context.points[0]
    scale = math.cos(math.radians(depot.lat))

    def bearing(load: Load) -> float:
        place = context.points[load.group.pickup]
        return math.atan2(place.lat - depot.lat, (place.lon - depot.lon) * scale)

    ordered = sorted(loads, key=lambda load: (bearing(load), load.group.pickup, load.rows))
    count = math.ceil(len(ordered) / size)
    if count <= 1:
        return [ordered]
    shift = int(offset * len(ordered) / count)
    ordered = ordered[shift:] + ordered[:shift]
    sectors: list[list[Load]] = [[]]
    target = len(ordered) / count
    for position, load in enumerate(ordered):
        current = sectors[-1]
        new_point = not current or current[-1].group.pickup != load.group.pickup
        if new_point and position >= target * len(sectors):
            sectors.append([])
        sectors[-1].append(load)
    return [sector for sector in sectors if sector]


def _solve_region(
    loads: list[Load], context: Context, *, time_limit_s: float, seed: int
) -> tuple[list[Route], list[Load]]:
    """Search with a generous fleet, then take coaches away one at a time: dissolve one of the
    emptiest routes and ask the search to re-seat its passengers on the others. After a few
    failures in a row (or at the lower bound), spend the time left on kilometres."""
    deadline = time.monotonic() + time_limit_s
    loads = list(loads)
    random.Random(seed).shuffle(loads)  # the seed chooses the search's path through the loads
    vehicles = _vehicles_for(loads, context)
    if not loads or not vehicles:
        return [], list(loads)
    model = RegionModel(loads, context, vehicles)
    routes = model.solve(time_limit_s * FIRST_SEARCH_SHARE, seed)
    if (
        routes is not None
        and not model.all_placed(routes)
        and len(vehicles) < len(loads)
        and any(context.stock[bus.name] is None for bus in context.fleet)
    ):
        # The margin was too thin (tight stop limits): one coach per load always suffices.
        model = RegionModel(loads, context, _vehicles_for(loads, context, len(loads)))
        routes = model.solve(time_limit_s * FIRST_SEARCH_SHARE, seed)
    if routes is None:
        return [], list(loads)
    model, routes = remove_coaches(model, routes, deadline, time_limit_s, seed)
    left = deadline - time.monotonic()
    if left > MIN_REGION_SECONDS and model.all_placed(routes):
        polished = model.solve(left, seed, start=routes)
        if polished is not None and model.all_placed(polished) and len(polished) <= len(routes):
            routes = polished
    for route in routes:
        context.take(route.bus)
    return model.routes(routes)


def remove_coaches(
    model: RegionModel,
    routes: list[NodeRoute],
    deadline: float,
    time_limit_s: float,
    seed: int,
    solutions: int = SEARCH_SOLUTIONS,
) -> tuple[RegionModel, list[NodeRoute]]:
    lower_bound = math.ceil(sum(len(load.rows) for load in model.loads) / model.largest_capacity)
    failures = 0
    while model.all_placed(routes) and len(routes) > lower_bound and failures < ELIMINATION_TRIES:
        seconds = min(deadline - time.monotonic(), max(0.5, time_limit_s * ELIMINATION_SHARE))
        if seconds < MIN_REGION_SECONDS:
            break
        by_load = sorted(routes, key=lambda route: (model.passengers(route), route.nodes))
        victim = by_load[failures % len(by_load)]  # after a failure, try the next emptiest
        kept = [route for route in routes if route is not victim]
        trial = RegionModel(model.loads, model.context, [route.bus for route in kept])
        attempt = trial.solve(seconds, seed, start=kept, solutions=solutions)
        if attempt is None or not trial.all_placed(attempt):
            failures += 1
            continue
        model, routes, failures = trial, attempt, 0
    return model, routes


def _vehicles_for(loads: list[Load], context: Context, wanted: int | None = None) -> list[BusType]:
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
