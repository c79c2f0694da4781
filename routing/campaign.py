"""A campaign: departures on several days, a waiting window per worker, late registrations.

A worker ready on day d rides on a departure between d and d + K days (K = `max_wait_days`; with
K = 0, or when no departure falls inside, the first departure on or after d). A worker without a
ready date is ready from the first departure. The campaign is planned departure by departure
(routing/departure.py):

1. Everyone whose window is open is offered to the planner (`plan_trips`) together: those whose
   window closes today (they must ride) and those who could still wait.
2. A coach is kept when it carries someone who must ride today, or when it is full (waiting would
   not save it). The other coaches are not booked: their passengers wait for a fuller day.
3. The free seats of the kept coaches are then filled with workers who could still wait, most
   urgent first, by the insertion of `routing.insertion` (stop limits, capacity, ride limit,
   drivers' duty).
   Should the day's fleet not suffice for everyone who must ride, the planner is asked again with
   only those, and the waiting workers fill what is left.

This minimises coaches over the campaign first (a coach that need not go today waits to be filled),
then kilometres (each day is the planner's answer), then waiting (full coaches go at once, free
seats are filled with whoever has waited longest).

After publishing, `fill_published` seats late registrations on published trips with free seats
before any new coach is planned (`follow_up` numbers the new coaches after the published ones).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from routing.departure import Planner, Search, fill, plan_day, riders
from routing.distances import DistanceModel, GeodesicDistances
from routing.insertion import Legs
from routing.model import (
    BusType,
    CampaignParams,
    Employer,
    Place,
    Plan,
    PlanningError,
    PlanParams,
    Problem,
    Rules,
    Trip,
    Unassigned,
    Worker,
)
from routing.planner import Progress, ProgressCallback, plan_trips

DEFAULT_MAX_SHIFT_MIN = 30.0  # a published stop may move by at most this much for a late worker


@dataclass(frozen=True)
class Campaign:
    """The departures of a campaign (one per day by default) and how long a worker may wait.
    `per_day` limits the coaches of a type on each departure (by type name); without it a type's
    `count` applies to each departure."""

    departures: tuple[dt.datetime, ...]
    max_wait_days: int = 0
    per_day: Mapping[str, int] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.departures:
            raise PlanningError("活动没有发车时间 a campaign needs at least one departure")
        if list(self.departures) != sorted(set(self.departures)):
            raise PlanningError(
                "发车时间须按先后排列且不重复 departures must be in order, each once"
            )
        if self.max_wait_days < 0:
            raise PlanningError(
                f"最长等待天数不能为负 max wait days must not be negative, got {self.max_wait_days}"
            )

    @classmethod
    def daily(
        cls,
        first: dt.datetime,
        days: int,
        max_wait_days: int = 0,
        per_day: Mapping[str, int] | None = None,
    ) -> Campaign:
        if days < 1:
            raise PlanningError(f"天数至少为 1 days must be at least 1, got {days}")
        return cls(
            tuple(first + dt.timedelta(days=n) for n in range(days)),
            max_wait_days,
            dict(per_day or {}),
        )

    def window(self, ready: dt.date | None) -> tuple[int, int] | None:
        """Indices of the first and the last departure a worker ready on `ready` may take; None
        when every departure leaves before that day."""
        dates = [moment.date() for moment in self.departures]
        first = 0 if ready is None else next((i for i, d in enumerate(dates) if d >= ready), None)
        if first is None:
            return None
        start = ready or dates[0]
        until = start + dt.timedelta(days=self.max_wait_days)
        last = max([i for i, d in enumerate(dates) if d <= until] + [first])
        return first, last

    def fleet_on_day(self, fleet: Sequence[BusType]) -> tuple[BusType, ...]:
        return tuple(
            dataclasses.replace(bus, count=self.per_day.get(bus.name, bus.count)) for bus in fleet
        )


def plan_campaign(
    problem: Problem,
    campaign: Campaign,
    *,
    distances: DistanceModel | None = None,
    time_limit_s: float = 10.0,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    planner: Planner = plan_trips,
) -> Plan:
    """Plan every worker of `problem` over the campaign's departures (problem.rules.depart is
    replaced by each departure in turn). `time_limit_s` is for the whole campaign; each departure
    gets an even share of what is left."""
    started = time.monotonic()
    distances = distances or GeodesicDistances()
    report = on_progress or (lambda progress: None)
    legs = Legs(_places(problem), distances)
    windows, unassigned = _windows(problem, campaign)
    waiting = {w.row: w for w in problem.workers if w.row in windows}
    trips: list[Trip] = []
    days_with_work = _days_with_work(windows, len(campaign.departures))
    day_params: PlanParams | None = None
    for day, depart in enumerate(campaign.departures):
        if day not in days_with_work:
            continue
        todo = [w for w in waiting.values() if windows[w.row][0] <= day]
        if not todo:
            continue
        left = max(0.0, time_limit_s - (time.monotonic() - started))
        budget = left / max(1, sum(1 for d in days_with_work if d >= day))
        report(
            Progress(
                day / len(campaign.departures),
                f"{depart:%m月%d日}：{len(todo)} 名工人可出发 workers ready",
            )
        )
        day_problem = dataclasses.replace(
            problem,
            workers=(),
            rejected=(),
            rules=dataclasses.replace(problem.rules, depart=depart),
            fleet=campaign.fleet_on_day(problem.fleet),
        )

        def forward(progress: Progress, day: int = day) -> None:
            report(Progress((day + progress.fraction) / len(campaign.departures), progress.message))

        outcome = plan_day(
            day_problem, day, todo, windows, legs, Search(planner, legs, budget, seed, forward)
        )
        day_params = day_params or outcome.params
        trips += outcome.trips
        unassigned += outcome.unassigned
        for row in outcome.done:
            waiting.pop(row, None)
    unassigned += [
        _out_of_window(worker, windows[worker.row], campaign) for worker in waiting.values()
    ]  # only when a planner left someone out without a reason
    plan = Plan(trips=_numbered(trips), unassigned=tuple(sorted(unassigned, key=lambda u: u.row)))
    report(Progress(1.0, f"共 {len(plan.trips)} 车次 trips planned"))
    return dataclasses.replace(
        plan,
        params=_params(
            problem,
            campaign,
            plan,
            day_params or PlanParams(),
            windows,
            time_limit_s,
            seed,
            started,
        ),
    )


def _out_of_window(worker: Worker, window: tuple[int, int], campaign: Campaign) -> Unassigned:
    last = campaign.departures[window[1]]
    return Unassigned(
        worker.row,
        f"至 {last:%m月%d日} 仍未能安排 not placed by the end of the waiting window",
        "wait_window",
    )


def _windows(
    problem: Problem, campaign: Campaign
) -> tuple[dict[int, tuple[int, int]], list[Unassigned]]:
    windows: dict[int, tuple[int, int]] = {}
    unassigned = list(problem.rejected)
    last = campaign.departures[-1]
    for worker in problem.workers:
        if worker.employer not in problem.employers:
            unassigned.append(
                Unassigned(
                    worker.row,
                    f"用工单位 {worker.employer} 没有位置 employer has no location",
                    "input",
                )
            )
            continue
        window = campaign.window(worker.ready_date)
        if window is None:
            ready = worker.ready_date or last.date()
            unassigned.append(
                Unassigned(
                    worker.row,
                    f"{ready.month}月{ready.day}日起才可出发，晚于最后一班车"
                    f"（{last.month}月{last.day}日） ready after the last departure",
                    "ready_date",
                )
            )
        else:
            windows[worker.row] = window
    return windows, unassigned


def _days_with_work(windows: Mapping[int, tuple[int, int]], days: int) -> set[int]:
    """Departures on which someone's window opens or closes: planning on other days could only
    repeat the day before."""
    return {day for window in windows.values() for day in window if day < days}


def _numbered(trips: Iterable[Trip]) -> tuple[Trip, ...]:
    ordered = sorted(trips, key=lambda t: (t.stops[0].time, t.id))
    return tuple(
        dataclasses.replace(trip, id=f"T{number:03d}")
        for number, trip in enumerate(ordered, start=1)
    )


def _places(problem: Problem) -> list[Place]:
    return [
        problem.depot,
        *(bus.depot for bus in problem.fleet if bus.depot is not None),
        *(w.origin for w in problem.workers),
        *(e.place for e in problem.employers.values()),
    ]


def _params(
    problem: Problem,
    campaign: Campaign,
    plan: Plan,
    day_params: PlanParams,
    windows: Mapping[int, tuple[int, int]],
    time_limit_s: float,
    seed: int,
    started: float,
) -> PlanParams:
    ready = {w.row: w.ready_date or campaign.departures[0].date() for w in problem.workers}
    waited = [
        (trip.stops[0].time.date() - ready[row]).days
        for trip in plan.trips
        for row in riders(trip)
        if row in ready
    ]
    return dataclasses.replace(
        day_params,
        depart=campaign.departures[0],
        time_limit_s=time_limit_s,
        seed=seed,
        solve_seconds=round(time.monotonic() - started, 2),
        campaign=CampaignParams(
            departures=tuple(campaign.departures),
            max_wait_days=campaign.max_wait_days,
            per_day=dict(campaign.per_day),
            waiting_days=sum(waited),
            workers_waiting=sum(1 for days in waited if days > 0),
        ),
    )


# --- After publishing: late registrations -----------------------------------------------------


def problem_for(
    workers: Iterable[Worker],
    employers: Mapping[str, Employer],
    fleet: tuple[BusType, ...],
    depot: Place,
    rules: Rules,
) -> Problem:
    """Registered workers as a problem (the campaign judges ready dates); a worker whose employer
    has no location is reported rather than planned."""
    ready, rejected = [], []
    for worker in workers:
        if worker.employer not in employers:
            rejected.append(
                Unassigned(
                    worker.row,
                    f"用工单位 {worker.employer} 没有位置 employer has no location",
                    "input",
                )
            )
        else:
            ready.append(worker)
    return Problem(tuple(ready), dict(employers), fleet, depot, rules, tuple(rejected))


def without_boarded(problem: Problem, published: Plan) -> Problem:
    """The problem left once the published trips' passengers are taken out."""
    boarded = set(published.assigned_rows)
    return dataclasses.replace(
        problem,
        workers=tuple(w for w in problem.workers if w.row not in boarded),
        rejected=tuple(u for u in problem.rejected if u.row not in boarded),
    )


