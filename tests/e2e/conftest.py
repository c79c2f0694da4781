"""What the browser tests share: one headless Debian Chromium, signing in as a person does, a plan
published in this process on the database a server uses, and screenshots in
tests/artifacts/screens/ for a person to look at. Each test opens its own browser context (its
own session, signed out) and makes the data it asserts on itself."""

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "artifacts" / "screens"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (which cannot download its own browser here). Per
    module: a running Playwright holds an event loop, which later tests' own loops refuse."""
    playwright = pytest.importorskip("playwright.sync_api")
    SCREENS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def shoot(page, name: str) -> None:
    page.wait_for_timeout(800)  # let charts and maps finish drawing
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def sign_in(page, username: str, password: str) -> None:
    """Fill in the sign-in form on the page shown and submit it."""
    page.get_by_label("用户名 User name").fill(username)
    page.get_by_label("密码 Password").fill(password)
    page.get_by_role("button", name="登录 Sign in").click()


def metric(page, label: str) -> str:
    """The value shown under the metric labelled `label`."""
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text()


def publish_sample_plan(engine, by: str) -> dict:
    """Plan the workers stored in `engine` (45-seat coaches, a two-second search) with the
    planner's own code, save and publish it; returns plan.json."""
    from app.views.transport import depot
    from routing.campaign import problem_for
    from routing.model import BusType, Rules
    from routing.planfile import plan_to_dict
    from routing.planner import plan_trips
    from store import plans, workers

    problem = problem_for(
        workers.list_workers(engine),
        workers.list_employers(engine),
        (BusType("45座大巴", 45),),
        depot(),
        Rules(depart=dt.datetime(2020, 2, 20, 6, 0)),
    )
    document = plan_to_dict(plan_trips(problem, time_limit_s=2, seed=0))
    plans.publish_plan(engine, plans.save_plan(engine, document, by=by).id, by=by)
    return document
