"""`python -m routing manifest`: files written, exit code 2 and one line for unusable input."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from routing.cli import main

DATA = Path(__file__).resolve().parent.parent / "data" / "manifests"
PLAN = str(DATA / "plan_full.json")
ROSTER = str(DATA / "roster.csv")


def run(capsys, *args):
    code = main(["manifest", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_pdf_for_one_trip(tmp_path, capsys):
    out_file = tmp_path / "T002.pdf"
    code, out, err = run(capsys, PLAN, "--roster", ROSTER, "--trip", "T002", "--out", str(out_file))
    assert (code, err) == (0, "")
    assert out == f"wrote {out_file}: 1 trips, 7 passengers\n"  # and no personal data
    assert len(PdfReader(out_file).pages) == 1


def test_a_workbook_with_crew_and_coordinator(tmp_path, capsys):
    out_file = tmp_path / "all.xlsx"
    code, _, _ = run(
        capsys,
        PLAN,
        "--roster",
        ROSTER,
        "--crew",
        str(DATA / "crew.csv"),
        "--coordinator",
        "李干事",
        "--coordinator-phone",
        "0371-1234",
        "--out",
        str(out_file),
    )
    assert code == 0
    summary = list(load_workbook(out_file)["汇总"].values)
    assert summary[1][10:14] == ("豫A·12345", "马师傅", "周科长", "13900000002")
    assert summary[2][10:14] == (None, None, "李干事", "0371-1234")


@pytest.mark.parametrize(("options", "columns"), [((), "车次"), (("--arrivals",), "用工单位")])
def test_csv_manifest_or_arrival_list_with_a_bom(tmp_path, capsys, options, columns):
    out_file = tmp_path / "list.csv"
    code, _, _ = run(capsys, PLAN, "--roster", ROSTER, "--masked", *options, "--out", str(out_file))
    assert code == 0
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == columns and len(rows) == 53
    assert "411625199002020012" not in raw.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (PLAN, "--roster", ROSTER, "--trip", "T404", "--out", "x.pdf"),
            "错误：计划中没有车次 T404 no trip T404 in the plan (trips: T001..T002)",
        ),
        (
            (PLAN, "--roster", str(DATA / "roster_missing_row.csv"), "--out", "x.pdf"),
            "错误：车次 T001：名单中缺少第 11 行 trip T001: roster row 11 is not in the roster"
            "（另缺 34 行 34 more of its rows are missing too）",
        ),
        (
            (PLAN, "--roster", ROSTER, "--out", "x.docx"),
            "错误：--out x.docx: name a .pdf, .xlsx or .csv file",
        ),
        (
            (PLAN, "--roster", ROSTER, "--arrivals", "--out", "x.pdf"),
            "错误：--arrivals writes a CSV file (the .xlsx always has the arrival list)",
        ),
        (
            (
                PLAN,
                "--roster",
                ROSTER,
                "--crew",
                str(DATA / "crew_unknown_trip.csv"),
                "--out",
                "x.pdf",
            ),
            "错误：计划中没有车次 T404 no trip T404 in the plan (trips: T001..T002)",
        ),
        ((str(DATA / "roster.csv"), "--roster", ROSTER, "--out", "x.pdf"), "错误："),
        ((PLAN, "--roster", str(DATA / "no_such_roster.csv"), "--out", "x.pdf"), "错误："),
    ],
)
def test_unusable_input_is_one_line_and_exit_code_2(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not list(tmp_path.iterdir())  # nothing half-written
