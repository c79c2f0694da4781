"""The coordinator's path at the bus door, in a real headless Chromium at phone size (390x844):
the manifest's QR link opened signed out -> sign-in -> that trip's boarding page; marking
passengers; searching; a reload that keeps the session and the marks; a draft made meanwhile
that changes nothing there.

The plan is made and published in this process (the planner's own code, 2 s) on the database the
server uses; the browser does what a coordinator does. Every test opens its own session, works on
its own trip and makes the marks it counts itself, so the tests pass alone and in any order.
Screenshots go to tests/artifacts/screens/.
"""

import copy
import re
from dataclasses import dataclass

import pytest

from documents.manifest import plan_id
from routing.planfile import plan_from_dict
from store import accounts, assignments, checkins, make_engine, plans, workers
from tests.app_server import first_start, running_app
from tests.e2e.conftest import CHROMIUM, SCREENS, metric, publish_sample_plan, shoot, sign_in

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
]

ADMIN, COORDINATOR, PASSWORD = "admin", "li-coordinator", "e2e-password-1"
ADMIN_FROM_ENVIRONMENT = {"FANGGANG_ADMIN_USER": ADMIN, "FANGGANG_ADMIN_PASSWORD": PASSWORD}
PHONE = {"width": 390, "height": 844}
TRIPS = ["T001", "T002", "T003", "T004", "T005", "T006"]  # one per test, all the coordinator's


@dataclass(frozen=True)
class Published:
    engine: object
    document: dict
    identity: str  # the QR code's `plan=`

    def rows(self, trip: str) -> list[int]:
        """The trip's passengers (roster rows) in boarding order."""
        [found] = [t for t in self.document["trips"] if t["id"] == trip]
        return [row for stop in found["stops"] for row in stop["board"]]

    def mark(self, trip: str, count: int) -> None:
        """The first `count` passengers of `trip` marked boarded, as the page's button does."""
        for row in self.rows(trip)[:count]:
            checkins.mark(
                self.engine, checkins.CheckIn(self.identity, trip, row, "boarded", COORDINATOR)
            )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    """The sample, an admin, a published plan and a coordinator who runs T001-T006."""
    url = f"sqlite:///{tmp_path_factory.mktemp('boarding') / 'app.db'}"
    first_start(url, ADMIN_FROM_ENVIRONMENT)
    engine = make_engine(url)
    document = publish_sample_plan(engine, by=ADMIN)
    accounts.create_account(engine, COORDINATOR, PASSWORD, "coordinator")
    assignments.set_trips(engine, COORDINATOR, TRIPS, by=ADMIN)
    return Published(engine, document, plan_id(plan_from_dict(document)))


@pytest.fixture(scope="module")
def server(published):
    with running_app(str(published.engine.url), ADMIN_FROM_ENVIRONMENT) as url:
        yield url


@pytest.fixture()
def phone(browser, server):
    """A new session on a phone, signed out, not yet on any page."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def cards(page):
    return page.locator("[class*='st-key-card_']")


def wait_for_the_trip(page, published, trip) -> None:
    """The trip's boarding page with a card for every passenger (cards arrive one by one)."""
    page.get_by_role("heading", name=f"{trip} 上车登记").wait_for()
    playwright.expect(cards(page)).to_have_count(len(published.rows(trip)))


def open_trip(page, server, published, trip, user=COORDINATOR) -> None:
    """Follow the trip's QR link signed out, sign in, and wait for its boarding page."""
    page.goto(f"{server}/boarding?plan={published.identity}&trip={trip}")
    sign_in(page, user, PASSWORD)
    wait_for_the_trip(page, published, trip)


def card_names(page) -> list[str]:
    """The names on the cards (a card's first line: `12 号座 · 张三 · 尾号 1234`)."""
    return [text.split("\n")[0].split("·")[1].strip() for text in cards(page).all_inner_texts()]


def boarded(page) -> str:
    return metric(page, "已上车 Boarded")


def test_the_qr_link_opened_signed_out_leads_through_sign_in_to_the_trip(phone, server, published):
    trip = "T001"
    phone.goto(f"{server}/boarding?plan={published.identity}&trip={trip}")
    phone.get_by_role("button", name="登录 Sign in").wait_for()
    shoot(phone, "10-boarding-sign-in-phone")
    sign_in(phone, COORDINATOR, PASSWORD)
    wait_for_the_trip(phone, published, trip)  # every passenger's card
    assert f"trip={trip}" in phone.url and "/boarding" in phone.url
    assert boarded(phone) == f"0/{len(published.rows(trip))}"
    shoot(phone, "11-boarding-phone")


