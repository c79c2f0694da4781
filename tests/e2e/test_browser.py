"""End to end in a real headless Chromium: sign in, upload a roster, plan, publish, download a
manifest. Screenshots go to tests/artifacts/screens/ for a person to look at.

Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it) and the playwright package;
skipped with a clear reason when either is missing.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.app_server import running_app

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(),
                       reason="Debian chromium is not installed at /usr/bin/chromium"),
]

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "tests" / "artifacts" / "screens"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ADMIN, PASSWORD = "admin", "e2e-password-1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free local port, on a fresh database whose admin comes from the environment."""
    database = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'app.db'}"
    with running_app(database, {"FANGGANG_ADMIN_USER": ADMIN,
                                "FANGGANG_ADMIN_PASSWORD": PASSWORD}) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    SCREENS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                      accept_downloads=True, locale="zh-CN")
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.goto(server)
        yield tab
        browser.close()


def shoot(page, name: str) -> None:
    page.wait_for_timeout(800)  # let charts and maps finish drawing
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def test_sign_in(page):
    page.get_by_label("用户名 User name").fill(ADMIN)
    page.get_by_label("密码 Password").fill(PASSWORD)
    page.get_by_role("button", name="登录 Sign in").click()
    page.get_by_text("已登记工人 Workers registered").wait_for()
    shoot(page, "01-overview")


def test_upload_a_roster(page, tmp_path):
    roster = (ROOT / "tests/data/rosters/roster_ok.csv").read_text(encoding="utf-8")
    for name in ("郑州宇辉电子科技有限公司", "郑州汉光测控技术有限公司"):
        roster = roster.replace(name, "郑州中原智芯股份有限公司")
    path = tmp_path / "late_roster.csv"
    path.write_bytes(roster.encode("gbk"))
    page.get_by_role("link", name="返岗需求 Returning workers").click()
    page.locator('input[type="file"]').first.set_input_files(path)
    page.get_by_text("可保存 valid").wait_for()
    page.get_by_role("button", name="保存 6 名 Save valid rows").click()
    page.get_by_text("新增 added 6").wait_for()
    shoot(page, "02-workers")


def test_plan_and_publish(page):
    """With a fleet file whose 周口 bus company has three coaches homed there."""
    page.get_by_role("link", name="车辆调度 Bus plan").click()
    page.locator('input[type="file"]').first.set_input_files(  # before Enter submits the form
        ROOT / "tests/data/rosters/fleet_depots.csv")
    page.get_by_text("fleet_depots.csv").wait_for()
    seconds = page.get_by_label("计算时间 Search seconds")
    seconds.fill("3")
    seconds.press("Enter")
    page.get_by_role("button", name="规划 Plan").click()
    page.get_by_text("草稿 draft").wait_for(timeout=120_000)
    page.get_by_text(re.compile("始发地 Depots：.*河南省周口市川汇区")).wait_for()
    shoot(page, "03-plan")
    page.get_by_role("button", name="发布计划 Publish this plan").click()
    page.get_by_text("已发布 published").first.wait_for()


def test_download_a_manifest(page):
    page.get_by_role("link", name="乘车名单 Manifests").click()
    page.get_by_role("button", name="下载 PDF Download PDF").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 PDF Download PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    first_page = reader.pages[0].extract_text().replace("\x00", "").replace(" ", "")
    assert pdf.startswith(b"%PDF") and len(reader.pages) >= 40
    assert "T001" in first_page and "第1页" in first_page
    shoot(page, "04-manifests")
    if shutil.which("pdftoppm"):
        saved = SCREENS / "manifest.pdf"
        saved.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", saved,
                        SCREENS / "05-manifest-page"], check=True)
