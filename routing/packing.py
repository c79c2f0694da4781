"""Who shares a coach: set partitioning by column generation, with a proven lower bound.

A coach calls at no more than a few pickup points and a few employers (3 and 3 by default), so
for a given set of pickup points and employers its best route can be enumerated exactly (3! x 3!
orders; `RouteBook`). What is hard is which (pickup point, employer) groups share a coach. That is
a set-partitioning problem over "columns" (one coach's load: how many of each group it carries):

1. The linear relaxation is solved by column generation (GLOP): start from one column per group,
   then price new columns against the duals (which groups are still expensive to carry). Pricing
   is exact for a pickup set: every set of at most 3 employers is valued at once in numpy (the
   seats filled dearest workers first), put to a necessary ride test, and the most valuable are
   checked against the exact route (`_best_loads`). Each round prices the pickup sets whose
   coach may be worth the most; it stops at its tail, when rounds barely move the relaxation.
2. The lower bound (Farley's): for any prices pi >= 0 on the groups, no coach carries more than
   U = max over all coaches of sum(pi x load), so every plan needs at least sum(pi x workers) / U
   coaches. U is found by the same exact search over every pickup set that passes a necessary
   ride test (a set's upper bound stands in where a search is cut short), so the bound holds for
   every plan, whatever the search found (given travel times that obey the triangle
   inequality). The prices come from a relaxation that counts coaches only; the loads the
   search finds worth more than a coach join it (and the planner's), round after round, until
   none is: the bound is then that relaxation's optimum.
3. The relaxation is rounded step by step (price and dive): take the columns it uses whole (or
   nearly), else the one it uses most, re-solve for the workers left, pricing new columns as it
   goes. Rounding loses most near its end, so the coaches for the last tenth of the workers
   are chosen again, twice: by a covering MIP over the cheap columns (CP-SAT, one worker, a
   deterministic work limit), and, in at most FRESH_ITEMS groups, by packing those workers
   afresh as a roster of their own (columns priced for them alone). Both go on to step 4;
   the fresh one is kept where it ends with fewer coaches.
4. Coaches are then taken away while the rest can carry their workers: a coach may carry anyone
   whose pickup point and employer are among its stops (widened up to the limits), so whether
   all fit is a max-flow question (OR-Tools min-cost flow). Then stops are dropped where that
   saves km and the others can still carry everyone.

Every step's work is counted (`Budget`), so the same problem gives the same packing on any
machine; the clock is only a hard cap. The module is long because the pricing, the bound and the
rounding share the Packer's tables. Only this module and routing/search.py import OR-Tools.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from routing import duty

KM_WEIGHT = 1e-4  # LP cost of a km against 1 per coach: 1,000 km weigh 0.1 coach
SLACK_COST = 100.0  # LP cost of a worker left behind (only when the fleet runs out)
PRICED_SETS = 500  # pickup sets priced per column-generation round
NEW_COLUMNS = 150  # columns added per round at most
EXACT_SETS = 5000  # pickup sets examined exactly for the bound (then their upper bound is used)
EPS = 1e-7
PRICING_NODES = 20  # employer sets tried per pickup set when pricing
BOUND_NODES = 3000  # and for the bound (more: the set's upper bound is used)
BOUND_CHUNK = 256  # pickup sets searched together for the bound
CHUNK_CELLS = 500_000  # pickup sets x employer sets valued at once in numpy
EMPLOYER_CHOICES = 12  # employers worth most alone at a pickup set, whose sets are valued
DIVES = 1  # roundings per plan (seeded variations gain less than they cost on ~300 groups)
FEW_ITEMS, FEW_ITEMS_DIVES = 200, 4  # small rosters, where a rounding is cheap, try more
PRICE_ITEMS = 250  # while rounding, pricing every step up to this many groups, then less often
TAKE_ITEMS = 150  # while rounding with none used nearly whole, one column per this many groups
ROUND_ALSO = 0.7  # with none used whole, the columns used this much are all taken
ROUND_UP = 0.999  # a column the relaxation uses this much (or more than once) is taken at once
TAIL_ROUNDS, TAIL_GAIN = 5, 0.1  # stop pricing when 5 rounds gain less than 0.1 coach
TAIL_SHARE = 0.1  # a dive's coaches for the last tenth of the workers are chosen again
TAIL_WORK = 1.0  # CP-SAT's deterministic time for that MIP (counted work: the same plan)
TAIL_SECONDS = 10.0  # and a cap in seconds
TAIL_REDUCED_COST = 0.3  # columns dearer than this in the tail's relaxation are left out
FRESH_ITEMS = 100  # a tail of at most this many groups is also packed afresh


@dataclass(frozen=True)
class Item:
    """A (pickup point, employer point) group of `size` workers to carry."""

    pickup: int
    dropoff: int
    size: int


@dataclass(frozen=True)
class CoachType:
    """A bus type as packing sees it: capacity, how many (None: unlimited), cost per km, and the
    point its coaches start from (its home depot)."""

    capacity: int
    count: int | None
    cost_per_km: float
    depot: int = 0


@dataclass(frozen=True)
class Route:
    """The best order for a set of pickup points and employers: km from the depot to the last
    drop-off, and the ride clock (first pickup to last drop-off, stop times included)."""

    pickups: tuple[int, ...]
    dropoffs: tuple[int, ...]
    km: float
    ride_minutes: float


class RouteBook:
    """Exact best routes by enumeration, cached by the sets of points and the depot."""

    def __init__(
        self,
        km: np.ndarray,
        minutes: np.ndarray,
        stop_minutes: float,
        max_ride_minutes: float,
        depot: int = 0,
        drivers: int = 2,
    ):
        self.km, self.minutes = km, minutes
        self.drive_limit = duty.drive_limit(drivers)
        self._km, self._minutes = km.tolist(), minutes.tolist()  # fast scalar reads
        self.stop, self.limit, self.depot = stop_minutes, max_ride_minutes, depot
        self._cache: dict[tuple[frozenset, frozenset, int], Route | None] = {}

    def best(
        self, pickups: frozenset[int], dropoffs: frozenset[int], depot: int | None = None
    ) -> Route | None:
        """Fewest km among the orders whose ride clock is within the limit, for a coach starting
        at `depot` (the book's unless given); None if none is."""
        key = (pickups, dropoffs, self.depot if depot is None else depot)
        if key not in self._cache:
            self._cache[key] = self._enumerate(*key)
        return self._cache[key]

    def _enumerate(
        self, pickups: frozenset[int], dropoffs: frozenset[int], depot: int
    ) -> Route | None:
        """Every order's km and its ride without road breaks are cheap; the exact clock is not.
        Orders whose ride is too long even without breaks are dropped, the others are tried
        shortest first and the first legal one wins (the least ride among equal km)."""
        drop_orders = [(order, *self._path(order)) for order in itertools.permutations(dropoffs)]
        km_of, minutes_of, stop = self._km, self._minutes, self.stop
        orders = []
        for pick in itertools.permutations(pickups):
            pick_km, pick_minutes = self._path(pick)
            head = km_of[depot][pick[0]] + pick_km
            last_km, last_minutes = km_of[pick[-1]], minutes_of[pick[-1]]
            for drop, drop_km, drop_minutes in drop_orders:
                unbroken = pick_minutes + stop + last_minutes[drop[0]] + drop_minutes
                if unbroken <= self.limit:
                    orders.append((head + last_km[drop[0]] + drop_km, pick, drop))
        orders.sort()
        best = None
        for km, pick, drop in orders:
            if best is not None and km > best.km:
                break
            ride = self._ride(depot, pick + drop)
            if ride is not None and (best is None or ride < best.ride_minutes):
                best = Route(pick, drop, km, ride)
        return best

    def _ride(self, depot: int, calls: Sequence[int]) -> float | None:
        """The ride clock of the coach driving from `depot` through `calls`, road breaks
        included; None if it breaks the ride limit or the drivers' day."""
        legs = [self._minutes[a][b] for a, b in itertools.pairwise((depot, *calls))]
        if sum(legs) > self.drive_limit:
            return None
        times = duty.arrivals(legs, self.stop)
        ride = times[-1] - times[0]
        return ride if ride <= self.limit else None

    def _path(self, order: Sequence[int]) -> tuple[float, float]:
        km = minutes = 0.0
        for a, b in itertools.pairwise(order):
            km += self._km[a][b]
            minutes += self.stop + self._minutes[a][b]
        return km, minutes

    def pickups_may_share(self, pickups: Sequence[int], dropoffs: Sequence[int]) -> bool:
        """A necessary test (a relaxation): some order of the pickups, then the nearest of the
        drop-off points, fits the ride limit. Every real coach's pickups pass it."""
        for order in itertools.permutations(pickups):
            _, ride = self._path(order)
            nearest = min(float(self.minutes[order[-1], d]) for d in dropoffs)
            if ride + self.stop + nearest <= self.limit:
                return True
        return False


@dataclass(frozen=True)
class Column:
    """One coach's load: (item, workers) pairs, its bus type and its best route."""

    loads: tuple[tuple[int, int], ...]
    kind: int  # index into the coach types
    route: Route

    @property
    def passengers(self) -> int:
        return sum(amount for _, amount in self.loads)


@dataclass(frozen=True)
class Packing:
    """Chosen coaches (a column may be used several times), workers left per item (fleet ran
    out), and the proven lower bound on coaches with how it was found."""

    coaches: tuple[Column, ...]
    left: tuple[int, ...]  # per item
    lower_bound: int
    bound_method: str
    lp_bound: float  # the coach-count relaxation's value (Farley's bound on it)
    columns: int
    rounds: int
    optimal: bool


@dataclass
class Budget:
    """Counted work, so that the same problem and seed give the same packing on any machine;
    `deadline` (a time.monotonic() value) is only a hard cap, reached on a slow or busy one."""

    rounds: int = 40  # column-generation rounds at most (they stop at the tail)
    bound_rounds: int = 30  # rounds of exact pricing for the bound at most (they stop when done)
    price_every: int = 1  # while rounding, new columns are priced every this many steps
    improve_steps: int = 150  # coaches tried for removal after each dive
    dives: int = 1  # roundings: the first follows the LP, the others are seeded variations
    deadline: float = math.inf
    reserve_s: float = 1.0  # kept for writing the trips

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def out_of_time(self) -> bool:
        """The hard cap is near: what is left is done the quickest way."""
        return self.left() <= self.reserve_s

    @staticmethod
    def for_size(items: int, deadline: float) -> Budget:
        """The default: enough work to converge on rosters of a few hundred groups."""
        reserve = min(1.0, 0.1 * max(0.0, deadline - time.monotonic()))
        return Budget(
            price_every=max(1, round(items / PRICE_ITEMS)),
            improve_steps=max(50, items),
            dives=FEW_ITEMS_DIVES if items <= FEW_ITEMS else DIVES,
            deadline=deadline,
            reserve_s=reserve,
        )


Report = Callable[[float, str], None]


class Packer:
    def __init__(
        self,
        items: Sequence[Item],
        types: Sequence[CoachType],
        routes: RouteBook,
        max_pickups: int,
        max_dropoffs: int,
    ):
        self.items, self.types, self.routes = list(items), list(types), routes
        self.max_pickups, self.max_dropoffs = max_pickups, max_dropoffs
        self.biggest = max(t.capacity for t in types)
        self.by_pickup: dict[int, list[int]] = defaultdict(list)
        for index, item in enumerate(self.items):
            self.by_pickup[item.pickup].append(index)
        self.by_dropoff: dict[int, list[int]] = defaultdict(list)
        for index, item in enumerate(self.items):
            self.by_dropoff[item.dropoff].append(index)
        self.dropoff_points = sorted(self.by_dropoff)
        self.pickup_sets = self._pickup_sets()
        self._row_of = {pickups: row for row, pickups in enumerate(self.pickup_sets)}
        self._employer_column = {d: k for k, d in enumerate(self.dropoff_points)}
        self._legal: dict[tuple[int, frozenset[int], int | None], bool] = {}  # route exists
        self._set_matrix: np.ndarray | None = None
        self._first: np.ndarray | None = None
        self._reach: np.ndarray | None = None
        self._sizes: np.ndarray | None = None
        self.columns: list[Column] = []
        self._index: dict[tuple, int] = {}  # (loads, kind) -> its place in columns

    # --- pickup sets one coach may serve ------------------------------------------------------

    def _pickup_sets(self) -> list[tuple[int, ...]]:
        """Every set of at most max_pickups pickup points that passes the necessary ride test."""
        points = sorted(self.by_pickup)
        single: list[tuple[int, ...]] = [
            (p,) for p in points if self.routes.pickups_may_share((p,), self.dropoff_points)
        ]
        sets = list(single)
        frontier = single
        for _ in range(self.max_pickups - 1):
            pairs = {frozenset(s) for s in sets if len(s) == 2}
            grown = []
            for base in frontier:
                for p in points:
                    if p <= base[-1]:
                        continue
                    if len(base) >= 2 and any(frozenset((q, p)) not in pairs for q in base):
                        continue
                    candidate = (*base, p)
                    if self.routes.pickups_may_share(candidate, self.dropoff_points):
                        grown.append(candidate)
            sets += grown
            frontier = grown
        return sets

    # --- columns -----------------------------------------------------------------------------

    def route(self, pickups, dropoffs, kind: int | None = None) -> Route | None:
        """The best route through these points for a coach of type `kind`, from its depot; with
        no kind, the best a coach of any type could drive (for the bound)."""
        pickups, dropoffs = frozenset(pickups), frozenset(dropoffs)
        if kind is not None:
            return self.routes.best(pickups, dropoffs, self.types[kind].depot)
        found = [
            route
            for depot in sorted({t.depot for t in self.types})
            if (route := self.routes.best(pickups, dropoffs, depot)) is not None
        ]
        return min(found, key=lambda route: (route.km, route.ride_minutes), default=None)

    def add_column(self, loads: Sequence[tuple[int, int]], kind: int) -> Column | None:
        """The new column for this load (None if it is known, empty or has no legal route)."""
        loads = _load_key(loads)
        key = (loads, kind)
        if not loads or key in self._index:
            return None
        route = self.route(
            (self.items[i].pickup for i, _ in loads),
            (self.items[i].dropoff for i, _ in loads),
            kind,
        )
        if route is None:
            return None
        self._index[key] = len(self.columns)
        column = Column(loads, kind, route)
        self.columns.append(column)
        return column

    def column_index(self, loads: Sequence[tuple[int, int]], kind: int) -> int | None:
        """Where this load's column is (added if new); None if it has no legal route."""
        self.add_column(loads, kind)
        return self._index.get((_load_key(loads), kind))

    def cost(self, column: Column) -> float:
        return 1.0 + KM_WEIGHT * column.route.km * self.types[column.kind].cost_per_km

    def _fill(
        self, ordered: Sequence[int], dropoffs: Set[int], capacity: int, left: Sequence[int]
    ) -> list[tuple[int, int]]:
        """Best load for fixed pickup and drop-off sets: the dearest workers first."""
        loads, room = [], capacity
        for i in ordered:
            if room == 0:
                break
            if self.items[i].dropoff in dropoffs and left[i] > 0:
                take = min(left[i], room)
                loads.append((i, take))
                room -= take
        return loads

    def _value(self, loads, prices) -> float:
        return sum(prices[i] * a for i, a in loads)

    def price(
        self,
        prices: Sequence[float],
        kind_duals: Sequence[float],
        sizes: Sequence[int] | None = None,
    ) -> int:
        """Add columns with negative reduced cost: the best legal load of each of the PRICED_SETS
        pickup sets whose coach may be worth the most (workers still to carry per item:
        `sizes`). Returns how many were added."""
        found: list[tuple[float, list[tuple[int, int]], int]] = []
        sizes = list(sizes) if sizes is not None else [item.size for item in self.items]
        for kind, coach in enumerate(self.types):
            threshold = 1.0 - kind_duals[kind]
            ranked = self._bounded_sets(prices, sizes, coach.capacity)[:PRICED_SETS]
            rows = [row for upper, row in ranked if upper > threshold + EPS]
            for loads, value, _ in self._best_loads(
                rows, prices, sizes, coach.capacity, kind, floor=threshold
            ):
                if loads is None:
                    continue
                km_cost = KM_WEIGHT * coach.cost_per_km * self._km_guess(loads, kind)
                reduced = 1.0 + km_cost - kind_duals[kind] - value
                if reduced < -EPS:
                    found.append((reduced, loads, kind))
        found.sort(key=lambda entry: (entry[0], entry[1]))
        added = 0
        for _, loads, kind in found:
            if added >= NEW_COLUMNS:
                break
            if self.add_column(loads, kind) is not None:
                added += 1
        return added

    def _best_loads(
        self,
        rows: Sequence[int],
        prices: Sequence[float],
        sizes: Sequence[int],
        capacity: int,
        kind: int | None = None,
        nodes: int = PRICING_NODES,
        floor: float = EPS,
        choices: int = EMPLOYER_CHOICES,
    ) -> list[tuple[list[tuple[int, int]] | None, float, bool]]:
        """Per pickup set (rows of pickup_sets): the most valuable legal load there worth more
        than `floor` (else None), its value, and whether the search was complete. Every set of
        at most max_dropoffs employers is valued at once in numpy (the seats filled dearest
        workers first) and put to a necessary ride test; their routes are then checked exactly
        from the most valuable down, at most `nodes` per pickup set, and the first legal one
        wins (its free seats filled with the cheapest workers of its stops)."""
        price_at, size_at = self._grid(prices, sizes)
        choices = min(len(self.dropoff_points), choices)
        subsets = _subsets(choices, self.max_dropoffs)
        chunk = max(1, CHUNK_CELLS // len(subsets))
        found = []
        for start in range(0, len(rows), chunk):
            part = np.asarray(rows[start : start + chunk], dtype=np.int64)
            values, chosen, beyond = self._subset_values(
                part, price_at, size_at, subsets, choices, capacity, floor
            )
            for b, row in enumerate(part.tolist()):
                found.append(
                    self._first_legal(
                        row, values[b], chosen[b], beyond[b], prices, sizes, capacity, kind, nodes
                    )
                )
        return found

    def _subset_values(self, part, price_at, size_at, subsets, choices, capacity, floor):
        """Per pickup set of `part` and employer set: what a coach earns there, 0 where that is
        no more than `floor` or the ride cannot fit even with the fewest road breaks; the
        employer sets as indices (padded with the number of employers); and what any employer
        set left out is worth at most. With many employers, only sets of the EMPLOYER_CHOICES
        worth most alone at a pickup set are valued; only the employer sets whose employers
        alone earn more than `floor` together are filled exactly."""
        employers = len(self.dropoff_points)
        index = self._set_index()[part]
        padding = np.zeros((len(part), 1, index.shape[1]))
        cells_p = np.concatenate([price_at[index].transpose(0, 2, 1), padding], axis=1)
        cells_s = np.concatenate([size_at[index].transpose(0, 2, 1), padding], axis=1)
        alone = _fill_values(cells_p, cells_s, capacity)  # sets x employers (and the padding)
        alone[:, :employers] *= self._reachable()[part]
        ranked = np.argsort(-alone[:, :employers], axis=1, kind="stable")
        top = np.concatenate([ranked[:, :choices], np.full((len(part), 1), employers)], axis=1)
        chosen = top[:, subsets]  # sets x employer sets x max_dropoffs
        beyond = np.zeros(len(part))
        if choices < employers:  # an employer set with one left out: its best alone at most
            best = np.take_along_axis(alone, ranked, axis=1)
            beyond = best[:, : self.max_dropoffs - 1].sum(axis=1) + best[:, choices]
            beyond[beyond <= floor] = 0.0  # none of them is wanted anyway
        upper = np.take_along_axis(alone, chosen.reshape(len(part), -1), axis=1)
        upper = upper.reshape(chosen.shape).sum(axis=2)
        fits = self._rides_fit(part, chosen, (subsets < choices).sum(axis=1))
        lines, columns = np.nonzero((upper > floor) & fits)
        values = np.zeros(upper.shape)
        if not len(lines):
            return values, chosen, beyond
        values[lines, columns] = _fill_values(
            cells_p[lines[:, None], chosen[lines, columns], :].reshape(len(lines), -1),
            cells_s[lines[:, None], chosen[lines, columns], :].reshape(len(lines), -1),
            capacity,
        )
        values[values <= floor] = 0.0
        return values, chosen, beyond

    def _rides_fit(self, part: np.ndarray, chosen: np.ndarray, width: np.ndarray) -> np.ndarray:
        """Per pickup set of `part` and employer set (`chosen`, of `width` employers each): the
        pickups, then those employers in some order, within the ride limit with the fewest road
        breaks (a necessary test)."""
        employers = len(self.dropoff_points)
        first = np.concatenate([self._first_arrival()[part], np.zeros((len(part), 1))], axis=1)
        between = np.zeros((employers + 1, employers + 1))
        between[:employers, :employers] = (
            self.routes.stop + self.routes.minutes[np.ix_(self.dropoff_points, self.dropoff_points)]
        )
        ride = np.full(chosen.shape[:2], np.inf)
        for size in range(1, chosen.shape[2] + 1):
            columns = np.flatnonzero(width == size)
            for order in itertools.permutations(range(size)):
                path = chosen[:, columns][:, :, order]
                length = np.take_along_axis(first, path[:, :, 0], axis=1)
                for j in range(size - 1):
                    length = length + between[path[:, :, j], path[:, :, j + 1]]
                ride[:, columns] = np.minimum(ride[:, columns], length)
        return self._with_breaks(ride, width[None, :] - 1, part) <= self.routes.limit

    def _first_legal(self, row, values, chosen, beyond, prices, sizes, capacity, kind, nodes):
        """The load of the most valuable employer set whose route is legal (see _best_loads);
        complete unless an employer set left out (worth `beyond` at most) might be worth more."""
        pickups = self.pickup_sets[row]
        employers = self.dropoff_points
        illegal: set[frozenset[int]] = set()
        checked = 0
        for k in _by_value(values):
            trial = frozenset(employers[j] for j in chosen[k] if j < len(employers))
            if any(trial - {d} in illegal for d in trial):
                illegal.add(trial)  # more stops never make a ride shorter
                continue
            key = (row, trial, kind)
            if key not in self._legal:
                if checked >= nodes:
                    return None, 0.0, False
                checked += 1
                self._legal[key] = self.route(pickups, trial, kind) is not None
            if not self._legal[key]:
                illegal.add(trial)
                continue
            inside = [i for p in pickups for i in self.by_pickup[p]]
            ordered = sorted(inside, key=lambda i: (-prices[i], -sizes[i], i))
            loads = self._fill(ordered, trial, capacity, sizes)
            value = self._value(loads, prices)
            return loads, value, beyond <= value + EPS
        return None, 0.0, bool(beyond <= EPS)

    def _reachable(self) -> np.ndarray:
        """Per pickup set and employer: some order of the pickups, then that employer, is
        within the ride limit, counting the fewest road breaks its driving needs (a necessary
        test; computed once)."""
        if self._reach is None:
            self._reach = self._with_breaks(self._first_arrival(), 0.0) <= self.routes.limit
        return self._reach

    def _with_breaks(
        self, ride: np.ndarray, extra_stops: float | np.ndarray, rows: np.ndarray | None = None
    ) -> np.ndarray:
        """The ride clock plus the road breaks its driving needs at least: a coach that has
        driven 4 h rests 20 minutes, and only a stop that long resets the stretch. Per pickup
        set (of `rows`), with `extra_stops` more stops than its pickups (per column if an array)."""
        if self.routes.stop >= duty.BREAK_MINUTES:
            return ride
        sizes = self._set_sizes() if rows is None else self._set_sizes()[rows]
        stops = sizes[:, None] + extra_stops
        driving = ride - stops * self.routes.stop
        breaks = np.maximum(0.0, np.ceil(driving / duty.STRETCH_MINUTES - EPS) - 1)
        return ride + breaks * duty.BREAK_MINUTES

    def _set_sizes(self) -> np.ndarray:
        if self._sizes is None:
            self._sizes = np.array([len(s) for s in self.pickup_sets], dtype=float)
        return self._sizes

    def _first_arrival(self) -> np.ndarray:
        """Per pickup set and employer: the least ride clock (no road breaks) from the first
        pickup to that employer, through every pickup of the set (computed once; the ride
        includes a stop at each pickup)."""
        if self._first is None:
            minutes, stop = self.routes.minutes, self.routes.stop
            employers = np.array(self.dropoff_points)
            self._first = np.full((len(self.pickup_sets), len(employers)), np.inf)
            for width in range(1, self.max_pickups + 1):
                rows = [k for k, s in enumerate(self.pickup_sets) if len(s) == width]
                if not rows:
                    continue
                points = np.array([self.pickup_sets[k] for k in rows])
                best = np.full((len(rows), len(employers)), np.inf)
                for order in itertools.permutations(range(width)):
                    path = points[:, order]
                    ride = np.zeros(len(rows))
                    for j in range(width - 1):
                        ride += stop + minutes[path[:, j], path[:, j + 1]]
                    best = np.minimum(
                        best,
                        ride[:, None] + stop + minutes[path[:, -1][:, None], employers[None, :]],
                    )
                self._first[rows] = best
        return self._first

    def _bounded_sets(
        self, prices: Sequence[float], sizes: Sequence[int], capacity: int, tight: bool = True
    ) -> list[tuple[float, int]]:
        """Pickup sets (rows) by an upper bound on a coach's value there: what each employer within
        reach would earn alone, summed over the best max_dropoffs of them (a coach's value is
        at most the sum of its parts), and no more than all of them together."""
        if not self.pickup_sets:
            return []
        price_at, size_at = self._grid(prices, sizes)
        # A set calling where nobody is left to carry is worth no more than the same set without
        # that stop (a route no longer, the same loads), which is a pickup set too: only sets
        # of points with workers left are ranked (fewer and fewer as a rounding goes on).
        live = np.append((price_at[:-1] > 0).any(axis=1), True)  # the padding counts as live
        rows = np.flatnonzero(live[self._set_index()].all(axis=1))
        if not len(rows):
            return []
        index = self._set_index()[rows]
        reachable = self._reachable()[rows]
        cells_p = price_at[index].transpose(0, 2, 1)  # sets x employers x points
        cells_s = size_at[index].transpose(0, 2, 1)
        alone = np.where(reachable, _fill_values(cells_p, cells_s, capacity), 0.0)
        upper = -np.sort(-alone, axis=1)[:, : self.max_dropoffs].sum(axis=1)
        if tight:  # and no more than all of them together
            reach = reachable[:, :, None]
            together = _fill_values(
                np.where(reach, cells_p, 0.0).reshape(len(index), -1),
                np.where(reach, cells_s, 0.0).reshape(len(index), -1),
                capacity,
            )
            upper = np.minimum(upper, together)
        order = np.lexsort((rows, -upper))
        return [(float(upper[k]), int(rows[k])) for k in order]

    def _set_index(self) -> np.ndarray:
        """The pickup sets as rows of point columns (padded with an empty column)."""
        if self._set_matrix is None:
            column = {p: k for k, p in enumerate(self.by_pickup)}
            pad, width = len(column), self.max_pickups
            self._set_matrix = np.array(
                [[column[p] for p in s] + [pad] * (width - len(s)) for s in self.pickup_sets],
                dtype=np.int64,
            ).reshape(-1, width)
        return self._set_matrix

    def _grid(self, prices: Sequence[float], sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Price and workers left per (pickup point, employer), one row more for padding."""
        column = {p: k for k, p in enumerate(self.by_pickup)}
        employer = {d: k for k, d in enumerate(self.dropoff_points)}
        price_at = np.zeros((len(column) + 1, len(employer)))
        size_at = np.zeros_like(price_at)
        for i, item in enumerate(self.items):
            if sizes[i] > 0 and prices[i] > EPS:
                price_at[column[item.pickup], employer[item.dropoff]] = prices[i]
                size_at[column[item.pickup], employer[item.dropoff]] = sizes[i]
        return price_at, size_at

    def add_missed(self, missed: Sequence[Sequence[tuple[int, int]]], prices) -> int:
        """Add the most valuable of the loads the bound's search found (most are columns
        already priced, worth a little more than 1 only because of their km)."""
        added = 0
        for loads in sorted(missed, key=lambda loads: (-self._value(loads, prices), loads)):
            if added >= NEW_COLUMNS:
                break
            for kind, coach in enumerate(self.types):
                if sum(a for _, a in loads) <= coach.capacity and self.add_column(loads, kind):
                    added += 1
        return added

    def _km_guess(self, loads, kind: int) -> float:
        route = self.route(
            (self.items[i].pickup for i, _ in loads),
            (self.items[i].dropoff for i, _ in loads),
            kind,
        )
        return route.km if route else 0.0

    # --- the master problems ------------------------------------------------------------------

    def by_dropoff_items(self, dropoffs) -> list[int]:
        return [i for d in sorted(dropoffs) for i in self.by_dropoff[d]]

    def coaches_for(self, loads: Sequence[tuple[int, int]], kind: int) -> list[Column]:
        """A coach for these loads on its best route; if even that route breaks the ride limit
        (only with distances that break the triangle inequality), one coach per item."""
        loads = tuple(sorted(loads))
        route = self.route(
            (self.items[i].pickup for i, _ in loads),
            (self.items[i].dropoff for i, _ in loads),
            kind,
        )
        if route is not None:
            return [Column(loads, kind, route)]
        # An item alone always has a route: the planner leaves out groups whose direct ride is
        # too long before packing.
        return [
            Column(
                ((i, a),),
                kind,
                self.route(
                    {self.items[i].pickup},  # type: ignore[arg-type]
                    {self.items[i].dropoff},
                    kind,
                ),
            )
            for i, a in loads
        ]

    # --- the bound -----------------------------------------------------------------------------

    def farley_bound(
        self,
        prices: Sequence[float],
        carried: Sequence[int],
        found: list | None = None,
        deadline: float = math.inf,
    ) -> float:
        """sum(prices x carried) / U, U the most any one coach can be worth at these prices
        (the loads worth more than a coach are put in `found`). Prices at or below EPS count as
        none, here as in the search for U."""
        prices = [price if price > EPS else 0.0 for price in prices]
        total = sum(p * n for p, n in zip(prices, carried, strict=True))
        if total <= EPS:
            return 0.0
        most = self.most_valuable(prices, self.biggest, found, deadline)
        return total / most if most > EPS else 0.0

    def most_valuable(
        self,
        prices: Sequence[float],
        capacity: int,
        found: list | None = None,
        deadline: float = math.inf,
    ) -> float:
        """An upper bound (exact unless EXACT_SETS or the time to `deadline` runs out) on max
        over legal pickup sets and employer sets of the best load's value. The loads worth
        more than 1 (a coach's cost: columns the pricing missed) are put in `found`."""
        sizes = [item.size for item in self.items]
        ranked = self._bounded_sets(prices, sizes, capacity)
        best = 0.0
        for start in range(0, len(ranked), BOUND_CHUNK):
            chunk = ranked[start : start + BOUND_CHUNK]
            if chunk[0][0] <= best + EPS:
                return best
            if start >= EXACT_SETS or time.monotonic() > deadline:
                return max(best, chunk[0][0])  # no set left is worth more than this one's bound
            rows = [row for upper, row in chunk if upper > best + EPS]
            uppers = {row: upper for upper, row in chunk}
            for row, (loads, value, complete) in zip(
                rows,
                self._best_loads(
                    rows, prices, sizes, capacity, None, BOUND_NODES, best, len(self.dropoff_points)
                ),
                strict=True,
            ):
                if not complete:  # the set's upper bound stands in for its value
                    best = max(best, uppers[row])
                elif loads:
                    best = max(best, value)
                    if found is not None and value > 1.0 + EPS:
                        found.append(loads)
        return best


class LpTrouble(RuntimeError):
    """GLOP gave up on the relaxation (numerical trouble); the caller falls back."""


class _Master:
    """The linear relaxation, kept between solves (GLOP starts from its last basis): columns
    are added as they are priced, and the workers still to carry change while rounding."""

    def __init__(
        self,
        packer: Packer,
        targets: Sequence[int],
        fleet_left: Sequence[float | None] | None = None,
        *,
        count_only: bool = False,
    ):
        self.packer, self.count_only = packer, count_only
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        infinity = self.solver.infinity()
        self.targets = list(targets)
        self.rows = [self.solver.Constraint(float(t), infinity) for t in targets]
        fleet_left = fleet_left or [t.count for t in packer.types]
        self.limits = [
            self.solver.Constraint(-infinity, float(left)) if left is not None else None
            for left in fleet_left
        ]
        self.objective = self.solver.Objective()
        self.objective.SetMinimization()
        for row in self.rows:
            slack = self.solver.NumVar(0.0, infinity, "")
            row.SetCoefficient(slack, 1.0)
            self.objective.SetCoefficient(slack, SLACK_COST)
        self.xs: list = []
        self.of_item: dict[int, list[int]] = defaultdict(list)

    def _sync(self) -> None:
        for k in range(len(self.xs), len(self.packer.columns)):
            column = self.packer.columns[k]
            x = self.solver.NumVar(0.0, self.solver.infinity(), "")
            self.objective.SetCoefficient(x, 1.0 if self.count_only else self.packer.cost(column))
            for i, amount in column.loads:
                self.rows[i].SetCoefficient(x, float(min(amount, self.targets[i])))
                self.of_item[i].append(k)
            limit = self.limits[column.kind]
            if limit is not None:
                limit.SetCoefficient(x, 1.0)
            self.xs.append(x)

    def carry(self, residual: Sequence[int], taken: Sequence[int]) -> None:
        """Only `residual` workers per item are left, `taken[t]` coaches of type t are used: a
        column is worth only the workers it can still carry. (Rounding changes bounds, then
        re-solves: from here on, dual simplex restarts faster than primal.)"""
        self.solver.SetSolverSpecificParametersAsString("use_dual_simplex: true")
        for i, target in enumerate(residual):
            if target == self.targets[i]:
                continue
            self.targets[i] = target
            self.rows[i].SetLb(float(target))
            for k in self.of_item[i]:
                amount = dict(self.packer.columns[k].loads)[i]
                self.rows[i].SetCoefficient(self.xs[k], float(min(amount, target)))
        for limit, coach, used in zip(self.limits, self.packer.types, taken, strict=True):
            if limit is not None:
                assert coach.count is not None  # only counted types have a limit row
                limit.SetUb(float(coach.count - used))

    def _rebuild(self) -> None:
        fleet_left = [limit.ub() if limit is not None else None for limit in self.limits]
        self.__init__(self.packer, self.targets, fleet_left, count_only=self.count_only)  # type: ignore[misc]  # a fresh GLOP model
        self._sync()

    def solve(self) -> tuple[float, list[float], list[float], list[float]]:
        """Value, prices per item, duals of the fleet limits, value of every column."""
        self._sync()
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            # Rare numerical trouble after many changes: solve again with primal simplex.
            self.solver.SetSolverSpecificParametersAsString("use_dual_simplex: false")
            if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
                self._rebuild()  # a fresh model, without the basis the trouble came from
                if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
                    raise LpTrouble("GLOP did not solve the packing relaxation")
        prices = [max(0.0, row.dual_value()) for row in self.rows]
        kind_duals = [min(0.0, c.dual_value()) if c is not None else 0.0 for c in self.limits]
        return (self.objective.Value(), prices, kind_duals, [x.solution_value() for x in self.xs])


def pack(
    items: Sequence[Item],
    types: Sequence[CoachType],
    routes: RouteBook,
    *,
    max_pickups: int,
    max_dropoffs: int,
    budget: Budget,
    seed: int = 0,
    report: Report | None = None,
) -> Packing:
    """Choose coaches for the items: fewest coaches, then fewest km; with a proven bound."""
    report = report or (lambda fraction, message: None)
    packer = Packer(items, types, routes, max_pickups, max_dropoffs)
    for i, item in enumerate(packer.items):  # one coach per group (or per coachful) is legal
        for kind, coach in enumerate(packer.types):
            packer.add_column([(i, min(item.size, coach.capacity))], kind)
    targets = [item.size for item in packer.items]
    rounds = 0
    master = _Master(packer, targets)
    lp_value, prices, kind_duals, _ = master.solve()
    history = [lp_value]
    while rounds < budget.rounds and not budget.out_of_time():
        rounds += 1
        if rounds % 5 == 1:
            report(
                0.05 + 0.25 * rounds / budget.rounds,
                f"列生成第 {rounds} 轮：{len(packer.columns)} 种装载方案，松弛解 {lp_value:.1f} 辆",
            )
        if packer.price(prices, kind_duals) == 0:
            break
        try:
            lp_value, prices, kind_duals, _ = master.solve()
        except LpTrouble:  # keep the last prices; the columns priced so far stay
            break
        history.append(lp_value)
        if len(history) > TAIL_ROUNDS and history[-TAIL_ROUNDS - 1] - lp_value < TAIL_GAIN:
            break  # the tail of column generation: rounds that barely move the relaxation
    report(0.3, f"证明下界：{len(packer.columns)} 种装载方案")
    bound, method, lp_value = _bound(packer, targets, budget)  # adds what pricing missed
    report(0.45, f"逐步取整：从 {len(packer.columns)} 种装载方案中选车（下界 {bound} 辆）")
    best = None
    rng = random.Random(seed)
    for dive in range(budget.dives):
        if dive and budget.out_of_time():
            break
        kept = None
        for uses, fresh in _dive(packer, master, targets, budget, rng if dive else None):
            coaches, left = _concrete(packer, uses, fresh)
            coaches = _shorten(packer, _improve(packer, coaches, budget, bound), budget)
            score = (sum(left), len(coaches), sum(c.route.km for c in coaches))
            if kept is None or score[:2] < kept[0][:2]:  # a fresh tail only if it saves a coach
                kept = (score, coaches, left)
        assert kept is not None  # a dive gives at least one version
        if best is None or kept[0] < best[0]:
            best = kept
        report(
            0.45 + 0.5 * (dive + 1) / budget.dives,
            f"第 {dive + 1}/{budget.dives} 次取整：{len(kept[1])} 辆车，"
            f"最好 {len(best[1])} 辆（下界 {bound} 辆）",
        )
    assert best is not None  # Budget.dives is at least 1
    _, coaches, left = best
    carried = [item.size - gone for item, gone in zip(packer.items, left, strict=True)]
    if any(left):
        bound, method, lp_value = _bound(packer, carried, budget)
    return Packing(
        tuple(coaches),
        tuple(left),
        bound,
        method,
        lp_value,
        len(packer.columns),
        rounds,
        len(coaches) == bound,
    )


def _dive(
    packer: Packer,
    master: _Master,
    targets: Sequence[int],
    budget: Budget,
    rng: random.Random | None,
) -> list[tuple[list[int], list[Column]]]:
    """Round the relaxation step by step: take every column the LP uses whole, else the one it
    uses most (with `rng`, sometimes one of the next most used: another dive); re-solve for the
    workers still to carry (pricing new columns in the first steps of the first dive), until
    everyone is on a coach or the fleet is used up. Out of time, the rest ride one coach per group.
    Returns versions, each the columns used and coaches beside them: the dive's with its tail
    chosen again by the covering MIP, and, where packing the tail afresh takes no more coaches,
    the columns used before the tail with the fresh tail's coaches (which is better is only
    known once coaches are taken away)."""
    uses = [0] * len(packer.columns)
    residual = list(targets)
    taken = [0] * len(packer.types)
    steps = 0
    tail: _Tail | None = None
    while any(residual):
        steps += 1
        if tail is None and sum(residual) <= TAIL_SHARE * sum(targets):
            tail = _Tail(list(residual), list(uses), list(taken))
        master.carry(residual, taken)
        try:
            _, prices, kind_duals, x = master.solve()
        except LpTrouble:
            master.carry(targets, [0] * len(packer.types))
            return [(_one_per_group(packer, uses, residual, taken), [])]
        if budget.out_of_time():  # the hard cap: round everything up at once
            for k in sorted(range(len(x)), key=lambda k: (-x[k], k)):
                column = packer.columns[k]
                if x[k] > EPS and any(residual[i] for i, _ in column.loads):
                    _take(packer, column, k, math.ceil(x[k] - EPS), uses, residual, taken)
            master.carry(targets, [0] * len(packer.types))
            return [(_one_per_group(packer, uses, residual, taken), [])]
        if (
            rng is None
            and steps % budget.price_every == 0
            and packer.price(prices, kind_duals, residual)
        ):
            try:
                _, prices, kind_duals, x = master.solve()
            except LpTrouble:
                master.carry(targets, [0] * len(packer.types))
                return [(_one_per_group(packer, uses, residual, taken), [])]
        uses += [0] * (len(packer.columns) - len(uses))
        whole = [
            (k, math.floor(v + EPS) + (v % 1 >= ROUND_UP)) for k, v in enumerate(x) if v >= ROUND_UP
        ]
        if not whole:  # none is used whole: take those used nearly whole
            whole = [(k, 1) for k, v in enumerate(x) if v >= ROUND_ALSO]
        if not whole:
            ranked = sorted((k for k in range(len(x)) if x[k] > EPS), key=lambda k: (-x[k], k))
            if not ranked:
                break  # only slack is left: the fleet is used up
            pick = 0 if rng is None or rng.random() < 0.6 else rng.randrange(min(3, len(ranked)))
            at_once = max(1, len(targets) // TAKE_ITEMS)  # big rosters: fewer solves
            whole = [(k, 1) for k in [ranked[pick], *ranked[:pick], *ranked[pick + 1 : at_once]]]
        if not any(
            [
                _take(packer, packer.columns[k], k, times, uses, residual, taken)
                for k, times in whole
            ]
        ):
            break  # nothing could be taken: the fleet is used up
    versions: list[tuple[list[int], list[Column]]] = [(uses, [])]
    if tail:
        versions = [(_settled(packer, master, tail, uses, budget), [])]
        fresh = _repacked(packer, tail, sum(versions[0][0]) - sum(tail.uses), budget)
        if fresh is not None:
            versions.append((tail.uses, fresh))
    master.carry(targets, [0] * len(packer.types))  # ready for the next dive
    return versions


@dataclass(frozen=True)
class _Tail:
    """Where a dive stood when few workers were left: the workers per item still to carry,
    the columns used so far and the coaches of each type taken."""

    residual: list[int]
    uses: list[int]
    taken: list[int]


def _repacked(packer: Packer, tail: _Tail, most: int, budget: Budget) -> list[Column] | None:
    """The dive's last coaches packed afresh: the workers left at `tail` as a roster of their
    own, whose columns are priced for them alone (the dive priced against the whole roster, and
    near its end its columns no longer fit the fragments left). Its coaches, or None if that
    takes more than `most` of them or leaves anyone behind. They are not added to the packer's
    columns: the next dives see the pool they would have seen without them."""
    index = [i for i, left in enumerate(tail.residual) if left]
    # One group: the dive's coachfuls are the best. Past FRESH_ITEMS groups (5,000 workers and
    # more) it took 3-5 s a tail and saved no coach in the benchmarks.
    if not 2 <= len(index) <= FRESH_ITEMS or budget.out_of_time():
        return None
    items = [Item(packer.items[i].pickup, packer.items[i].dropoff, tail.residual[i]) for i in index]
    fleet = [
        replace(coach, count=None if coach.count is None else coach.count - used)
        for coach, used in zip(packer.types, tail.taken, strict=True)
    ]
    fresh = pack(
        items,
        fleet,
        packer.routes,
        max_pickups=packer.max_pickups,
        max_dropoffs=packer.max_dropoffs,
        # Its bound proves nothing needed here, but one round of the bound's exact search adds
        # the columns pricing missed (all its rounds took 8.5 s on a tail of 114 groups).
        budget=replace(Budget.for_size(len(items), budget.deadline), bound_rounds=1),
    )
    if any(fresh.left) or len(fresh.coaches) > most:
        return None
    return [
        Column(tuple((index[i], amount) for i, amount in coach.loads), coach.kind, coach.route)
        for coach in fresh.coaches
    ]


def _settled(
    packer: Packer, master: _Master, tail: _Tail, uses: list[int], budget: Budget
) -> list[int]:
    """The dive's last coaches chosen again from the columns priced so far: a covering MIP
    (CP-SAT) over the workers left at `tail`, started from the dive's own choice, over the
    columns the dive used and those whose reduced cost there is small. Rounding loses most
    near its end, where the relaxation is cut into fragments; a MIP solver settles this small
    problem in a moment. CP-SAT rather than SCIP: its work limit is counted (deterministic
    time), where SCIP with a node limit took 1-8 s on some of these models and only a clock
    could end it. The dive's choice stands if it is not beaten."""
    uses = uses + [0] * (len(packer.columns) - len(uses))
    seconds = min(TAIL_SECONDS, budget.left() - budget.reserve_s)
    if seconds <= 0:
        return uses
    residual = tail.residual
    master.carry(residual, tail.taken)
    try:
        prices = master.solve()[1]
    except LpTrouble:
        return uses
    useful = [
        k
        for k, column in enumerate(packer.columns)
        if uses[k] > (tail.uses[k] if k < len(tail.uses) else 0)
        or (
            any(residual[i] for i, _ in column.loads)
            and packer.cost(column) - sum(prices[i] * min(a, residual[i]) for i, a in column.loads)
            <= TAIL_REDUCED_COST
        )
    ]
    model = cp_model.CpModel()
    xs = {}
    rows: dict[int, list] = defaultdict(list)
    for k in useful:
        loads = [(i, min(a, residual[i])) for i, a in packer.columns[k].loads if residual[i]]
        xs[k] = model.new_int_var(0, max(math.ceil(residual[i] / a) for i, a in loads), "")
        for i, amount in loads:
            rows[i].append(amount * xs[k])
    for i, terms in rows.items():
        model.add(sum(terms) >= residual[i])
    for kind, coach in enumerate(packer.types):
        if coach.count is not None:
            model.add(
                sum(xs[k] for k in useful if packer.columns[k].kind == kind)
                <= coach.count - tail.taken[kind]
            )
    model.minimize(sum(xs.values()))
    dive_tail = {k: uses[k] - (tail.uses[k] if k < len(tail.uses) else 0) for k in useful}
    for k in useful:
        model.add_hint(xs[k], dive_tail[k])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # one worker and counted work: the same answer every run
    solver.parameters.max_deterministic_time = TAIL_WORK
    solver.parameters.max_time_in_seconds = seconds
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return uses
    chosen = {k: solver.value(x) for k, x in xs.items()}
    if sum(chosen.values()) >= sum(dive_tail.values()):
        return uses
    settled = tail.uses + [0] * (len(packer.columns) - len(tail.uses))
    for k, times in chosen.items():
        settled[k] += times
    return settled


def _take(
    packer: Packer,
    column: Column,
    k: int,
    times: int,
    uses: list[int],
    residual: list[int],
    taken: list[int],
) -> bool:
    """Use column k `times` more (within the fleet); False if it carries nobody new."""
    coach = packer.types[column.kind]
    if coach.count is not None:
        times = min(times, coach.count - taken[column.kind])
    if times <= 0 or not any(residual[i] for i, _ in column.loads):
        return False
    uses[k] += times
    taken[column.kind] += times
    for i, amount in column.loads:
        residual[i] = max(0, residual[i] - amount * times)
    return True


def _one_per_group(
    packer: Packer, uses: list[int], residual: list[int], taken: list[int]
) -> list[int]:
    for i, left in enumerate(residual):
        for kind, coach in enumerate(packer.types):
            while left and (coach.count is None or taken[kind] < coach.count):
                amount = min(left, coach.capacity)
                k = packer.column_index([(i, amount)], kind)
                if k is None:
                    break  # this type cannot reach the group from its depot
                uses += [0] * (len(packer.columns) - len(uses))
                uses[k] += 1
                taken[kind] += 1
                left -= amount
        residual[i] = left
    return uses


def _concrete(
    packer: Packer, uses: Sequence[int], more: Sequence[Column] = ()
) -> tuple[list[Column], list[int]]:
    """Coaches with the workers they really carry (a column may cover more than is left), for
    the columns used and `more` coaches, and the workers left per item (none unless the fleet
    ran out)."""
    left = [item.size for item in packer.items]
    coaches = []
    used = [packer.columns[k] for k, times in enumerate(uses) for _ in range(times)]
    for column in [*used, *more]:
        loads = [(i, min(amount, left[i])) for i, amount in column.loads if left[i]]
        if not loads:
            continue
        for i, amount in loads:
            left[i] -= amount
        coaches += packer.coaches_for(loads, column.kind)
    return coaches, left


@dataclass(frozen=True)
class _Stops:
    """A coach as the flow stage sees it: the stops it may make, the items it carried first."""

    pickups: frozenset[int]
    dropoffs: frozenset[int]
    kind: int
    core: frozenset[int]


def _improve(packer: Packer, coaches: list[Column], budget: Budget, bound: int) -> list[Column]:
    """Take coaches away while the others can carry their workers. A coach may carry any
    worker whose pickup point and employer are among its stops; each coach's stops are first
    widened (up to the stop limits, keeping its route legal) so that it can take more kinds of
    workers; whether everyone still fits is a max-flow question (OR-Tools min-cost flow, which
    also keeps workers on the coaches they were on where it can)."""
    stops = [_widened(packer, coach) for coach in coaches]
    first = _flow(packer, stops)
    if first is None:  # cannot happen: the coaches as they are carry everyone
        return coaches
    loads = first
    tries = 0
    removed = True
    while removed and len(stops) > bound and tries < budget.improve_steps:
        removed = False
        order = sorted(range(len(stops)), key=lambda k: (sum(loads[k].values()), k))
        for k in order:
            if tries >= budget.improve_steps or budget.left() <= 0:
                break
            tries += 1
            trial = stops[:k] + stops[k + 1 :]
            new_loads = _flow(packer, trial)
            if new_loads is not None:
                stops, loads, removed = trial, new_loads, True
                break
    return [
        coach
        for stop, load in zip(stops, loads, strict=True)
        if load
        for coach in packer.coaches_for(sorted(load.items()), stop.kind)
    ]


def _shorten(packer: Packer, coaches: list[Column], budget: Budget) -> list[Column]:
    """Fewer km for the same coaches: drop the stop that saves the most km from a coach while
    the others can carry its workers there (the max-flow of _improve), and again, at most
    improve_steps tries."""
    stops = [
        _Stops(
            frozenset(c.route.pickups),
            frozenset(c.route.dropoffs),
            c.kind,
            frozenset(i for i, _ in c.loads),
        )
        for c in coaches
    ]
    loads = _flow(packer, stops)
    if loads is None:  # cannot happen: the coaches as they are carry everyone
        return coaches
    tries = 0
    while tries < budget.improve_steps and not budget.out_of_time():
        for stop_list in _shorter(packer, stops):
            tries += 1
            new_loads = _flow(packer, stop_list)
            if new_loads is not None:
                stops, loads = stop_list, new_loads
                break
            if tries >= budget.improve_steps:
                break
        else:
            break  # no stop can go
    return [
        coach
        for stop, load in zip(stops, loads, strict=True)
        if load
        for coach in packer.coaches_for(sorted(load.items()), stop.kind)
    ]


def _shorter(packer: Packer, stops: list[_Stops]):
    """The coaches' stops with one stop less, the biggest saving (km x cost per km) first."""
    moves = []
    for k, stop in enumerate(stops):
        cost = packer.types[stop.kind].cost_per_km
        here = packer.route(stop.pickups, stop.dropoffs, stop.kind)
        assert here is not None  # the coach drives it
        for point in sorted(stop.pickups | stop.dropoffs):
            pickups, dropoffs = stop.pickups - {point}, stop.dropoffs - {point}
            route = packer.route(pickups, dropoffs, stop.kind) if pickups and dropoffs else None
            if route is not None and here.km - route.km > 1e-6:
                moves.append(((route.km - here.km) * cost, k, pickups, dropoffs))
    for _, k, pickups, dropoffs in sorted(moves, key=lambda move: move[:2]):
        yield [*stops[:k], _Stops(pickups, dropoffs, stops[k].kind, stops[k].core), *stops[k + 1 :]]


def _widened(packer: Packer, coach: Column) -> _Stops:
    """Add the pickup point or employer that lets the coach carry the most more workers, while
    its route stays within the ride limit, until the stop limits are reached."""
    pickups, dropoffs = set(coach.route.pickups), set(coach.route.dropoffs)
    items = packer.items
    while True:
        gains: dict[tuple[str, int], int] = defaultdict(int)
        if len(dropoffs) < packer.max_dropoffs:
            for p in pickups:
                for i in packer.by_pickup[p]:
                    if items[i].dropoff not in dropoffs:
                        gains[("dropoff", items[i].dropoff)] += items[i].size
        if len(pickups) < packer.max_pickups:
            for i in packer.by_dropoff_items(dropoffs):
                if items[i].pickup not in pickups:
                    gains[("pickup", items[i].pickup)] += items[i].size
        for (kind, point), _ in sorted(gains.items(), key=lambda entry: (-entry[1], entry[0])):
            trial_p = pickups | {point} if kind == "pickup" else pickups
            trial_d = dropoffs | {point} if kind == "dropoff" else dropoffs
            if packer.route(trial_p, trial_d, coach.kind) is not None:
                pickups, dropoffs = trial_p, trial_d
                break
        else:
            break
    return _Stops(
        frozenset(pickups), frozenset(dropoffs), coach.kind, frozenset(i for i, _ in coach.loads)
    )


def _flow(packer: Packer, stops: Sequence[_Stops]) -> list[dict[int, int]] | None:
    """Workers per item per coach, every worker on a coach that calls at their pickup point and
    employer, no coach over capacity; None if that is impossible. Moving a worker to a coach
    that did not carry their group first costs 1, so loads change only where they must."""
    items = packer.items
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1 + len(items) + len(stops)
    arcs = []
    for i, item in enumerate(items):
        flow.add_arc_with_capacity_and_unit_cost(source, 1 + i, item.size, 0)
    for k, stop in enumerate(stops):
        node = 1 + len(items) + k
        for p in stop.pickups:
            for i in packer.by_pickup[p]:
                if items[i].dropoff in stop.dropoffs:
                    arcs.append(
                        (
                            flow.add_arc_with_capacity_and_unit_cost(
                                1 + i, node, items[i].size, 0 if i in stop.core else 1
                            ),
                            i,
                            k,
                        )
                    )
        flow.add_arc_with_capacity_and_unit_cost(node, sink, packer.types[stop.kind].capacity, 0)
    workers = sum(item.size for item in items)
    # The flow runs from nodes with a supply to nodes with a demand: without them it is 0.
    flow.set_node_supply(source, workers)
    flow.set_node_supply(sink, -workers)
    if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
        return None
    if flow.maximum_flow() < workers:
        return None
    loads: list[dict[int, int]] = [{} for _ in stops]
    for arc, i, k in arcs:
        if flow.flow(arc):
            loads[k][i] = flow.flow(arc)
    return loads


def _bound(packer: Packer, carried: Sequence[int], budget: Budget) -> tuple[int, str, float]:
    """The better of the seats bound and Farley's, whose prices come from a relaxation that
    counts coaches only (the planner's own also weighs km, and its prices bound coaches less
    tightly). Each round's exact search adds the loads worth more than a coach to that
    relaxation (and to the planner's: columns pricing missed), until none is: the bound is then
    the relaxation's optimum. Out of time (the hard cap), the bound is weaker, never wrong."""
    people = sum(carried)
    by_seats = math.ceil(people / packer.biggest) if people else 0
    master = _Master(packer, carried, count_only=True)
    farley = 0.0
    for _ in range(budget.bound_rounds):
        try:
            _, prices, _, _ = master.solve()
        except LpTrouble:
            break
        missed: list[list[tuple[int, int]]] = []
        cap = budget.deadline - budget.reserve_s
        farley = max(farley, packer.farley_bound(prices, carried, missed, cap))
        if time.monotonic() > cap or not packer.add_missed(missed, prices):
            break
    by_lp = math.ceil(farley - 1e-6) if farley > 0 else 0
    if by_lp > by_seats:
        return by_lp, "lp", farley
    return by_seats, "seats", farley


def _by_value(values: np.ndarray, first: int = 16):
    """Indices of the positive values, the largest first (ties by index): the first few found
    by a partial sort, the rest sorted only if they are asked for."""
    candidates = np.flatnonzero(values > EPS)
    if len(candidates) > first:
        top = np.argpartition(-values[candidates], first - 1)[:first]
        head = candidates[top]
        head = head[np.lexsort((head, -values[head]))]
        yield from head.tolist()
        rest = np.setdiff1d(candidates, head)
        yield from rest[np.lexsort((rest, -values[rest]))].tolist()
    else:
        yield from candidates[np.lexsort((candidates, -values[candidates]))].tolist()


def _load_key(loads: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """A load as columns are known by: (item, workers) pairs, in item order, none empty."""
    return tuple(sorted((i, a) for i, a in loads if a > 0))


@functools.cache
def _subsets(count: int, most: int) -> np.ndarray:
    """Every set of 1 to `most` of `count` indices, one per row, padded with `count`."""
    rows = [
        (*chosen, *[count] * (most - size))
        for size in range(1, most + 1)
        for chosen in itertools.combinations(range(count), size)
    ]
    return np.array(rows, dtype=np.int64).reshape(-1, most)


def _fill_values(price: np.ndarray, size: np.ndarray, capacity: int) -> np.ndarray:
    """What a coach of `capacity` seats earns from these cells (last axis), dearest first."""
    order = np.argsort(-price, axis=-1, kind="stable")
    price = np.take_along_axis(price, order, axis=-1)
    size = np.take_along_axis(size, order, axis=-1)
    before = np.cumsum(size, axis=-1) - size
    return (np.clip(capacity - before, 0.0, size) * price).sum(axis=-1)
