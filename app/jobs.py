"""Planning runs in a separate process, so a 20-second search never freezes other people's pages
(OR-Tools holds Python's interpreter lock while it searches). The page polls the job."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import streamlit as st

from routing.model import Problem


@dataclass
class PlanJob:
    future: Future
    progress: Any  # a managed queue of (fraction, message)
    fraction: float = 0.0
    message: str = "排队中 queued"

    def poll(self) -> None:
        while not self.progress.empty():
            self.fraction, self.message = self.progress.get_nowait()


@st.cache_resource
def _workers() -> tuple[ProcessPoolExecutor, Any]:
    """One planning process per server, started now so that its import of OR-Tools is paid
    before anyone presses Plan."""
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
    executor.submit(_warm_up)
    return executor, context.Manager()


def warm() -> None:
    _workers()


def submit(problem: Problem, *, time_limit_s: float, seed: int) -> PlanJob:
    executor, manager = _workers()
    progress = manager.Queue()
    return PlanJob(executor.submit(_plan, problem, time_limit_s, seed, progress), progress)


def submit_call(function: Callable[..., dict[str, Any]], *args: Any) -> PlanJob:
    """Run a module-level `function(*args, progress)` in the planning process (the campaign's
    planning, `app.views.campaign_view.plan_in_process`)."""
    executor, manager = _workers()
    progress = manager.Queue()
    return PlanJob(executor.submit(function, *args, progress), progress)


def _warm_up() -> None:
    import routing.planner  # noqa: F401  (import cost paid at start, not on first plan)


def _plan(problem: Problem, time_limit_s: float, seed: int, progress: Any) -> dict[str, Any]:
    from routing.planfile import plan_to_dict
    from routing.planner import plan_trips

    plan = plan_trips(
        problem,
        time_limit_s=time_limit_s,
        seed=seed,
        on_progress=lambda p: progress.put((p.fraction, p.message)),
    )
    return plan_to_dict(plan)