def fill_published(
    published: Plan,
    late: Problem,
    campaign: Campaign,
    *,
    distances: DistanceModel | None = None,
    max_shift_min: float = DEFAULT_MAX_SHIFT_MIN,
    not_before: dt.date | None = None,
) -> tuple[Plan, Problem]:
    """Seat late workers on published trips inside their waiting window that have a free seat and
    call at (or can add) their pickup point, moving no published stop by more than
    `max_shift_min`; trips leaving before `not_before` are gone and take no one. Returns the
    published plan with those seats taken (trip ids kept) and the problem of the workers still
    without a seat."""
    legs = Legs(_places(late), distances)
    windows, _ = _windows(late, campaign)
    day_of: dict[dt.date, int] = {}
    for index, moment in enumerate(campaign.departures):
        day_of.setdefault(moment.date(), index)
    by_day: dict[int, list[int]] = defaultdict(list)
    for index, trip in enumerate(published.trips):
        leaves = trip.stops[0].time.date()
        if leaves in day_of and (not_before is None or leaves >= not_before):
            by_day[day_of[leaves]].append(index)
    trips = list(published.trips)
    for day in sorted(by_day):
        candidates = [
            w
            for w in late.workers
            if w.row in windows
            and windows[w.row][0] <= day <= windows[w.row][1]
            and w.row not in _seated_rows(trips)
        ]
        chosen = [trips[i] for i in by_day[day]]
        rules = dataclasses.replace(late.rules, depart=campaign.departures[day])
        filled = fill(
            chosen,
            candidates,
            windows,
            dataclasses.replace(late, rules=rules),
            legs,
            max_shift_min=max_shift_min,
        )
        for index, trip in zip(by_day[day], filled, strict=True):
            trips[index] = trip
    seated = _seated_rows(trips) - set(published.assigned_rows)
    plan = dataclasses.replace(published, trips=tuple(trips))
    rest = dataclasses.replace(late, workers=tuple(w for w in late.workers if w.row not in seated))
    return plan, rest


