"""The coordinator's path at the bus door, in a real headless Chromium at phone size (390x844):
the manifest's QR link opened signed out -> sign-in -> that trip's boarding page -> mark 3
passengers -> reload -> still there, marks kept; a draft made meanwhile changes nothing there.

The plan is made and published in this process (the planner's own code, 2 s) on the database the
server uses; the browser does what a coordinator does. Screenshots go to tests/artifacts/screens/.
"""

import copy
import datetime as dt
from pathlib import Path

import pytest

from tests.app_server import running_app
from tests.e2e.test_browser import CHROMIUM_ARGS, SCREENS

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                       reason="Debian chromium is not installed at /usr/bin/chromium"),
]

ADMIN, COORDINATOR, PASSWORD = "admin", "li-coordinator", "e2e-password-1"
TRIP = "T005"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('boarding') / 'app.db'}"


@pytest.fixture(scope="module")
def server(database):
    with running_app(database, {"FANGGANG_ADMIN_USER": ADMIN,
                                "FANGGANG_ADMIN_PASSWORD": PASSWORD}) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    SCREENS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def phone(browser, server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(server)  # the first visit makes the schema, the sample and the admin
    tab.get_by_role("button", name="登录 Sign in").wait_for()
    yield tab
    context.close()


def shoot(page, name: str) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


@pytest.fixture(scope="module")
def published(phone, database):
    """A published plan of the sample, and a coordinator who runs T005."""
    from app.transport import depot
    from routing.campaign import problem_for
    from routing.manifest import plan_id
    from routing.model import BusType, Rules
    from routing.planfile import plan_from_dict, plan_to_dict
    from routing.planner import plan_trips
    from store import accounts, assignments, make_engine, plans, workers

    engine = make_engine(database)
    problem = problem_for(workers.list_workers(engine), workers.list_employers(engine),
                          (BusType("45座大巴", 45),), depot(),
                          Rules(depart=dt.datetime(2020, 2, 20, 6, 0)))
    document = plan_to_dict(plan_trips(problem, time_limit_s=2, seed=0))
    stored = plans.save_plan(engine, document, by=ADMIN)
    plans.publish_plan(engine, stored.id, by=ADMIN)
    accounts.create_account(engine, COORDINATOR, PASSWORD, "coordinator")
    assignments.set_trips(engine, COORDINATOR, [TRIP], by=ADMIN)
    return engine, document, plan_id(plan_from_dict(document))


def card_names(page) -> list[str]:
    """The names on the cards (a card's first line: `12 号座 · 张三 · 尾号 1234`)."""
    return [text.split("\n")[0].split("·")[1].strip() for text in
            page.locator("[class*='st-key-card_']").all_inner_texts()]


def counter(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text()


def test_the_qr_link_opened_signed_out_leads_through_sign_in_to_the_trip(phone, server,
                                                                        published):
    _, _, identity = published
    phone.goto(f"{server}/boarding?plan={identity}&trip={TRIP}")
    phone.get_by_label("用户名 User name").fill(COORDINATOR)
    phone.get_by_label("密码 Password").fill(PASSWORD)
    shoot(phone, "10-boarding-sign-in-phone")
    phone.get_by_role("button", name="登录 Sign in").click()
    phone.get_by_role("heading", name=f"{TRIP} 上车登记").wait_for()
    assert f"trip={TRIP}" in phone.url and "/boarding" in phone.url
    assert counter(phone).startswith("0/")
    shoot(phone, "11-boarding-phone")


def test_three_passengers_are_marked_at_once(phone, published):
    cards = phone.locator("[class*='st-key-card_']")
    for index in range(3):
        cards.nth(index).get_by_role("button", name="已上车").click()
        phone.get_by_text(f"{index + 1}/", exact=False).first.wait_for()
    assert counter(phone).startswith("3/")
    engine, _, _ = published
    from store import checkins
    marks = [c for c in checkins.history(engine, published[2], TRIP) if c.status == "boarded"]
    assert len(marks) == 3  # saved when pressed, no save button
    shoot(phone, "12-boarding-marked-phone")


def test_searching_by_the_last_four_digits(phone):
    first = phone.locator("[class*='st-key-card_']").first.inner_text()
    last4 = first.split("尾号")[1].split()[0]
    search = phone.get_by_label("搜索 Search")
    search.fill(last4)
    search.press("Enter")
    phone.wait_for_timeout(1500)
    assert 1 <= phone.locator("[class*='st-key-card_']").count() <= 3
    search.fill("")
    search.press("Enter")
    phone.wait_for_timeout(1500)


def sign_in_if_asked(page) -> bool:
    """Sign in again when the reload lost the session; says whether it had to."""
    page.wait_for_timeout(2500)
    if page.get_by_role("button", name="登录 Sign in").count() == 0:
        return False
    page.get_by_label("用户名 User name").fill(COORDINATOR)
    page.get_by_label("密码 Password").fill(PASSWORD)
    page.get_by_role("button", name="登录 Sign in").click()
    return True


def test_a_draft_made_meanwhile_changes_nothing_on_the_page(phone, published):
    """The issue's case: a planner re-plans and the draft's T005 has other passengers."""
    engine, document, _ = published
    from store import plans
    before = card_names(phone)
    draft = copy.deepcopy(document)
    ids = [trip["id"] for trip in draft["trips"]]
    first, other = ids.index(TRIP), ids.index("T006")
    draft["trips"][first]["id"], draft["trips"][other]["id"] = "T006", TRIP
    plans.save_plan(engine, draft, by="planner")
    phone.reload()
    sign_in_if_asked(phone)  # the session surviving a reload is tested below
    phone.get_by_role("heading", name=f"{TRIP} 上车登记").wait_for()
    assert card_names(phone) == before
    assert counter(phone).startswith("3/")
    shoot(phone, "13-boarding-after-draft-phone")


def test_a_reload_keeps_the_session_the_trip_and_the_marks(phone):
    phone.reload()
    assert not sign_in_if_asked(phone), "the reload signed the coordinator out"
    phone.get_by_role("heading", name=f"{TRIP} 上车登记").wait_for()
    assert counter(phone).startswith("3/")


def test_the_boarding_page_on_a_desktop(browser, server, published):
    _, _, identity = published
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(f"{server}/boarding?plan={identity}&trip={TRIP}")
    tab.get_by_label("用户名 User name").fill(ADMIN)
    tab.get_by_label("密码 Password").fill(PASSWORD)
    tab.get_by_role("button", name="登录 Sign in").click()
    tab.get_by_role("heading", name=f"{TRIP} 上车登记").wait_for()
    assert counter(tab).startswith("3/")
    shoot(tab, "14-boarding-desktop")
    tab.get_by_role("link", name="车辆调度 Bus plan").click()
    tab.get_by_text("草稿 draft").first.wait_for()
    shoot(tab, "15-dispatch-draft-desktop")
    chart = tab.locator("[data-testid='stDeckGlJsonChart']").first
    chart.scroll_into_view_if_needed()
    tab.wait_for_timeout(3000)
    chart.screenshot(path=SCREENS / "15-dispatch-map-desktop.png")
    tab.get_by_role("link", name="乘车名单 Manifests").click()
    tab.get_by_role("button", name="下载 PDF Download PDF").wait_for()
    shoot(tab, "16-manifests-desktop")
    context.close()
