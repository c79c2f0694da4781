"""Exports that cannot hurt: every CSV/XLSX a user downloads keeps formula-looking text as text
(a leading `'` before `=`, `+`, `-`, `@`, tab or CR), a workbook survives control characters,
the PDF prints `<script>` as the letters it is, and no page renders user text as HTML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from documents.manifest import build_manifests, read_people
from documents.manifest_pdf import manifest_pdf
from documents.manifest_xlsx import arrivals_csv, manifest_csv, manifest_xlsx
from intake.exports import FORMULA_STARTS
from recruitment.cli import main as recruitment_main
from recruitment.readers import read_postings
from recruitment.report import build_report, write_csvs, write_xlsx
from routing.cli import main as routing_main
from routing.model import Place, Plan, Stop, Trip
from routing.planfile import read_plan, trips_csv
from tests.hardening import corpus
from tests.hardening.conftest import EMPLOYERS_FILE, ROOT

HOSTILE_FILES = ("formulas.csv", "script_names.csv", "control_chars.csv")
CMD = "=cmd|' /C calc'!A0"


def formula_cells(cells) -> list[str]:
    """Text cells a spreadsheet would run: starting with a formula character, not neutralised."""
    return [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def workbook_cells(data: bytes | Path) -> list[object]:
    """Every cell of a workbook, formulas as written (not their cached values)."""
    book = load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell holds a formula"
    return [cell.value for cell in cells]


# --- trips.csv ----------------------------------------------------------------------------------


def test_trips_csv_writes_a_formula_place_name_and_coach_type_as_text():
    """A gathering point's name is the roster's own text (a row with coordinates), and the
    coach type comes from the fleet file."""
    depart = dt.datetime(2020, 2, 20, 6)
    stops = (
        Stop("depot", Place("郑州高新区", 34.8, 113.5), depart),
        Stop("pickup", Place(CMD, 33.6, 115.2), depart + dt.timedelta(hours=4), board=(1,)),
        Stop(
            "dropoff", Place("+1+1厂", 34.81, 113.55), depart + dt.timedelta(hours=8), alight=(1,)
        ),
    )
    plan = Plan(trips=(Trip("T001", "@SUM(A1)", 45, 45, stops, 500.0, 480.0),), unassigned=())
    cells = csv_cells(trips_csv(plan))
    assert f"'{CMD} (1)" in cells
    assert "'@SUM(A1)" in cells
    assert formula_cells(cells) == []


# --- the manifests, planned from the hostile rosters -----------------------------------------


@pytest.fixture(scope="module")
def hostile_manifests(tmp_path_factory):
    """Plans and manifests (unmasked, as printed) of the three hostile rosters."""
    made = {}
    for name in HOSTILE_FILES:
        out = tmp_path_factory.mktemp(name.split(".")[0])
        roster = corpus.BROKEN / name
        assert (
            routing_main(
                [
                    "plan",
                    str(roster),
                    "--employers",
                    str(EMPLOYERS_FILE),
                    "--out",
                    str(out),
                    "--time-limit",
                    "0.5",
                    "--quiet",
                ]
            )
            == 0
        )
        plan = read_plan(out / "plan.json")
        with roster.open("rb") as f:
            people = read_people(f, source=name)
        made[name] = (out, build_manifests(plan, people))
    return made


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_manifest_spreadsheets_hold_no_formula_and_survive_control_characters(
    name, hostile_manifests
):
    out, manifests = hostile_manifests[name]
    assert formula_cells(csv_cells(manifest_csv(manifests))) == []
    assert formula_cells(csv_cells(arrivals_csv(manifests))) == []
    assert formula_cells(csv_cells((out / "trips.csv").read_text(encoding="utf-8-sig"))) == []
    assert formula_cells(workbook_cells(manifest_xlsx(manifests))) == []


def test_a_formula_name_comes_out_of_the_manifest_as_text(hostile_manifests):
    _, manifests = hostile_manifests["formulas.csv"]
    cells = workbook_cells(manifest_xlsx(manifests))
    assert "'+1+1" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert "'=1+1" in csv_cells(manifest_csv(manifests))


def test_the_manifest_xlsx_drops_control_characters_a_workbook_cannot_hold(hostile_manifests):
    # The planner refuses names with control characters, but a roster edited after planning
    # still reaches the manifest as it is.
    out, _ = hostile_manifests["control_chars.csv"]
    plan = read_plan(out / "plan.json")
    with (corpus.BROKEN / "control_chars.csv").open("rb") as f:
        people = read_people(f, source="control_chars.csv")
    row = plan.trips[0].stops[1].board[0]
    people[row] = replace(people[row], name="\x1b[31m红\x1b[0m", origin="郸城\x0b县")
    cells = [
        c
        for c in workbook_cells(manifest_xlsx(build_manifests(plan, people)))
        if isinstance(c, str)
    ]
    assert "[31m红[0m" in cells  # the ESC bytes are gone, the name is still there
    assert not [c for c in cells if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c)]


def test_the_manifest_shows_names_as_the_planner_read_them(hostile_manifests):
    _, manifests = hostile_manifests["control_chars.csv"]
    names = {p.person.name for m in manifests for p in m.passengers}
    assert "张伟" in names and "伟张" in names  # zero-width space and RTL override dropped
    assert not [n for n in names if re.search(r"[\u200b-\u200f\u202a-\u202e\ufeff]", n)]


def test_the_pdf_prints_markup_as_letters(hostile_manifests):
    from pypdf import PdfReader

    _, manifests = hostile_manifests["script_names.csv"]
    pages = PdfReader(io.BytesIO(manifest_pdf(manifests))).pages
    text = "".join(page.extract_text() for page in pages).replace("\x00", "")  # 2-byte glyph ids
    # Long names are cut to their cell with "…"; the origin column has room for more.
    assert "郸城县<script>alert(1)</scri" in text
    assert "<svg/onload=alert(" in text
    assert "郸城县&lt;b&gt;已转义&lt;/b&" in text  # neither unescaped nor escaped twice


# --- the recruitment report ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_report():
    files = []
    for name in (*HOSTILE_FILES, "postings_hostile.csv"):
        with (corpus.BROKEN / name).open("rb") as f:
            files.append(read_postings(f, source=f"={name}"))  # a formula-looking file name too
    return build_report(files, reference_year=2020)


def test_the_report_workbook_holds_no_formula(hostile_report):
    buffer = io.BytesIO()
    write_xlsx(hostile_report, buffer)
    cells = workbook_cells(buffer.getvalue())
    assert formula_cells(cells) == []
    assert "'=1+1公司" in cells and "'@SUM(A1)" in cells  # an employer, a title
    assert "<script>alert(1)</script>" in cells  # text, not neutralised: it starts with <


def test_the_report_csvs_hold_no_formula(hostile_report, tmp_path):
    for path in write_csvs(hostile_report, tmp_path):
        assert formula_cells(csv_cells(path.read_text(encoding="utf-8-sig"))) == [], path.name
    assert "'=1+1公司" in csv_cells((tmp_path / "by_employer.csv").read_text(encoding="utf-8-sig"))


@pytest.mark.slow
def test_the_summarize_command_exports_hostile_postings(tmp_path):
    code = recruitment_main(
        [
            "summarize",
            *(str(corpus.BROKEN / n) for n in HOSTILE_FILES),
            "--json",
            str(tmp_path / "s.json"),
            "--xlsx",
            str(tmp_path / "s.xlsx"),
            "--csv",
            str(tmp_path / "csv"),
        ]
    )
    assert code == 0
    assert formula_cells(workbook_cells(tmp_path / "s.xlsx")) == []
    document = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert any(row["employer"] == "=1+1公司" for row in document["by_employer"])  # JSON as is


# --- the app's downloads ----------------------------------------------------------------------


@pytest.mark.slow
def test_the_postings_page_downloads_hold_no_formula():
    from app.views import postings_view as view

    files = tuple((f"={n}", (corpus.BROKEN / n).read_bytes()) for n in HOSTILE_FILES)
    postings = view.pipeline(files)
    summary = view.summarise(files, (), view.Filters())
    assert formula_cells(workbook_cells(view.xlsx_bytes(postings, summary))) == []
    cells = csv_cells(view.csv_bytes(summary.positions).decode("utf-8-sig"))
    assert formula_cells(cells) == [] and "'=1+1公司" in cells


# --- HTML ---------------------------------------------------------------------------------------


def test_no_page_renders_user_text_as_html():
    """Streamlit escapes text unless told otherwise; nothing in the app tells it otherwise."""
    sources = [ROOT / "streamlit_app.py", *sorted((ROOT / "app").rglob("*.py"))]
    risky = re.compile(
        r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.v1|components\.html"
        r"|\"html\"\s*:"
    )
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if risky.search(line)
    ]
    # The one exception: the script that writes the session cookie (a token the server made,
    # no user text; see app/context.py `_write_cookie` and docs/security.md).
    cookie_script = [place for place in found if place.startswith("app/context.py:")]
    assert len(cookie_script) == 1
    # Fixed style sheets, no user text: Streamlit's own English replaced, the boarding cards' layout.
    styles = [
        place
        for place in found
        if place.startswith(("streamlit_app.py:", "app/pages/boarding.py:"))
    ]
    assert len(styles) == 2
    assert [place for place in found if place not in cookie_script + styles] == []
