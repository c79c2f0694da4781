"""A table file's raw records split into header blocks, for readers that choose their columns
themselves (by header words and by content) instead of through a fixed schema.

`read_table` takes the first non-blank row as the header and reads every later row against it.
Real exports break that in two ways: the first row is already data (an XLSX with no header row),
or the file is several exports glued together whose headers differ (the second half repeats the
header with one more column). `read_blocks` starts a new block at every row `is_header` accepts and
reads a first row that `is_data` accepts as data, numbering rows as `read_table` does (the first
header is row 0; with no header the first row is row 1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd

from intake.errors import InputError, RowError
from intake.tables import (
    OPEN_QUOTE,
    XLSX_MAGIC,
    Table,
    _csv_records,
    _fast_csv_table,
    _too_wide,
    _unique,
)
from intake.xlsx import xlsx_records

Cells = Sequence[str]


@dataclass
class Block:
    """Rows under one header. `header` is None when the block has none; `frame` has the header's
    names (made unique; `列1`, `列2`, … without a header), text cells and the row numbers as index;
    `errors` are the rows of the block that could not be read."""

    header: list[str] | None
    frame: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)


def read_plain(
    data: bytes, source: str = "", is_header: Callable[[Cells], bool] | None = None
) -> Table | None:
    """The file as one table with its first row as the header, when it is a plain CSV that
    `read_table`'s fast path reads (no unclosed quote, no row wider than the header that
    `is_header` takes for the header of a new block, ...); else None, and the caller reads the
    records."""
    if data.startswith(XLSX_MAGIC):
        return None
    wide_row_is_error = None if is_header is None else (lambda cells: not is_header(cells))
    return _fast_csv_table(data, [], source, wide_row_is_error)


def read_records(data: bytes, source: str = "") -> Iterator[tuple[int, list[str] | None]]:
    """The file's records (CSV/TSV in any encoding, or the first sheet with data of an XLSX), as
    `(index, cells)` from 0; cells None for a record whose quote is never closed."""
    if data.startswith(XLSX_MAGIC):
        return xlsx_records(data, source)
    return _csv_records(data, source)


def read_blocks(
    records: Iterable[tuple[int, list[str] | None]],
    is_header: Callable[[Cells], bool],
    is_data: Callable[[Cells], bool],
    source: str = "",
) -> list[Block]:
    """Split records into blocks at every header row (a row equal to the current header is only
    skipped, as `read_table` does). A row wider than its header is an error, not data."""
    blocks: list[_Collecting] = []
    base: int | None = None
    for index, record in records:
        if record is None:
            if blocks and base is not None:
                blocks[-1].errors.append(RowError(index - base, "", OPEN_QUOTE))
            continue
        cells = _trimmed([cell.strip() for cell in record])
        if not cells:
            continue
        if base is None:
            headerless = is_data(cells)
            base = index - 1 if headerless else index
            blocks.append(_Collecting(None if headerless else cells))
            if not headerless:
                continue
        current = blocks[-1]
        if current.header is not None and cells == current.header:
            continue
        if is_header(cells):
            blocks.append(_Collecting(cells))
            continue
        current.add(index - base, cells)
    if not blocks:
        raise InputError(f"{source or '输入'}: 文件为空（没有表头行）")
    return [block.done() for block in blocks]


@dataclass
class _Collecting:
    header: list[str] | None
    rows: list[list[str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def add(self, row: int, cells: list[str]) -> None:
        width = len(self.header) if self.header is not None else None
        if width is not None and len(cells) > width:
            self.errors.append(_too_wide(row, cells, width))
            return
        self.rows.append(cells)
        self.numbers.append(row)

    def done(self) -> Block:
        width = len(self.header) if self.header is not None else max(map(len, self.rows), default=0)
        names = (
            _unique(self.header)
            if self.header is not None
            else [f"列{n}" for n in range(1, width + 1)]
        )
        frame = pd.DataFrame(
            [(row + [""] * width)[:width] for row in self.rows],
            columns=names,
            index=pd.Index(self.numbers, name="row", dtype="int64"),
            dtype="str",
        )
        return Block(self.header, frame, self.errors)


def _trimmed(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells
