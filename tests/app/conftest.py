import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import accounts, make_engine

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PASSWORD = "password-123"


@pytest.fixture(scope="session")
def database(tmp_path_factory):
    """One SQLite file for the app tests, with the sample data and one account per role
    (`admin`, `planner`, `coordinator`, and employers `yuhui` and `zhongyuan`)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('app') / 'app.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FANGGANG_DB_URL", url)
        at = AppTest.from_file(APP, default_timeout=120).run()  # first start: schema + sample
        assert not at.exception
    engine = make_engine(url)
    accounts.create_account(engine, "admin", PASSWORD, "admin")
    accounts.create_account(engine, "planner", PASSWORD, "planner")
    accounts.create_account(engine, "coordinator", PASSWORD, "coordinator")
    accounts.create_account(engine, "yuhui", PASSWORD, "employer",
                            employer="郑州宇辉电子技术有限公司")
    accounts.create_account(engine, "zhongyuan", PASSWORD, "employer",
                            employer="郑州中原智芯股份有限公司")
    return url


@pytest.fixture()
def app_as(database, monkeypatch):
    """`app_as("planner", "dispatch")`: the app signed in as that user, on that page."""
    monkeypatch.setenv("FANGGANG_DB_URL", database)

    def start(username: str, page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["account"] = accounts.authenticate(make_engine(database), username,
                                                            PASSWORD)
        at.run()
        if page is not None:
            at.switch_page(f"app/pages/{page}.py")
            at.run()
        return at

    return start


def plan_on_the_page(at: AppTest, seconds: int) -> AppTest:
    """Press Plan on the 车辆调度 page with a `seconds` search and wait for the plan."""
    at.number_input(key="time_limit").set_value(seconds)
    next(b for b in at.button if "Plan" in str(b.label)).click().run()
    deadline = time.monotonic() + seconds + 90
    while "plan_job" in at.session_state and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    return at
