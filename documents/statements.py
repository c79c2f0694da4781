"""What the campaign cost and who pays what: per-employer statements, the campaign summary, and
the nucleic-acid test claim lists.

A trip costs its coach type's fixed cost plus its kilometres times the cost per km (the fleet
file's `fixed_cost` and `cost_per_km`; without a fleet file, the cost per km the plan was made
with and no fixed cost). Each trip's cost is split among the employers whose workers it carried:

- `head` (per head, the default): in proportion to the workers each employer had aboard;
- `seat_km` (per seat-kilometre): in proportion to the kilometres its workers sat aboard, each
  from their pickup to their drop-off along the route (the empty run from the depot is shared in
  the same proportion).

Shares are allocated in fen (0.01 yuan) by largest remainder, so an employer's shares add up to
exactly what its statement says and all shares add up to exactly the campaign's cost.

The claim list: every worker who boarded, at `test_fee` yuan each (100 by default). Boarded means
the boarding mark says so (the app); where no marks are given (the command line without a
check-in file) every planned worker counts as boarded.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from documents.roster import Contact
from routing.model import Plan, Trip

SPLIT_RULES = {
    "head": "按人数分摊（每车费用按各单位乘车人数比例）",
    "seat_km": "按人公里分摊（每车费用按各单位乘客的乘车公里数比例）",
}
DEFAULT_TEST_FEE = 100.0
UNKNOWN_PREFECTURE = "未识别"


@dataclass(frozen=True)
class CoachCost:
    cost_per_km: float = 1.0
    fixed_cost: float = 0.0

    def of(self, trip: Trip) -> float:
        return self.fixed_cost + self.cost_per_km * trip.distance_km


@dataclass(frozen=True)
class TripShare:
    """One trip as it appears on an employer's statement."""

    trip: str
    date: dt.date
    bus_type: str
    workers: int  # this employer's
    passengers: int  # everyone aboard
    distance_km: float
    trip_fen: int
    share_fen: int
    seat_km: float  # this employer's workers' kilometres aboard


@dataclass(frozen=True)
class Claim:
    row: int
    name: str
    trip: str
    date: dt.date


@dataclass(frozen=True)
class EmployerStatement:
    employer: str
    trips: tuple[TripShare, ...]
    claims: tuple[Claim, ...]
    test_fee: float
    rule: str

    @property
    def workers(self) -> int:
        return sum(t.workers for t in self.trips)

    @property
    def distance_km(self) -> float:
        """Kilometres of the trips that carried this employer's workers."""
        return round(sum(t.distance_km for t in self.trips), 1)

    @property
    def cost_fen(self) -> int:
        return sum(t.share_fen for t in self.trips)

    @property
    def claim_total(self) -> float:
        return round(len(self.claims) * self.test_fee, 2)


@dataclass(frozen=True)
class CampaignSummary:
    workers: int
    coaches: int
    distance_km: float
    cost_fen: int
    by_prefecture: tuple[tuple[str, int], ...]
    by_day: tuple[tuple[dt.date, int, int, float, int], ...]  # date, workers, trips, km, fen
    boarded: int
    test_fee: float
    rule: str

    @property
    def cost_per_worker(self) -> float:
        return round(self.cost_fen / 100 / self.workers, 2) if self.workers else 0.0


@dataclass(frozen=True)
class Statements:
    employers: tuple[EmployerStatement, ...]
    summary: CampaignSummary
    trip_fen: Mapping[str, int] = field(default_factory=dict)


def costs_from_plan(plan: Plan) -> dict[str, CoachCost]:
    """The cost per km each coach type was planned with (plan.json's params.fleet)."""
    return {coach.bus.name: CoachCost(float(coach.bus.cost_per_km)) for coach in plan.params.fleet}


