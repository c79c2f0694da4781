"""Least privilege in what leaves the app: every download a coordinator or an employer can make,
on every page they can open, is rendered and searched for full ID numbers. Only the printed PDF
of a coordinator's own trips holds them (the crew checks IDs at the door); spreadsheets never do
for them; every export is audited with the account, the trips and full or masked."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit.delta_generator import DeltaGenerator

from store import audit, make_engine, plans, workers

FULL_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
PAGES = {
    "coordinator": ["overview", "manifests", "boarding"],
    "yuhui": ["overview", "workers", "needs"],
}


@pytest.fixture()
def downloads(monkeypatch):
    """Every download button drawn: (label, data or the function that makes it)."""
    drawn = []
    real = DeltaGenerator.download_button

    def recording(self, label, data, *args, **kwargs):
        drawn.append((label, data))
        return real(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", recording)
    return drawn


def contents(data) -> str:
    """The text of a download: spreadsheet cells, PDF text, or the bytes as text."""
    raw = data() if callable(data) else data
    raw = raw.encode() if isinstance(raw, str) else bytes(raw)
    if raw.startswith(b"PK"):
        book = load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    if raw.startswith(b"%PDF"):
        return "\n".join(
            page.extract_text().replace("\x00", "") for page in PdfReader(io.BytesIO(raw)).pages
        )
    return raw.decode("utf-8", errors="replace")


def id_numbers_of_trips(engine, stored, trips) -> set[str]:
    rows = {
        row
        for trip in stored.document["trips"]
        if trip["id"] in trips
        for stop in trip["stops"]
        for row in stop["board"]
    }
    return {w.id_number for w in workers.list_workers(engine, ids=rows)}


@pytest.mark.slow
@pytest.mark.parametrize("user", list(PAGES))
def test_no_spreadsheet_a_coordinator_or_employer_can_download_holds_a_full_id_number(
    app_as, database, plan_and_draft, downloads, user
):
    for page in PAGES[user]:
        at = app_as(user, page)
        if page == "manifests":
            for choice in at.selectbox(key="trip").options:
                at.selectbox(key="trip").set_value(choice).run()
    engine = make_engine(database)
    stored = plans.published_plan(engine)
    own = id_numbers_of_trips(engine, stored, {"T001", "T002"})
    everyone = {w.id_number for w in workers.list_workers(engine)}
    for label, data in downloads:
        text = contents(data)
        found = {number for number in everyone if number in text} | set(FULL_ID.findall(text))
        if "PDF" in str(label) and user == "coordinator":
            assert found and found <= own, "a printed manifest holds people of trips not assigned"
        else:
            assert found == set(), f"{label} holds full ID numbers"
    if user == "coordinator":
        assert any("XLSX" in str(label) for label, _ in downloads)
    exported = [e for e in audit.entries(engine, limit=50) if e.action == "manifest_exported"]
    if downloads:
        assert exported and exported[0].actor == user
        assert set(exported[0].detail["trips"]) <= {"T001", "T002"}


def test_a_coordinator_cannot_open_a_trip_not_assigned(app_as, plan_and_draft):
    at = app_as("coordinator", "manifests")
    assert at.selectbox(key="trip").options == ["全部 All", "T001", "T002"]
    boarding = app_as("coordinator", "boarding")
    boarding.query_params["trip"] = "T003"
    boarding.run()
    assert "未分配给您" in boarding.error[0].value
    assert "T003 上车登记" not in [h.value for h in boarding.header]


@pytest.mark.slow
def test_a_planner_exports_masked_unless_asking_for_full(
    app_as, database, plan_and_draft, downloads
):
    at = app_as("planner", "manifests")
    at.selectbox(key="trip").set_value("T001").run()
    [xlsx] = [data for label, data in downloads[-2:] if "XLSX" in str(label)]
    assert FULL_ID.findall(contents(xlsx)) == []
    at.checkbox(key="full_tables").check().run()
    [xlsx] = [data for label, data in downloads[-2:] if "XLSX" in str(label)]
    assert FULL_ID.findall(contents(xlsx))
    entry = next(e for e in audit.entries(make_engine(database)) if e.action == "manifest_exported")
    assert (entry.actor, entry.detail["trips"], entry.detail["masked"]) == (
        "planner",
        ["T001"],
        False,
    )
