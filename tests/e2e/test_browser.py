"""End to end in a real headless Chromium: sign in, upload a roster, plan and publish, download a
manifest; each step in its own browser session, asserting what the page then shows. Screenshots
go to tests/artifacts/screens/ for a person to look at.

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

from store import make_engine
from tests.app_server import first_start, running_app
from tests.e2e.conftest import CHROMIUM, ROOT, SCREENS, metric, publish_sample_plan, shoot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"
    ),
]

ADMIN, PASSWORD = "admin", "e2e-password-1"
ADMIN_FROM_ENVIRONMENT = {"FANGGANG_ADMIN_USER": ADMIN, "FANGGANG_ADMIN_PASSWORD": PASSWORD}


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    """The sample and an admin from the environment, as the app's first start makes them."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'app.db'}"
    first_start(url, ADMIN_FROM_ENVIRONMENT)
    return url


@pytest.fixture(scope="module")
def server(database):
    with running_app(database, ADMIN_FROM_ENVIRONMENT) as url:
        yield url


@pytest.fixture()
def page(browser, server):
    """A new browser session on the app's front page, signed out."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    tab.goto(server)
    yield tab
    context.close()


@pytest.fixture()
def admin(page):
    """The session signed in as the admin, on the overview."""
    sign_in(page, ADMIN, PASSWORD)
    page.get_by_role("heading", name="总览 Overview").wait_for()
    return page


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_sign_in(page):
    page.get_by_role("button", name="登录 Sign in").wait_for()
    sign_in(page, ADMIN, PASSWORD)
    page.get_by_role("heading", name="总览 Overview").wait_for()
    assert page.get_by_text("admin · 管理员 Admin (bureau)").is_visible()
    assert number(metric(page, "已登记工人 Workers registered")) >= 2285  # the sample at least
    assert page.get_by_role("button", name="登录 Sign in").count() == 0
    shoot(page, "01-overview")


def registered(page) -> int:
    heading = page.get_by_role("heading", name=re.compile(r"已登记 Registered: [\d,]+"))
    return number(heading.inner_text().split(":")[1])


def test_upload_a_roster(admin, tmp_path):
    roster = (ROOT / "tests/data/rosters/roster_ok.csv").read_text(encoding="utf-8")
    for name in ("郑州宇辉电子科技有限公司", "郑州汉光测控技术有限公司"):
        roster = roster.replace(name, "郑州中原智芯股份有限公司")
    path = tmp_path / "late_roster.csv"
    path.write_bytes(roster.encode("gbk"))
    admin.get_by_role("link", name="返岗需求 Returning workers").click()
    before = registered(admin)
    admin.locator('input[type="file"]').first.set_input_files(path)
    admin.get_by_text("可保存 valid: 6").wait_for()
    admin.get_by_role("button", name="保存 6 名 Save valid rows").click()
    admin.get_by_text("新增 added 6").wait_for()
    admin.get_by_role("heading", name=f"已登记 Registered: {before + 6:,}").wait_for()
    shoot(admin, "02-workers")


def test_plan_and_publish(admin):
    """With a fleet file whose 周口 bus company has three coaches homed there."""
    admin.get_by_role("link", name="车辆调度 Bus plan").click()
    uploader = admin.locator('[data-testid="stFileUploader"]').filter(has_text="车队文件")
    uploader.locator('input[type="file"]').set_input_files(  # before Enter submits the form
        ROOT / "tests/data/rosters/fleet_depots.csv"
    )
    admin.get_by_text("fleet_depots.csv").wait_for()
    seconds = admin.get_by_role("spinbutton", name="时间上限 Time cap (s)")
    seconds.fill("3")
    seconds.press("Enter")
    admin.get_by_role("button", name="规划 Plan").click()
    admin.get_by_text("草稿 draft").first.wait_for(timeout=120_000)
    admin.get_by_text(re.compile("始发地 Depots：.*河南省周口市川汇区")).wait_for()
    assert number(metric(admin, "车次 Buses")) > 40
    assert number(metric(admin, "已安排 Planned")) > 2000
    shoot(admin, "03-plan")
    admin.get_by_role("button", name="发布计划 Publish this plan").click()
    admin.get_by_text("已发布 published").first.wait_for()
    assert admin.get_by_role("heading", name=re.compile(r"计划 Plan #\d+ · 已发布")).is_visible()


@pytest.fixture()
def published(database):
    return publish_sample_plan(make_engine(database), by=ADMIN)


def test_download_a_manifest(admin, published):
    admin.get_by_role("link", name="乘车名单 Manifests").click()
    admin.get_by_text(re.compile(r"计划 #\d+ · 已发布")).wait_for()
    with admin.expect_download() as download:
        admin.get_by_role("button", name="下载 PDF Download PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    first_page = reader.pages[0].extract_text().replace("\x00", "").replace(" ", "")
    assert pdf.startswith(b"%PDF") and len(reader.pages) >= 40
    assert "T001" in first_page and "第1页" in first_page
    shoot(admin, "04-manifests")
    if shutil.which("pdftoppm"):
        saved = SCREENS / "manifest.pdf"
        saved.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                saved,
                SCREENS / "05-manifest-page",
            ],
            check=True,
        )
