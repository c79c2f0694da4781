"""Page render times with the sample data, by AppTest (the same script runs a browser would cause).

    python benchmarks/app_pages.py [--repeat 5]

For each page and a role that may open it: the first render in a fresh session (caches warm,
as on a running server) and the median of `--repeat` re-renders. Also: planning the sample from
the 车辆调度 page (20 s search) against `python -m routing plan` with the same time limit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
PAGES = [
    ("overview", "planner"),
    ("workers", "planner"),
    ("workers", "yuhui"),
    ("dispatch", "planner"),
    ("manifests", "coordinator"),
    ("postings", "planner"),
    ("needs", "planner"),
    ("needs", "yuhui"),
    ("accounts", "admin"),
]
PASSWORD = "benchmark-password"


def session(user: str, page: str):
    from store import accounts, make_engine

    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["account"] = accounts.authenticate(make_engine(), user, PASSWORD)
    at.run()
    at.switch_page(f"app/pages/{page}.py")
    return at


def timed(at) -> float:
    started = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - started


def plan_from_page(seconds: int) -> float:
    at = session("planner", "dispatch")
    at.run()
    at.number_input(key="time_limit").set_value(seconds)
    started = time.perf_counter()
    next(b for b in at.button if "Plan" in str(b.label)).click().run()
    while "plan_job" in at.session_state:
        time.sleep(0.2)
        at.run()
    return time.perf_counter() - started


def plan_from_command_line(seconds: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "routing",
            "plan",
            "data/rosters/roster.csv",
            "--employers",
            "data/rosters/employers.csv",
            "--time-limit",
            str(seconds),
            "--quiet",
            "--out",
            tempfile.mkdtemp(),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plan-seconds", type=int, default=20)
    args = parser.parse_args()
    os.environ["FANGGANG_DB_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    AppTest.from_file(APP, default_timeout=300).run()  # first start: schema and sample data
    from store import accounts, make_engine

    engine = make_engine()
    for user, role in [("admin", "admin"), ("planner", "planner"), ("coordinator", "coordinator")]:
        accounts.create_account(engine, user, PASSWORD, role)
    accounts.create_account(
        engine, "yuhui", PASSWORD, "employer", employer="郑州宇辉电子技术有限公司"
    )
    print(
        f"plan from the page: {plan_from_page(args.plan_seconds):.1f} s; "
        f"command line: {plan_from_command_line(args.plan_seconds):.1f} s "
        f"(search limit {args.plan_seconds} s)"
    )
    print(f"{'page':<12}{'role':<13}{'first':>8}{'median':>9}")
    for page, user in PAGES:
        at = session(user, page)
        first = timed(at)
        again = statistics.median(timed(at) for _ in range(args.repeat))
        print(f"{page:<12}{user:<13}{first:>7.2f}s{again:>8.2f}s")


if __name__ == "__main__":
    main()
