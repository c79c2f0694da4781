import json
import subprocess
import sys
from pathlib import Path

import pytest

from routing.cli import main
from tests.routing.conftest import DATA
from tests.routing.test_vrplib import TINY

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return main([str(a) for a in args])


def test_plan_writes_both_files_and_exits_0_even_with_unplaced_workers(tmp_path, capsys):
    code = run(
        "plan",
        DATA / "roster_bad_rows.csv",
        "--employers",
        DATA / "employers_ok.csv",
        "--seats",
        45,
        "--time-limit",
        1,
        "--out",
        tmp_path,
    )
    assert code == 0
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert document["summary"]["workers"] == 10 and document["summary"]["unassigned"] == 8
    assert (tmp_path / "trips.csv").exists()
    out = capsys.readouterr().out
    assert "第 6 行：与第 1 行身份证号相同" in out
    assert "10 名工人中 2 名安排上" in out


def test_plan_with_a_fleet_file_and_rules(tmp_path):
    code = run(
        "plan",
        DATA / "roster_ok.xlsx",
        "--employers",
        DATA / "employers_ok.csv",
        "--fleet",
        DATA / "fleet_ok.csv",
        "--load-factor",
        0.5,
        "--max-pickups",
        2,
        "--max-dropoffs",
        2,
        "--max-ride-hours",
        6,
        "--depart",
        "2020-02-21T07:30",
        "--time-limit",
        1,
        "--seed",
        3,
        "--quiet",
        "--out",
        tmp_path,
    )
    assert code == 0
    document = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert document["params"]["depart"] == "2020-02-21T07:30"
    assert all(t["capacity"] in (22, 16) for t in document["trips"])


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["plan", DATA / "missing.csv", "--employers", DATA / "employers_ok.csv"],
            "missing.csv: 找不到文件",
        ),
        (
            ["plan", DATA / "roster_missing_origin.csv", "--employers", DATA / "employers_ok.csv"],
            "missing required column",
        ),
        (
            [
                "plan",
                DATA / "roster_ok.csv",
                "--employers",
                DATA / "employers_ok.csv",
                "--fleet",
                DATA / "fleet_bad.csv",
            ],
            "座位数“forty”",
        ),
        (
            [
                "plan",
                DATA / "roster_ok.csv",
                "--employers",
                DATA / "employers_ok.csv",
                "--load-factor",
                1.5,
            ],
            "load factor",
        ),
        (
            [
                "plan",
                DATA / "roster_ok.csv",
                "--employers",
                DATA / "employers_ok.csv",
                "--depot",
                "火星",
            ],
            "火星",
        ),
    ],
)
def test_unusable_input_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    assert run(*args, "--out", tmp_path) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("错误：") and message in err and "\n" not in err


def test_sample_writes_the_bundled_files(tmp_path):
    assert run("sample", "--out", tmp_path) == 0
    assert (tmp_path / "roster.csv").read_bytes() == (ROOT / "data/rosters/roster.csv").read_bytes()


@pytest.mark.slow
def test_solve_vrplib_prints_the_cost_last(tmp_path):
    path = tmp_path / "tiny-k2.vrp"
    path.write_text(TINY)
    result = subprocess.run(
        [sys.executable, "-m", "routing", "solve-vrplib", path, "--time-limit", "0.5"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1] == "cost 40"


def test_a_manifest_from_an_edited_roster_is_refused(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_bytes((DATA / "roster_ok.csv").read_bytes())
    assert (
        run(
            "plan",
            roster,
            "--employers",
            DATA / "employers_ok.csv",
            "--time-limit",
            0.5,
            "--quiet",
            "--out",
            tmp_path,
        )
        == 0
    )
    assert (
        run("manifest", tmp_path / "plan.json", "--roster", roster, "--out", tmp_path / "m.csv")
        == 0
    )
    roster.write_bytes(roster.read_bytes().replace("张伟".encode(), "张薇".encode()))
    assert (
        run("manifest", tmp_path / "plan.json", "--roster", roster, "--out", tmp_path / "m2.csv")
        == 2
    )
    assert "not the roster this plan was made from" in capsys.readouterr().err
    assert not (tmp_path / "m2.csv").exists()
