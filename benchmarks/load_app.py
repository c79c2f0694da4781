"""Hold the app under load: N browser sessions at once, each signed in and walking the pages for a
bounded time, against a server started on localhost with a fresh database.

    python benchmarks/load_app.py [--sessions 20] [--minutes 2]

Each session is a headless Chromium tab (Debian's /usr/bin/chromium driven by Playwright). A new
one arrives every 3 s and stays for the whole time: it signs in as a planner and opens 总览, 返岗需求,
车辆调度, 招聘信息 and 用工需求 in turn, waiting each time until the page's header is drawn. Prints
page loads, errors (an exception shown by the app, or a page that did not draw within 30 s), page
times (median, 95th percentile, worst) and the server's CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("总览 Overview", "已登记工人"),
    ("返岗需求 Returning workers", "已登记 Registered"),
    ("车辆调度 Bus plan", "座位数 Seats"),
    ("招聘信息 Recruitment", "招聘信息"),
    ("用工需求 Hiring needs", "用工需求"),
]
USER, PASSWORD = "planner", "load-password-1"
ARRIVAL_SECONDS = 3.0


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "FANGGANG_DB_URL": f"sqlite:///{tempfile.mkdtemp()}/load.db",
        "FANGGANG_ADMIN_USER": "admin",
        "FANGGANG_ADMIN_PASSWORD": PASSWORD,
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    os.environ["FANGGANG_DB_URL"] = env["FANGGANG_DB_URL"]
    from store import accounts, create_schema, make_engine

    engine = make_engine()
    create_schema(engine)
    accounts.create_account(engine, USER, PASSWORD, "planner")
    return server, url


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def session(
    browser, url: str, minutes: float, times: list[float], errors: list[str], number: int
) -> None:
    await asyncio.sleep(number * ARRIVAL_SECONDS)  # people arrive one after another
    until = time.monotonic() + minutes * 60  # and each stays the whole time
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(30_000)
    try:
        step = "open the sign-in page"
        try:
            await page.goto(url)
            await page.get_by_label("用户名 User name").fill(USER)
            await page.get_by_label("密码 Password").fill(PASSWORD)
            step = "sign in"
            await page.get_by_role("button", name="登录 Sign in").click()
            await page.get_by_text("已登记工人").wait_for()
        except Exception as error:  # counted, not fatal: the other sessions go on
            errors.append(f"{step}: {type(error).__name__}")
            return
        step = 0
        while time.monotonic() < until:
            link, marker = PAGES[step % len(PAGES)]
            started = time.monotonic()
            try:
                await page.get_by_role("link", name=link).click()
                await page.get_by_text(marker).first.wait_for()
                await page.wait_for_load_state("networkidle")
                if await page.locator('[data-testid="stException"]').count():
                    errors.append(f"exception on {link}")
                times.append(time.monotonic() - started)
            except Exception as error:  # a timeout or a closed page: count it, go on
                errors.append(f"{link}: {type(error).__name__}")
            step += 1
    finally:
        await context.close()


async def run(sessions: int, minutes: float, url: str) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        await asyncio.gather(
            *(session(browser, url, minutes, times, errors, number) for number in range(sessions))
        )
        await browser.close()
    return times, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=2.0)
    args = parser.parse_args()
    server, url = start_server()
    try:
        times, errors = asyncio.run(run(args.sessions, args.minutes, url))
        server_seconds = cpu_seconds(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ordered = sorted(times)
    print(
        f"{args.sessions} sessions x {args.minutes:g} min: {len(times)} page loads, "
        f"{len(errors)} errors"
    )
    if ordered:
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(
            f"page time median {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, "
            f"worst {ordered[-1]:.2f} s"
        )
    print(
        f"server CPU {server_seconds:.0f} s, {server_seconds / max(len(times), 1):.2f} s per page load"
        " (the rest of the machine's time went to the browsers)"
    )
    for error, times_seen in Counter(errors).most_common(10):
        print(f"  {times_seen} x {error}")


if __name__ == "__main__":
    main()
