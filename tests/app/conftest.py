"""Every app test runs on its own SQLite file, a copy of one template made per session, so the tests
pass alone and in any order; what a test changes no other test sees."""

import datetime as dt
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, make_engine
from tests.app_server import copy_database

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PASSWORD = "password-123"


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """The template database: the app's first start (schema + the sample's 63 employers and 2,285
    workers) and one account per role (`admin`, `planner`, `coordinator`, and employers `yuhui`
    and `zhongyuan`). Tests never open it; they get copies (`database`)."""
    path = tmp_path_factory.mktemp("template") / "app.db"
    url = f"sqlite:///{path}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FANGGANG_DB_URL", url)
        at = AppTest.from_file(APP, default_timeout=120).run()  # first start: schema + sample
        assert not at.exception
    engine = make_engine(url)
    accounts.create_account(engine, "admin", PASSWORD, "admin")
    accounts.create_account(engine, "planner", PASSWORD, "planner")
    accounts.create_account(engine, "coordinator", PASSWORD, "coordinator")
    accounts.create_account(
        engine, "yuhui", PASSWORD, "employer", employer="郑州宇辉电子技术有限公司"
    )
    accounts.create_account(
        engine, "zhongyuan", PASSWORD, "employer", employer="郑州中原智芯股份有限公司"
    )
    engine.dispose()
    return path


@pytest.fixture()
def database(template, tmp_path) -> str:
    """The test's own copy of the template, as a database URL."""
    return copy_database(template, tmp_path / "app.db")


@pytest.fixture()
def engine(database):
    """An engine on the test's own database."""
    made = make_engine(database)
    yield made
    made.dispose()


@pytest.fixture(autouse=True)
def _forget_parsed_plans():
    """The app caches a parsed plan by its stored id, which is unique within one database only;
    every test has its own database, so a plan #1 of an earlier test must not be served."""
    from app.views import transport

    transport._parsed.clear()


@pytest.fixture()
def app_as(database, monkeypatch):
    """`app_as("planner", "dispatch")`: the app signed in as that user, opened at that page's
    address (the overview without one). A page the role is not offered shows the refusal there,
    as a link to it would; after the run, `switch_page` to it raises (it is not in the menu)."""
    monkeypatch.setenv("FANGGANG_DB_URL", database)

    def start(username: str, page: str = "overview") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["account"] = accounts.authenticate(
            make_engine(database), username, PASSWORD
        )
        return at.switch_page(f"app/pages/{page}.py").run()  # one run, not the overview first

    return start


@pytest.fixture(scope="session")
def sample_plan(template) -> dict:
    """A plan of the template's workers (one second's search, 45-seat coaches), as plan.json;
    made once, stored by each test that needs it (`plan_and_draft`)."""
    from app.views.transport import depot
    from routing.campaign import problem_for
    from routing.model import BusType, Rules
    from routing.planfile import plan_to_dict
    from routing.planner import plan_trips
    from store import workers

    engine = make_engine(f"sqlite:///{template}")
    problem = problem_for(
        workers.list_workers(engine),
        workers.list_employers(engine),
        (BusType("45座大巴", 45),),
        depot(),
        Rules(depart=dt.datetime(2020, 2, 20, 6, 0)),
    )
    engine.dispose()
    return plan_to_dict(plan_trips(problem, time_limit_s=1, seed=0))


@pytest.fixture()
def plan_and_draft(engine, sample_plan):
    """The sample plan published in the test's database (T001 and T002 run by `coordinator`)
    and a newer draft of the same plan; returns the published plan."""
    from store import assignments, plans

    plans.publish_plan(engine, plans.save_plan(engine, sample_plan, by="test").id, by="test")
    published = plans.published_plan(engine)
    assignments.set_trips(engine, "coordinator", ["T001", "T002"], by="test")
    plans.save_plan(engine, published.document, by="test")  # a draft newer than the plan
    return published


def plan_on_the_page(at: AppTest, seconds: int) -> AppTest:
    """Press Plan on the 车辆调度 page with a `seconds` search and wait for the plan."""
    at.number_input(key="time_limit").set_value(seconds)
    next(b for b in at.button if "Plan" in str(b.label)).click().run()
    deadline = time.monotonic() + seconds + 90
    while "plan_job" in at.session_state and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    return at
