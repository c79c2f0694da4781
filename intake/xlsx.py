"""The first sheet of an XLSX workbook as text records, read by calamine (Rust), with the sheet's
size measured first: a forged workbook is refused in milliseconds, not read for minutes."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
import zlib
from collections.abc import Iterator, Sequence

from intake.errors import InputError

MAX_XLSX_CELLS = 4_000_000  # rows x columns of a sheet's used area: a roster of 200,000 x 20
MAX_SHEET_XML = 512 * 1024 * 1024  # uncompressed bytes of one worksheet part
MAX_XLSX_SECONDS = 60  # turning the cells into text rows, after the parse
CELL_REFERENCE = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")


def xlsx_records(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of the first sheet with data, read by calamine (Rust): the sheet's declared
    `<dimension>` is ignored, so a 13 KB file claiming A1:XFD1048576 reads in milliseconds. The
    used area is measured from the cell references first, because calamine builds it as one dense
    grid: two cells in opposite corners would ask for 17 billion cells and abort the process."""
    from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

    name = source or "输入"
    _check_extent(data, name)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as exc:
        raise _not_a_workbook(name, exc) from exc
    try:
        for (
            sheet_name
        ) in workbook.sheet_names:  # the first sheet with data: cover sheets may be empty
            try:
                rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            except WorksheetNotFound:  # listed in the workbook, its part missing: no data
                continue
            except (CalamineError, OSError, ValueError) as exc:
                raise _not_a_workbook(name, exc) from exc
            texts = _text_rows(rows, name)
            if any(any(row) for row in texts):
                yield from enumerate(texts)
                return
    finally:
        workbook.close()


def _text_rows(rows: Sequence[Sequence[object]], name: str) -> list[list[str]]:
    deadline = time.monotonic() + MAX_XLSX_SECONDS
    texts = []
    for index, values in enumerate(rows):
        if index % 1000 == 0 and time.monotonic() > deadline:
            raise InputError(
                f"{name}: 表格读取超过 {MAX_XLSX_SECONDS} 秒，已停止；请删去多余的行列，"
                "或另存为 CSV 后再上传"
            )
        texts.append([_cell_text(value) for value in values])
    return texts


def _check_extent(data: bytes, name: str) -> None:
    """Refuse a workbook whose worksheets are too large to read, before reading them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = [
            info
            for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        ]
        for part in parts:
            if part.file_size > MAX_SHEET_XML:
                raise InputError(
                    f"{name}: 工作表过大（解压后 {part.file_size // 2**20} MB，上限 "
                    f"{MAX_SHEET_XML // 2**20} MB），请拆分后再上传"
                )
            rows, columns = _used_area(archive, part)
            if rows * columns > MAX_XLSX_CELLS:
                raise InputError(
                    f"{name}: 工作表的数据区域有 {rows:,} 行 × {columns:,} 列，超过 "
                    f"{MAX_XLSX_CELLS:,} 个单元格的上限；请删去远处的单元格或拆分文件"
                )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:  # zlib.error: a damaged part's compressed data
        raise _not_a_workbook(name, exc) from exc


def _not_a_workbook(name: str, cause: Exception) -> InputError:
    detail = " ".join(str(cause).split())  # the cause's text on one line
    return InputError(f"{name}: 不是可读的 XLSX 工作簿" + (f"（{detail}）" if detail else ""))


def _used_area(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> tuple[int, int]:
    """The last row and column any cell reference of the worksheet names."""
    last_row, last_column, tail = 0, b"", b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            found = CELL_REFERENCE.findall(text)
            if found:
                last_row = max(last_row, max(int(row) for row in {r for _, r in found}))
                last_column = max([last_column, *{c for c, _ in found}], key=lambda c: (len(c), c))
            tail = text[-64:]  # a reference cut by the chunk boundary is found next time
    return last_row, _column_number(last_column.decode())


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