def build_statements(
    plan: Plan,
    contacts: Mapping[int, Contact],
    costs: Mapping[str, CoachCost],
    *,
    rule: str = "head",
    test_fee: float = DEFAULT_TEST_FEE,
    boarded: set[int] | None = None,
    prefecture_of: Callable[[str], str] = lambda origin: UNKNOWN_PREFECTURE,
) -> Statements:
    if rule not in SPLIT_RULES:
        raise ValueError(
            f"分摊规则须为 {'/'.join(SPLIT_RULES)} split rule must be one of "
            f"{', '.join(SPLIT_RULES)}, got '{rule}'"
        )
    if test_fee < 0:
        raise ValueError(f"核酸检测费用不能为负 the test fee must not be negative, got {test_fee}")
    unpriced = sorted({t.bus_type for t in plan.trips} - set(costs)) if costs else []
    if unpriced:
        raise ValueError(
            f"车队文件中没有车型 {'、'.join(unpriced)} the fleet file does not price "
            f"the coach types {', '.join(unpriced)}"
        )
    missing = sorted(set(plan.assigned_rows) - set(contacts))
    if missing:
        raise ValueError(
            f"计划中的行不在名单中 rows of the plan missing from the roster: {missing[:10]}"
        )
    stop_minutes = float(plan.params.stop_minutes or 0.0)
    shares: dict[str, list[TripShare]] = defaultdict(list)
    claims: dict[str, list[Claim]] = defaultdict(list)
    trip_fen: dict[str, int] = {}
    for trip in plan.trips:
        fen = round(costs.get(trip.bus_type, CoachCost()).of(trip) * 100)
        trip_fen[trip.id] = fen
        for share in _split(trip, fen, contacts, rule, stop_minutes):
            shares[share[0]].append(share[1])
        day = trip.stops[0].time.date()
        for row in sorted(r for stop in trip.pickups for r in stop.board):
            if boarded is None or row in boarded:
                claims[contacts[row].employer].append(Claim(row, contacts[row].name, trip.id, day))
    employers = tuple(
        EmployerStatement(
            name, tuple(shares[name]), tuple(claims.get(name, ())), test_fee, SPLIT_RULES[rule]
        )
        for name in sorted(shares)
    )
    summary = _summary(
        plan,
        contacts,
        trip_fen,
        prefecture_of,
        sum(len(c) for c in claims.values()),
        test_fee,
        SPLIT_RULES[rule],
    )
    return Statements(employers, summary, trip_fen)


def _split(
    trip: Trip, fen: int, contacts: Mapping[int, Contact], rule: str, stop_minutes: float
) -> list[tuple[str, TripShare]]:
    riders = [r for stop in trip.pickups for r in stop.board]
    by_employer = Counter(contacts[r].employer for r in riders)
    seat_km = _seat_km(trip, contacts, stop_minutes)
    weights = by_employer if rule == "head" else seat_km
    allotted = _largest_remainder(fen, {name: float(weights[name]) for name in by_employer})
    day = trip.stops[0].time.date()
    return [
        (
            name,
            TripShare(
                trip.id,
                day,
                trip.bus_type,
                count,
                len(riders),
                trip.distance_km,
                fen,
                allotted[name],
                round(seat_km[name], 1),
            ),
        )
        for name, count in sorted(by_employer.items())
    ]


def _seat_km(trip: Trip, contacts: Mapping[int, Contact], stop_minutes: float) -> dict[str, float]:
    """Each employer's workers' kilometres aboard. Where along the route each stop lies is taken
    from the driving minutes between stops (the gap less the stop time), scaled to the trip's km:
    plan.json keeps no leg lengths."""
    moving = []
    for before, after in itertools.pairwise(trip.stops):
        minutes = (after.time - before.time).total_seconds() / 60
        moving.append(max(0.0, minutes - (0 if before.kind == "depot" else stop_minutes)))
    total = sum(moving) or 1.0
    at = [0.0]
    for leg in moving:
        at.append(at[-1] + leg / total * trip.distance_km)
    boarded_at = {row: at[i] for i, stop in enumerate(trip.stops) for row in stop.board}
    result: dict[str, float] = defaultdict(float)
    for i, stop in enumerate(trip.stops):
        for row in stop.alight:
            result[contacts[row].employer] += at[i] - boarded_at[row]
    return result


def _largest_remainder(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Whole fen per name in proportion to the weights, adding up to `total` exactly."""
    names = sorted(weights)
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        weights, weight_sum = {name: 1.0 for name in names}, float(len(names))
    exact = {name: total * weights[name] / weight_sum for name in names}
    allotted = {name: int(exact[name] // 1) for name in names}
    left = total - sum(allotted.values())
    for name in sorted(names, key=lambda n: (-(exact[n] - allotted[n]), n))[:left]:
        allotted[name] += 1
    return allotted


def _summary(
    plan: Plan,
    contacts: Mapping[int, Contact],
    trip_fen: Mapping[str, int],
    prefecture_of: Callable[[str], str],
    boarded: int,
    test_fee: float,
    rule: str,
) -> CampaignSummary:
    riders = plan.assigned_rows
    home = {origin: prefecture_of(origin) for origin in {contacts[r].origin for r in riders}}
    prefectures = Counter(home[contacts[r].origin] for r in riders)
    days: dict[dt.date, list] = {}
    for trip in sorted(plan.trips, key=lambda t: t.stops[0].time):
        day = days.setdefault(trip.stops[0].time.date(), [0, 0, 0.0, 0])
        day[0] += trip.passengers
        day[1] += 1
        day[2] += trip.distance_km
        day[3] += trip_fen[trip.id]
    return CampaignSummary(
        workers=len(riders),
        coaches=len(plan.trips),
        distance_km=round(sum(t.distance_km for t in plan.trips), 1),
        cost_fen=sum(trip_fen.values()),
        by_prefecture=tuple(sorted(prefectures.items(), key=lambda p: (-p[1], p[0]))),
        by_day=tuple((date, w, n, round(km, 1), fen) for date, (w, n, km, fen) in days.items()),
        boarded=boarded,
        test_fee=test_fee,
        rule=rule,
    )


def yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"
