"""OR-Tools routing; this module and routing/packing.py are the only ones that import OR-Tools.

`RegionModel` is one region's pickup-and-delivery problem (routing/planner.py, step 4: the loads,
the dimensions that keep every rule, the cautious ride clock, what a coach costs) and its search:
OR-Tools' iterated local search, ended by a count of solutions (the clock only as a hard cap).
routing/regions.py and the polish in routing/planner.py decide what it is asked. `solve_cvrp`
runs the same search on a plain capacitated VRP (CVRPLIB benchmarks, `solve-vrplib`).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2, routing_ils_pb2

from routing import duty
from routing.model import BusType, PlanningError, Rules, StopKind
from routing.routes import Context, Load, Route

BUS_COST = 10**9  # cost of one coach: more than any kilometre saving a search could find
DROP_PENALTY = 100 * BUS_COST  # leaving a load unplanned is worse than opening another coach
STALL_SOLUTIONS = 400  # solutions in a row without a better plan that end a search
SEARCH_SOLUTIONS = 3000  # solutions per routing search at most: a count, not a clock
START, END = 0, 1  # node 0 is a depot; node 1 is where a trip ends (after its last drop-off)


class RegionModel:
    """Nodes: 0 the first vehicles' depot, 1 trip end, then for load k a pickup node 2+2k and a
    delivery node 3+2k, then the other depots (coach types with their own home depot)."""

    def __init__(self, loads: list[Load], context: Context, vehicles: list[BusType]):
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
        self,
        time_limit_s: float,
        seed: int,
        start: list[NodeRoute] | None = None,
        solutions: int = SEARCH_SOLUTIONS,
    ) -> list[NodeRoute] | None:
        """Iterated local search: ruin strings of visits (SISR) and recreate them by cheapest
        insertion; it empties coaches far better than guided local search on this model. Ends at
        the time limit or when STALL_SOLUTIONS solutions in a row bring no better plan, a rule
        that does not depend on the clock, so a search that stalls in time repeats exactly."""
        parameters = _ils_parameters(
            time_limit_s, routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
        )
        parameters.solution_limit = solutions
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

    def _assignment(self, routes: list[NodeRoute]):
        """The routes (route k on vehicle k) as an assignment; None when they break a rule."""
        return self.routing.ReadAssignmentFromRoutes(
            [[self.manager.NodeToIndex(node) for node in route.nodes] for route in routes], True
        )

    def refused(self, routes: list[NodeRoute], deadline: float) -> set[int]:
        """Which of the routes (route k on vehicle k) the model's rules refuse, each alone
        (first all together: one call when none is refused, the usual case). Out of time, the
        routes not yet looked at count as refused (they keep their packed form)."""
        if self._assignment(list(routes)) is not None:
            return set()
        empty = [NodeRoute(route.bus, ()) for route in routes]
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

    def _node_routes(self, solution) -> list[NodeRoute]:
        routes = []
        for vehicle, bus in enumerate(self.vehicles):
            index = solution.Value(self.routing.NextVar(self.routing.Start(vehicle)))
            nodes = []
            while not self.routing.IsEnd(index):
                nodes.append(self.manager.IndexToNode(index))
                index = solution.Value(self.routing.NextVar(index))
            if nodes:
                routes.append(NodeRoute(bus, tuple(nodes)))
        return routes

    def passengers(self, route: NodeRoute) -> int:
        return sum(len(self.loads[(node - 2) // 2].rows) for node in route.nodes if node % 2 == 0)

    def all_placed(self, routes: list[NodeRoute]) -> bool:
        return sum(len(route.nodes) for route in routes) == 2 * len(self.loads)

    def routes(self, node_routes: list[NodeRoute]) -> tuple[list[Route], list[Load]]:
        """Coach routes as calls, and the loads no coach took."""
        routes: list[Route] = []
        placed: set[int] = set()
        for route in node_routes:
            visits: list[tuple[StopKind, Load]] = [
                ("pickup" if node % 2 == 0 else "dropoff", self.loads[(node - 2) // 2])
                for node in route.nodes
            ]
            placed.update((node - 2) // 2 for node in route.nodes)
            routes.append(Route.of(route.bus, visits))
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
class NodeRoute:
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
    parameters.solution_limit = SEARCH_SOLUTIONS
    return parameters


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
