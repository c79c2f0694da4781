"""The manifests as XLSX and CSV: sheets, arrival list, and no cell that runs as a formula."""

import csv
import doctest
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

import documents.manifest_xlsx as spreadsheets
from documents.manifest import ManifestError, build_manifests, read_people
from documents.manifest_xlsx import (
    ARRIVAL_COLUMNS,
    PASSENGER_COLUMNS,
    arrivals_csv,
    manifest_csv,
    manifest_xlsx,
)
from intake.exports import neutralise
from routing.planfile import read_plan

DATA = Path(__file__).resolve().parent.parent / "data" / "manifests"
HOSTILE = ('\'=HYPERLINK("http://x","点我")', "'@SUM(1+1)", "'+张三")


@pytest.fixture(scope="module")
def manifests():
    """Both trips of plan_full.json; T002 carries the roster's three formula-looking rows."""
    with (DATA / "roster.csv").open("rb") as f:
        people = read_people(f)
    return build_manifests(read_plan(DATA / "plan_full.json"), people)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("张三", "张三"),
        ("a=b", "a=b"),
        ("", ""),
        (5, 5),
    ],
)
def test_formula_starts_are_neutralised(value, written):
    assert neutralise(value) == written


def test_the_workbook_has_a_summary_an_arrival_list_and_a_sheet_per_trip(manifests):
    book = load_workbook(io.BytesIO(manifest_xlsx(manifests)))
    assert book.sheetnames == ["汇总", "到达名单", "T001", "T002"]
    summary = list(book["汇总"].values)
    assert [row[0] for row in summary[1:]] == ["T001", "T002"]
    assert [row[4] for row in summary[1:]] == [45, 7]
    arrivals = list(book["到达名单"].values)
    assert arrivals[0] == ARRIVAL_COLUMNS and len(arrivals) == 1 + 52


def test_a_trip_sheet_lists_its_passengers_with_ids_as_text(manifests):
    sheet = list(load_workbook(io.BytesIO(manifest_xlsx(manifests)))["T001"].values)
    header = sheet.index(
        (
            "座号",
            "姓名",
            "身份证号",
            "手机号",
            "出发地",
            "上车点",
            "上车时间",
            "用工单位",
            "到达时间",
            "健康状况",
            "登车",
            "签名",
        )
    )
    body = sheet[header + 1 : header + 46]
    assert [row[0] for row in body] == list(range(1, 46))
    assert {row[2] for row in body} == {p.person.id_number for p in manifests[0].passengers}
    assert sheet[header + 47][:2] == ("合计", "应到 45 人")


def test_no_cell_of_the_workbook_is_a_formula(manifests):
    book = load_workbook(io.BytesIO(manifest_xlsx(manifests)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert set(HOSTILE) <= texts


def test_the_csv_has_one_line_per_passenger_and_neutralised_cells(manifests):
    rows = list(csv.reader(io.StringIO(manifest_csv(manifests))))
    assert tuple(rows[0]) == PASSENGER_COLUMNS and len(rows) == 1 + 52
    assert rows[1][:6] == [
        "T001",
        "2020-02-20 06:00",
        "1",
        "赵军",
        "411625199002020012",
        "13800000001",
    ]
    cells = {cell for row in rows for cell in row}
    assert set(HOSTILE) <= cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_the_arrival_list_is_by_employer_then_arrival_time(manifests):
    rows = list(csv.reader(io.StringIO(arrivals_csv(manifests))))[1:]
    keys = [(row[0], row[1], row[2], int(row[4])) for row in rows]
    assert keys == sorted(keys)
    assert {row[0] for row in rows} == {
        "郑州华晟光电科技有限公司",
        "郑州中原智芯股份有限公司",
        "郑州海纳精工科技有限公司",
    }


def test_masked_spreadsheets_hold_no_full_id_or_phone(manifests):
    with (DATA / "roster.csv").open("rb") as f:
        people = read_people(f)
    masked = build_manifests(read_plan(DATA / "plan_full.json"), people, masked=True)
    text = manifest_csv(masked) + arrivals_csv(masked)
    book = load_workbook(io.BytesIO(manifest_xlsx(masked)))
    text += "".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)
    for p in masked[0].passengers + masked[1].passengers:
        assert p.person.id_number not in text and p.person.phone not in text


def test_an_empty_workbook_is_an_error():
    with pytest.raises(ManifestError, match="no trips"):
        manifest_xlsx(())


def test_docstring_examples_run():
    assert doctest.testmod(spreadsheets).failed == 0
