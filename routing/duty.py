"""A coach's working day under the road-transport rules: each driver drives at most 8 h in 24 h
and at most 4 h without a 20-minute break. Pure arithmetic shared by the planner and verify."""

from __future__ import annotations

from collections.abc import Sequence

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
