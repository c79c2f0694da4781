"""Finding (medium): a 13 KB XLSX declaring `<dimension ref="A1:XFD1048576"/>` took 337 s in
`read_roster` (openpyxl padded every row to 16,384 cells) and was parsed again on every page run.
Also: a workbook with two cells in opposite corners must be refused, not read as a dense grid of
17 billion cells (calamine would abort the server process)."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

import intake.xlsx as xlsx
from intake import InputError, read_table

HEADER = ["姓名", "身份证号", "手机号", "出发地", "用工单位"]
ROWS = 300


def with_sheet_xml(workbook: bytes, change) -> bytes:
    """The workbook with its first worksheet's XML passed through `change`."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            target.writestr(info, body)
    return out.getvalue()


def roster_workbook(rows: int = ROWS) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for n in range(rows):
        book.active.append(
            [
                f"张{n}",
                f"41162519900101{n:04d}",
                f"138{n:08d}",
                "河南省周口市郸城县",
                "郑州宇辉电子技术有限公司",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def declaring_the_whole_sheet(workbook: bytes) -> bytes:
    return with_sheet_xml(
        workbook,
        lambda body: re.sub(
            rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', body
        ),
    )


@pytest.fixture()
def cells_converted(monkeypatch):
    """Count the cells turned into text; more than a real sheet holds means padding."""
    count, real = [0], xlsx._cell_text

    def counted(value):
        count[0] += 1
        if count[0] > 20 * (ROWS + 1) * len(HEADER):
            raise AssertionError("cells padded to the declared dimension")
        return real(value)

    monkeypatch.setattr(xlsx, "_cell_text", counted)
    return count


def test_a_13_kb_file_declaring_the_whole_sheet_reads_its_real_columns(cells_converted):
    data = declaring_the_whole_sheet(roster_workbook())
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert 10_000 < len(data) < 16_000 and b'<dimension ref="A1:XFD1048576"/>' in sheet
    table = read_table(io.BytesIO(data), source="dimension.xlsx")
    assert list(table.frame.columns) == HEADER
    assert len(table.frame) == ROWS and table.frame.loc[ROWS, "姓名"] == f"张{ROWS - 1}"
    assert cells_converted[0] == (ROWS + 1) * len(HEADER)


def corner_cells(last: str) -> bytes:
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        f'姓名</t></is></c></row><row r="{last[3:] if last.startswith("XFD") else 3000}">'
        f'<c t="inlineStr" r="{last}"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return with_sheet_xml(roster_workbook(1), lambda _: sheet.encode())


@pytest.mark.parametrize("last", ["XFD1048576", "CCC3000"])
def test_a_sheet_with_far_apart_cells_is_refused_in_chinese(last, cells_converted):
    with pytest.raises(InputError, match="超过 4,000,000 个单元格的上限"):
        read_table(io.BytesIO(corner_cells(last)), source="corners.xlsx")
    assert cells_converted[0] == 0  # refused before any cell was read


def test_a_sheet_too_large_to_unpack_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHEET_XML", 1000)
    with pytest.raises(InputError, match="工作表过大"):
        read_table(io.BytesIO(roster_workbook()), source="big.xlsx")


def test_the_parse_time_is_capped(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_XLSX_SECONDS", -1)  # every parse is past its deadline
    with pytest.raises(InputError, match="表格读取超过"):
        read_table(io.BytesIO(roster_workbook()), source="slow.xlsx")
