"""Every bad input of the corpus through every entry point: the readers, the two command lines,
the database import and (the worst files) the app's upload.

What "handled" means, checked for each (input, entry point) pair:
- a reader either refuses the whole file with `intake.InputError` whose message is one line and
  names the file, or returns its rows with every data row accounted for: accepted, or rejected
  with its 1-based row number and a reason (nothing dropped silently);
- a command line exits 0 or 2; on 2 stderr is one `错误：...` line (intake.cli.fail); never a traceback;
- an unusable file changes nothing stored; a partly bad file stores exactly its good rows;
- the app shows an error or the validation report, and no exception.

`TRIALS` lists every (input, entry point) pair the module tries; `docs/hardening.md` counts them.
One module, though long: the expectations (`EXPECTED`) and `TRIALS` serve every entry point below,
and that count is of this module's pairs.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

import store
from intake import InputError, read_table
from recruitment.cli import main as recruitment_main
from recruitment.readers import read_postings
from recruitment.report import build_report
from routing.cli import main as routing_main
from routing.inputs import ROSTER_SCHEMA, read_roster
from store import workers as stored_workers
from tests.app.page_text import displayed
from tests.app_server import copy_database, first_start
from tests.hardening import corpus
from tests.hardening.conftest import EMPLOYERS_FILE, GOOD_ROSTER


@dataclass(frozen=True)
class Refused:
    """The whole file is refused with an InputError whose message holds `says`."""

    says: str


@dataclass(frozen=True)
class Read:
    """The file is read: `accepted` rows become workers (postings), `rejected` lists the rows
    reported as bad."""

    accepted: int
    rejected: tuple[int, ...] = ()


EMPTY = Refused("文件为空（没有表头行）")
NOT_TEXT = Refused("文本既不是 UTF-8 也不是 GBK/GB18030")
NOT_XLSX = Refused("不是可读的 XLSX 工作簿")
MISSING = (Refused("缺少必填列"), Refused("找不到必需的列"))  # roster reader, postings reader
ALL_ROWS = tuple(range(1, 22))

# What read_roster (departure not yet known) and read_postings make of each input. Where the two
# agree only one outcome is given.
EXPECTED: dict[str, Read | Refused | tuple[Read | Refused, Read | Refused]] = {
    "empty.csv": EMPTY,
    "bom_only.csv": EMPTY,
    "blank_lines.csv": EMPTY,
    "header_only.csv": Read(0),
    "header_only.xlsx": Read(0),
    "empty_workbook.xlsx": EMPTY,
    "title_above_header.csv": MISSING,
    "wrong_delimiter_fullwidth.csv": MISSING,
    "wrong_delimiter_rows.csv": Read(0, (1, 2)),
    "semicolon.csv": Read(2),
    # A line pasted from a UTF-8 file into a GBK one is read in its own encoding.
    "mixed_encoding.csv": Read(3),
    "invalid_bytes.csv": NOT_TEXT,
    "utf16.csv": Read(2),
    "utf16_be.csv": Read(1),
    "utf16_no_bom.csv": NOT_TEXT,
    "nul_bytes.csv": Refused("二进制数据，不是 CSV 或 XLSX 表格"),
    "binary_renamed.csv": NOT_TEXT,
    "gzip_renamed.csv": NOT_TEXT,
    "pdf_renamed.xlsx": MISSING,
    "csv_renamed.xlsx": Read(1),
    "truncated.xlsx": NOT_XLSX,
    "zip_not_xlsx.xlsx": NOT_XLSX,
    "xlsx_no_sheet.xlsx": EMPTY,
    "pk_magic_only.xlsx": NOT_XLSX,
    "open_quote.csv": Read(1, (1,)),  # row 1 opens a quote it never closes; row 2 is read
    "stray_quotes.csv": Read(2),
    "repeated_header.csv": Read(3),
    "duplicate_columns.csv": Read(1),
    "wide_row.csv": Read(1, (2, 3)),
    "cr_line_endings.csv": Read(2),
    # Formula-looking text is data: it is kept as text (and neutralised on export, see
    # test_exports.py); only the row naming an unknown employer `=郑州…` is refused.
    "formulas.csv": (Read(9, (10,)), Read(10)),
    # openpyxl stores text starting with "=" as a formula without a cached value: read as blank.
    "formulas.xlsx": (Read(3, (1, 5, 6, 7)), Read(7)),
    "script_names.csv": (Read(8, (9, 10)), Read(10)),
    # Accepted: full-width digits (13), lower-case x (17), the first of two equal IDs (20).
    "bad_ids.csv": (Read(3, tuple(r for r in ALL_ROWS if r not in (13, 17, 20))), Read(21)),
    # Accepted: +86 forms (4, 5), full-width digit (6) and a landline (14).
    "bad_phones.csv": (Read(4, (1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 15, 16)), Read(16)),
    # The five formats, three without a year, a time of day, spaces and full width are read;
    # day-first, US order, impossible dates, Excel serials, words, ISO with T, 0000-00-00 and the
    # placeholder 9999-12-31 are refused row by row.
    "dates.csv": (Read(11, (9, 10, 11, 12, 13, 14, 15, 16, 17)), Read(20)),
    "dates.xlsx": (Read(4, (4, 5, 7, 8, 9, 10)), Read(10)),
    "numbers.xlsx": (Read(0, (1, 2, 3, 4)), Read(4)),
    # The first sheet with data is read: cover sheets may be empty.
    "empty_sheets_first.xlsx": Read(2),
    # Refused: all of them, -0,-0 (outside China) and 1_0,2_0 (not decimal degrees) included.
    "coordinates.csv": (Read(0, tuple(range(1, 14))), Read(13)),
    # Names with a control character (ANSI escape, VT, FF, line separator, DEL) or only blanks
    # are refused; zero-width and direction characters are dropped from the name.
    "control_chars.csv": (Read(6, (3, 4, 5, 6, 8, 9)), Read(12)),
    "postings_hostile.csv": (Read(16), Read(15, (15,))),
    "ten_thousand_columns.csv": Read(2),
    "ten_thousand_cells.csv": Read(1, (2,)),
    "long_cells.csv": (Read(2, (1, 2)), Read(4)),  # rosters refuse text longer than the store keeps
    "long_cells_slow_path.csv": Refused("field larger than field limit"),
}

ENTRIES = {entry.name: entry for entry in corpus.ALL}
# Ten thousand columns take a second or two per read (docs/hardening.md), so that input goes
# through the roster reader only, not through every door.
SLOW = "ten_thousand_columns.csv"
ROSTER_INPUTS = list(ENTRIES)
OTHER_INPUTS = [name for name in ENTRIES if name != SLOW]
APP_INPUTS = ("binary_renamed.csv", "truncated.xlsx", "open_quote.csv", "script_names.csv")
BIG_POINTS = ("read_table", "read_postings", "read_roster")

TRIALS: list[tuple[str, str]] = [
    *((name, "read_roster") for name in ROSTER_INPUTS),
    *(
        (name, point)
        for point in (
            "read_postings + build_report",
            "python -m routing plan",
            "python -m recruitment summarize",
            "store import",
        )
        for name in OTHER_INPUTS
    ),
    *((name, "app upload (返岗需求)") for name in APP_INPUTS),
    *((corpus.BIG.name, point) for point in BIG_POINTS),
]
"""Every (bad input, entry point) pair tried below: the count for the README."""


def test_the_expectations_and_the_readme_cover_the_whole_corpus():
    assert set(EXPECTED) == set(ENTRIES)
    committed = {p.name for p in corpus.BROKEN.iterdir()} - {"README.md"}
    assert committed == {e.name for e in corpus.COMMITTED}
    readme = (corpus.BROKEN / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in (*ENTRIES, corpus.BIG.name))
    assert max(p.stat().st_size for p in corpus.BROKEN.iterdir()) < 10_000


def expected(name: str, reader: int) -> Read | Refused:
    outcome = EXPECTED[name]
    return outcome[reader] if isinstance(outcome, tuple) else outcome


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """Every corpus input as a file on disk (the generated ones written once)."""
    folder = tmp_path_factory.mktemp("generated")
    paths = {entry.name: corpus.BROKEN / entry.name for entry in corpus.COMMITTED}
    for entry in corpus.GENERATED:
        paths[entry.name] = folder / entry.name
        paths[entry.name].write_bytes(entry.make())
    return paths


def assert_clean_refusal(error: InputError, name: str, says: str) -> None:
    message = str(error)
    assert len(message.splitlines()) == 1, message[:500]
    assert message.startswith(f"{name}: "), message[:200]
    assert says in message


def data_rows(data: bytes, name: str) -> set[int]:
    """The 1-based data row numbers of a readable table (rows read and rows that could not be)."""
    table = read_table(io.BytesIO(data), source=name)
    return set(table.frame.index) | {error.row for error in table.errors}


# --- the readers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.slow) if name == SLOW else name
        for name in ROSTER_INPUTS
    ],
)
def test_read_roster(name, inputs, employers, gazetteer):
    data = inputs[name].read_bytes()
    outcome = expected(name, 0)
    if isinstance(outcome, Refused):
        with pytest.raises(InputError) as caught:
            read_roster(io.BytesIO(data), employers, gazetteer, depart=None, source=name)
        assert_clean_refusal(caught.value, name, outcome.says)
        return
    roster = read_roster(io.BytesIO(data), employers, gazetteer, depart=None, source=name)
    accepted = {worker.row for worker in roster.workers}
    rejected = {item.row for item in roster.rejected}
    assert (len(roster.workers), tuple(sorted(rejected))) == (outcome.accepted, outcome.rejected)
    assert len(rejected) == len(roster.rejected)  # one entry per bad row
    assert not accepted & rejected
    assert accepted | rejected == data_rows(data, name)  # nothing dropped
    assert all(item.reason.strip() for item in roster.rejected)
    assert {error.row for error in roster.errors} == rejected
    assert all(error.row >= 1 and error.reason.strip() for error in roster.errors)


@pytest.mark.slow
@pytest.mark.parametrize("name", OTHER_INPUTS)
def test_read_postings_and_build_report(name, inputs):
    data = inputs[name].read_bytes()
    outcome = expected(name, 1)
    if isinstance(outcome, Refused):
        with pytest.raises(InputError) as caught:
            read_postings(io.BytesIO(data), source=name)
        assert_clean_refusal(caught.value, name, outcome.says)
        return
    postings = read_postings(io.BytesIO(data), source=name)
    accepted = set(postings.frame["row"])
    rejected = {item.row for item in postings.rejected}
    assert (len(postings.frame), tuple(sorted(rejected))) == (outcome.accepted, outcome.rejected)
    assert not accepted & rejected
    assert accepted | rejected == data_rows(data, name)
    assert all(item.file == name and item.reason.strip() for item in postings.rejected)
    report = build_report([postings], reference_year=2020)
    assert report.rejected == postings.rejected
    assert report.headline.postings == len(postings.frame)
    assert len(report.postings) == len(postings.frame)


# --- the command lines ------------------------------------------------------------------------


def assert_clean_exit(code: int, captured) -> None:
    assert code in (0, 2)
    assert "Traceback" not in captured.err + captured.out
    if code == 2:
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("错误："), captured.err[:500]


@pytest.mark.parametrize("name", OTHER_INPUTS)
def test_routing_plan_command(name, inputs, tmp_path, capsys):
    code = routing_main(
        [
            "plan",
            str(inputs[name]),
            "--employers",
            str(EMPLOYERS_FILE),
            "--out",
            str(tmp_path / "plan"),
            "--time-limit",
            "0.5",
            "--quiet",
        ]
    )
    captured = capsys.readouterr()
    assert_clean_exit(code, captured)
    roster = expected(name, 0)
    if isinstance(roster, Refused) or roster.accepted + len(roster.rejected) == 0:
        assert code == 2  # nothing to plan
        assert not (tmp_path / "plan").exists()
    else:
        assert code == 0
        assert (tmp_path / "plan" / "plan.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("name", OTHER_INPUTS)
def test_recruitment_summarize_command(name, inputs, tmp_path, capsys):
    out = tmp_path / "summary.json"
    code = recruitment_main(["summarize", str(inputs[name]), "--year", "2020", "--json", str(out)])
    captured = capsys.readouterr()
    assert_clean_exit(code, captured)
    assert code == (2 if isinstance(expected(name, 1), Refused) else 0)
    assert out.exists() == (code == 0)


@pytest.mark.slow
def test_the_command_lines_run_as_programs_too(tmp_path):
    """One real process each, to be sure `python -m` takes the same path as `main([...])`."""
    import subprocess

    for module, args in (
        (
            "routing",
            [
                "plan",
                str(corpus.BROKEN / "truncated.xlsx"),
                "--employers",
                str(EMPLOYERS_FILE),
                "--out",
                str(tmp_path / "p"),
                "--time-limit",
                "0.5",
            ],
        ),
        ("recruitment", ["summarize", str(corpus.BROKEN / "binary_renamed.csv")]),
    ):
        run = subprocess.run(
            [sys.executable, "-m", module, *args],
            capture_output=True,
            text=True,
            cwd=corpus.BROKEN.parents[2],
            timeout=120,
        )
        assert run.returncode == 2
        assert run.stderr.startswith("错误：") and len(run.stderr.splitlines()) == 1
        assert "Traceback" not in run.stderr


# --- the database -----------------------------------------------------------------------------


@pytest.fixture()
def engine(tmp_path, employers, gazetteer):
    """A fresh SQLite file holding the six workers of tests/data/rosters/roster_ok.csv."""
    engine = store.make_engine(f"sqlite:///{tmp_path}/t.db")
    store.create_schema(engine)
    with GOOD_ROSTER.open("rb") as f:
        roster = read_roster(f, employers, gazetteer, depart=None)
    stored_workers.save_employers(engine, employers.values())
    assert len(stored_workers.register_workers(engine, roster.workers, by="seed").added) == 6
    yield engine
    engine.dispose()


def snapshot(engine) -> dict[str, dict]:
    with engine.connect() as connection:
        rows = connection.execute(select(stored_workers.workers)).mappings()
        return {row["id_number"]: dict(row) for row in rows}


def import_roster(engine, data: bytes, name: str, employers, gazetteer):
    """What the app's upload does: read the file, then register its good rows."""
    roster = read_roster(io.BytesIO(data), employers, gazetteer, depart=None, source=name)
    return roster, stored_workers.register_workers(engine, roster.workers, by="upload")