def _seated_rows(trips: Iterable[Trip]) -> set[int]:
    return {row for trip in trips for row in riders(trip)}


def follow_up(published: Plan, late: Plan) -> Plan:
    """Published trips (free seats already filled by `fill_published`) with their ids, then the
    late plan's new trips numbered after them."""
    taken = {trip.id for trip in published.trips}
    trips = list(published.trips)
    number = len(published.trips)
    for trip in sorted(late.trips, key=lambda t: (t.stops[0].time, t.id)):
        number += 1
        while f"T{number:03d}" in taken:
            number += 1
        trips.append(dataclasses.replace(trip, id=f"T{number:03d}"))
    params = late.params.merged_over(published.params)
    params = dataclasses.replace(
        params,
        campaign=published.params.campaign or late.params.campaign,
        extra={**params.extra, "follow_up_of_trips": len(published.trips)},
    )
    return Plan(trips=tuple(trips), unassigned=late.unassigned, params=params)


def plan_late(
    published: Plan,
    late: Problem,
    campaign: Campaign,
    *,
    distances: DistanceModel | None = None,
    time_limit_s: float = 10.0,
    seed: int = 0,
    max_shift_min: float = DEFAULT_MAX_SHIFT_MIN,
    not_before: dt.date | None = None,
    on_progress: ProgressCallback | None = None,
    planner: Planner = plan_trips,
) -> Plan:
    """Late registrations after publishing: free seats on published trips first, then new coaches
    on the departures from `not_before` on (the days not yet gone)."""
    filled, rest = fill_published(
        published,
        late,
        campaign,
        distances=distances,
        max_shift_min=max_shift_min,
        not_before=not_before,
    )
    open_days = tuple(
        d for d in campaign.departures if not_before is None or d.date() >= not_before
    )
    if not open_days:
        raise PlanningError("没有尚未发车的日期 no departure left for late registrations")
    later = dataclasses.replace(campaign, departures=open_days)
    new = plan_campaign(
        rest,
        later,
        distances=distances,
        time_limit_s=time_limit_s,
        seed=seed,
        on_progress=on_progress,
        planner=planner,
    )
    return follow_up(filled, new)
