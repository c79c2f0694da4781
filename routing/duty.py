"""A coach's working day under the road-transport rules: each driver drives at most 8 h in 24 h
and at most 4 h without a 20-minute break. Pure arithmetic shared by the planner and verify."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

DRIVE_MINUTES_PER_DRIVER = 8 * 60
STRETCH_MINUTES = 4 * 60
BREAK_MINUTES = 20


def arrivals(legs: Sequence[float], stop_minutes: float) -> list[float]:
    """Minutes from leaving the depot to arriving at each call, the coach driving `legs` in turn
    and spending `stop_minutes` at every call but the last before driving on. After every 4 h of
    driving with no stop of at least 20 minutes the coach rests 20 minutes on the road."""
    clock = stretch = 0.0
    times = []
    for number, leg in enumerate(legs):
        if number:
            clock += stop_minutes
            if stop_minutes >= BREAK_MINUTES:
                stretch = 0.0
        while stretch + leg > STRETCH_MINUTES:
            driven = STRETCH_MINUTES - stretch
            clock, leg, stretch = clock + driven + BREAK_MINUTES, leg - driven, 0.0
        clock, stretch = clock + leg, stretch + leg
        times.append(clock)
    return times


def drive_limit(drivers: int) -> float:
    return drivers * DRIVE_MINUTES_PER_DRIVER


@dataclass(frozen=True)
class WorkingDay:
    """A coach's day as its trip shows it: it leaves its depot, drives (`drive_minutes`, rests
    excluded), rests on the road `rests` times, and arrives at its last stop."""

    leaves: dt.datetime
    arrives: dt.datetime
    drive_minutes: float  # 0 when the plan does not say (plan files from before the duty rule)
    rests: int
    rest_minutes: float

    @property
    def duty_minutes(self) -> float:
        return (self.arrives - self.leaves).total_seconds() / 60


def working_day(
    times: Sequence[dt.datetime], drive_minutes: float, stop_minutes: float
) -> WorkingDay:
    """From a trip's stop times (the depot's first) and its minutes of driving: the time that is
    neither driving nor a stop at a call is road rest, 20 minutes a break (the count is rounded:
    plan files keep times to the minute)."""
    elapsed = (times[-1] - times[0]).total_seconds() / 60
    calls = len(times) - 2  # the calls the coach leaves again
    rest = max(0.0, elapsed - drive_minutes - calls * stop_minutes) if drive_minutes > 0 else 0.0
    rests = round(rest / BREAK_MINUTES)
    return WorkingDay(times[0], times[-1], drive_minutes, rests, rests * BREAK_MINUTES)