@pytest.mark.parametrize("name", OTHER_INPUTS)
def test_store_import(name, inputs, engine, employers, gazetteer):
    before = snapshot(engine)
    try:
        roster, registration = import_roster(
            engine, inputs[name].read_bytes(), name, employers, gazetteer
        )
    except InputError:
        assert isinstance(expected(name, 0), Refused)
        assert snapshot(engine) == before
        return
    after = snapshot(engine)
    good = {worker.id_number: worker for worker in roster.workers}
    assert set(after) == set(before) | set(good)
    assert len(registration.added) == len(set(good) - set(before))
    for id_number, row in after.items():
        if id_number in good:
            worker = good[id_number]
            assert (row["name"], row["phone"], row["employer"], row["place_name"]) == (
                worker.name,
                worker.phone,
                worker.employer,
                worker.origin.name,
            )
        else:
            assert row == before[id_number]  # rows the file did not name are untouched


def test_an_import_that_fails_half_way_stores_nothing(engine, employers, gazetteer):
    """register_workers is one transaction: a failure on the last worker undoes the first."""
    roster = read_roster(
        io.BytesIO((corpus.BROKEN / "semicolon.csv").read_bytes()),
        employers,
        gazetteer,
        depart=None,
    )
    broken = roster.workers[-1].__class__(**{**roster.workers[-1].__dict__, "id_number": "X"})
    before = snapshot(engine)
    with pytest.raises(store.StoreError):
        stored_workers.register_workers(engine, [*roster.workers[:-1], broken], by="upload")
    assert snapshot(engine) == before