def test_three_passengers_are_marked_at_once(phone, server, published):
    trip = "T002"
    open_trip(phone, server, published, trip)
    passengers = len(published.rows(trip))
    for index in range(3):
        cards(phone).nth(index).get_by_role("button", name="已上车").click()
        phone.get_by_text(f"{index + 1}/{passengers}").first.wait_for()
    assert boarded(phone) == f"3/{passengers}"
    marks = [
        c
        for c in checkins.history(published.engine, published.identity, trip)
        if c.status == "boarded"
    ]
    assert len(marks) == 3  # saved when pressed, no save button
    shoot(phone, "12-boarding-marked-phone")


def test_searching_by_the_last_four_digits(phone, server, published):
    trip = "T003"
    open_trip(phone, server, published, trip)
    first = cards(phone).first.inner_text()
    last4 = first.split("尾号")[1].split()[0]
    aboard = workers.list_workers(published.engine, ids=published.rows(trip))
    matching = [w for w in aboard if w.id_number[-4:] == last4]
    search = phone.get_by_label("搜索 Search")
    search.fill(last4)
    search.press("Enter")
    playwright.expect(cards(phone)).to_have_count(len(matching))
    assert len(matching) < len(aboard)
    assert all(f"尾号 {last4}" in text for text in cards(phone).all_inner_texts())
    assert sorted(card_names(phone)) == sorted(w.name for w in matching)
    search.fill("")
    search.press("Enter")
    playwright.expect(cards(phone)).to_have_count(len(aboard))


def sign_in_if_asked(page) -> bool:
    """Sign in again when the reload lost the session; says whether it had to."""
    page.wait_for_timeout(2500)
    if page.get_by_role("button", name="登录 Sign in").count() == 0:
        return False
    sign_in(page, COORDINATOR, PASSWORD)
    return True


def test_a_reload_keeps_the_session_the_trip_and_the_marks(phone, server, published):
    trip = "T004"
    published.mark(trip, 2)
    open_trip(phone, server, published, trip)
    assert boarded(phone).startswith("2/")
    phone.reload()
    assert not sign_in_if_asked(phone), "the reload signed the coordinator out"
    wait_for_the_trip(phone, published, trip)
    assert boarded(phone).startswith("2/")


def test_a_draft_made_meanwhile_changes_nothing_on_the_page(phone, server, published):
    """The issue's case: a planner re-plans and the draft's T005 has other passengers."""
    trip, other = "T005", "T006"
    published.mark(trip, 3)
    open_trip(phone, server, published, trip)
    before = card_names(phone)
    draft = copy.deepcopy(published.document)
    ids = [t["id"] for t in draft["trips"]]
    first, second = ids.index(trip), ids.index(other)
    draft["trips"][first]["id"], draft["trips"][second]["id"] = other, trip
    assert draft["trips"][second]["stops"] != published.document["trips"][first]["stops"]
    plans.save_plan(published.engine, draft, by="planner")
    phone.reload()
    sign_in_if_asked(phone)  # that the session survives a reload is the test above
    wait_for_the_trip(phone, published, trip)
    assert card_names(phone) == before
    assert boarded(phone).startswith("3/")
    shoot(phone, "13-boarding-after-draft-phone")


def test_the_boarding_page_and_a_draft_on_a_desktop(browser, server, published):
    trip = "T006"
    published.mark(trip, 1)
    draft = plans.save_plan(published.engine, published.document, by="planner")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    open_trip(tab, server, published, trip, user=ADMIN)
    assert boarded(tab) == f"1/{len(published.rows(trip))}"
    shoot(tab, "14-boarding-desktop")
    tab.get_by_role("link", name="车辆调度 Bus plan").click()
    tab.get_by_role("heading", name=f"计划 Plan #{draft.id} · 草稿 draft").wait_for()
    chart = tab.locator("[data-testid='stDeckGlJsonChart']").first
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    shoot(tab, "15-dispatch-draft-desktop")
    tab.wait_for_timeout(3000)
    chart.screenshot(path=SCREENS / "15-dispatch-map-desktop.png")
    tab.get_by_role("link", name="乘车名单 Manifests").click()
    tab.get_by_role("button", name="下载 PDF Download PDF").wait_for()
    assert tab.get_by_text(re.compile(r"计划 #\d+ · 已发布")).is_visible()  # not the draft
    shoot(tab, "16-manifests-desktop")
    context.close()
