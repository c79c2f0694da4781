"""No personal data in logs, outputs meant for the screen, or the audit trail: a full run of the
command lines and of the app's transport pages is captured at DEBUG level and searched for every
name, ID number and phone of the roster."""

import csv
import logging
from pathlib import Path

import pytest

from routing.cli import main as routing_main
from store import audit, make_engine, plans
from tests.app.conftest import plan_on_the_page
from tests.app.page_text import texts

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "data" / "rosters" / "roster_ok.csv"
EMPLOYERS = ROOT / "data" / "rosters" / "employers_ok.csv"


def personal_values(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [row[field] for row in rows for field in ("姓名", "身份证号", "手机号")]


def leaks(text: str, values: list[str]) -> list[str]:
    return [value for value in values if value and value in text]


def test_command_lines_log_and_print_no_personal_data(tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    assert (
        routing_main(
            [
                "plan",
                str(ROSTER),
                "--employers",
                str(EMPLOYERS),
                "--time-limit",
                "0.5",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert (
        routing_main(
            [
                "manifest",
                str(tmp_path / "plan.json"),
                "--roster",
                str(ROSTER),
                "--out",
                str(tmp_path / "manifest.pdf"),
            ]
        )
        == 0
    )
    printed = capsys.readouterr()
    captured = caplog.text + printed.out + printed.err
    assert leaks(captured, personal_values(ROSTER)) == []
    plan_text = (tmp_path / "plan.json").read_text(encoding="utf-8")
    assert leaks(plan_text, personal_values(ROSTER)) == []


@pytest.mark.slow
def test_the_app_logs_and_audits_no_personal_data(app_as, database, caplog):
    caplog.set_level(logging.DEBUG)
    roster = ROSTER.read_text(encoding="utf-8")
    for name in ("郑州宇辉电子科技有限公司", "郑州汉光测控技术有限公司"):
        roster = roster.replace(name, "郑州中原智芯股份有限公司")
    at = app_as("planner", "workers")
    at.file_uploader(key="roster_upload_0").set_value(
        ("roster.csv", roster.encode(), "text/csv")
    ).run()
    at.button(key="save_upload_0").click().run()
    assert "新增 added 6" in texts(at)
    at = app_as("planner", "dispatch")
    plan_on_the_page(at, 1)
    assert plans.latest_plan(make_engine(database)) is not None
    entries = " ".join(
        f"{e.actor} {e.action} {e.subject} {e.detail}"
        for e in audit.entries(make_engine(database), limit=1000)
    )
    values = personal_values(ROSTER)
    assert leaks(caplog.text, values) == []
    assert leaks(entries, values) == []