# --- the app ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_template(tmp_path_factory, employers) -> Path:
    """An app database (schema and the sample) with one planner account and the three
    employers the corpus's good rows name; each test gets its own copy (`app_database`)."""
    from store import accounts

    path = tmp_path_factory.mktemp("app") / "app.db"
    first_start(f"sqlite:///{path}")
    engine = store.make_engine(f"sqlite:///{path}")
    accounts.create_account(engine, "planner", "password-123", "planner")
    stored_workers.save_employers(engine, employers.values())
    engine.dispose()
    return path


@pytest.fixture()
def app_database(app_template, tmp_path) -> str:
    return copy_database(app_template, tmp_path / "app.db")


APP = corpus.BROKEN.parents[2] / "streamlit_app.py"


@pytest.mark.slow
@pytest.mark.parametrize("name", APP_INPUTS)
def test_app_upload(name, inputs, app_database, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from store import accounts

    monkeypatch.setenv("FANGGANG_DB_URL", app_database)
    engine = store.make_engine(app_database)
    before = snapshot(engine)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["account"] = accounts.authenticate(engine, "planner", "password-123")
    at.run()
    at.switch_page("app/pages/workers.py").run()
    mime = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    at.file_uploader(key="roster_upload_0").set_value((name, inputs[name].read_bytes(), mime)).run()
    assert not at.exception
    errors = [displayed(str(e.value)) for e in at.error]
    shown = " ".join(str(e.value) for e in at.markdown)
    outcome = expected(name, 0)
    if isinstance(outcome, Refused):
        assert any(outcome.says in error for error in errors), errors
    else:
        assert f"可保存 valid: **{outcome.accepted}**" in shown
        assert f"有问题 rejected: **{len(outcome.rejected)}**" in shown
    assert snapshot(engine) == before  # nothing is stored until "save" is pressed


# --- 50 MB ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty_megabytes() -> bytes:
    data = corpus.fifty_megabytes()
    assert len(data) >= corpus.FIFTY_MB
    return data


@pytest.mark.slow
def test_fifty_megabytes_read_as_a_table(fifty_megabytes):
    table = read_table(io.BytesIO(fifty_megabytes), ROSTER_SCHEMA, source="big.csv")
    assert len(table.frame) > 20_000 and not table.errors


@pytest.mark.slow
def test_fifty_megabytes_of_postings_are_read(fifty_megabytes):
    postings = read_postings(io.BytesIO(fifty_megabytes), source="big.csv")
    assert len(postings.frame) > 20_000 and not postings.rejected


@pytest.mark.slow
def test_fifty_megabytes_of_roster_report_every_repeated_id(fifty_megabytes, employers, gazetteer):
    roster = read_roster(
        io.BytesIO(fifty_megabytes), employers, gazetteer, depart=None, source="big.csv"
    )
    assert len(roster.workers) == 1  # the same person, over and over
    assert roster.rows > 20_000
    assert {item.reason for item in roster.rejected} == {"与第 1 行身份证号相同"}
