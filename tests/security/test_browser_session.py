"""In Debian's Chromium against a real server: the session cookie keeps a signed-in user signed in
across a reload, a signed-in user's upload is accepted (the upload guard lets it through), and
signing out ends it for good."""

from pathlib import Path

import pytest

from tests.app_server import running_app

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium",
    ),
]
ROOT = Path(__file__).resolve().parents[2]
ADMIN, PASSWORD = "admin", "browser-password-1"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture()
def page(tmp_path):
    """A browser tab on the app served on the test's own database (admin `admin`), signed out."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    admin = {"FANGGANG_ADMIN_USER": ADMIN, "FANGGANG_ADMIN_PASSWORD": PASSWORD}
    with running_app(url, admin) as base, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        tab = browser.new_context(locale="zh-CN").new_page()
        tab.set_default_timeout(60_000)
        tab.base = base
        yield tab
        browser.close()


def sign_in(page, address: str = "") -> None:
    """Open `address` signed out and sign in as the admin on the form it shows."""
    page.goto(page.base + address)
    page.get_by_label("用户名 User name").fill(ADMIN)
    page.get_by_label("密码 Password").fill(PASSWORD)
    page.get_by_role("button", name="登录 Sign in").click()
    page.get_by_role("button", name="退出 Sign out").wait_for()


def test_a_deep_link_survives_sign_in_and_a_reload_keeps_the_user_signed_in(page):
    sign_in(page, "/manifests?plan=1&trip=T005")  # a manifest's QR code, signed out
    cookie = next(c for c in page.context.cookies() if c["name"] == "fanggang_session")
    assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40
    assert page.url.endswith("/manifests?plan=1&trip=T005")
    page.get_by_role("heading", name="乘车名单 Manifests").wait_for()
    page.reload()
    page.get_by_role("button", name="退出 Sign out").wait_for()
    page.get_by_role("heading", name="乘车名单 Manifests").wait_for()


def test_a_signed_in_upload_is_accepted(page, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes((ROOT / "tests/data/rosters/roster_ok.csv").read_bytes())
    sign_in(page)
    page.get_by_role("link", name="返岗需求 Returning workers").click()
    with page.expect_response(
        lambda r: "/_stcore/upload_file/" in r.url and r.request.method == "PUT"
    ) as answer:
        page.locator('input[type="file"]').first.set_input_files(roster)
    assert answer.value.status == 204
    page.get_by_text("可保存 valid").wait_for()


def test_signing_out_ends_the_session_for_good(page):
    sign_in(page)
    page.get_by_role("button", name="退出 Sign out").click()
    page.get_by_role("button", name="登录 Sign in").wait_for()
    page.reload()
    page.get_by_role("button", name="登录 Sign in").wait_for()
    assert not [c for c in page.context.cookies() if c["name"] == "fanggang_session" and c["value"]]
