"""Read the tables people actually send: CSV/TSV or XLSX, UTF-8 (with or without BOM), UTF-16 (Excel's
"Unicode text"), GBK/GB18030; headers in Chinese or English, mapped to one schema.

`read_table` takes a binary file object, so an upload, an open file and a test's BytesIO all work.
Every data row keeps its 1-based data row number (the spreadsheet row minus the header), also when
blank lines or a repeated header row sit in the middle of the file, so errors point at the right row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

import pandas as pd

from intake.errors import InputError, MissingColumnsError, RowError

XLSX_MAGIC = b"PK\x03\x04"
CSV_DELIMITERS = ",\t;|"


@dataclass(frozen=True)
class Column:
    """A field of a schema and the header texts that name it (compared after `header_key`)."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False


@dataclass
class Table:
    """Rows of one file as strings. `frame`'s index is the 1-based data row number; mapped columns carry
    their schema name, unknown columns keep their original header. `errors` lists rows that could not
    be read at all (they are not in `frame`)."""

    frame: pd.DataFrame
    source: str
    errors: list[RowError] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)


def header_key(text: str) -> str:
    """Compare headers loosely: NFKC (full-width to half-width), lower case, no spaces, underscores,
    required-field stars or trailing units in brackets such as `手机号(必填)`."""
    key = unicodedata.normalize("NFKC", str(text)).strip().lower()
    for bracket in ("(", "["):
        if bracket in key and not key.startswith(bracket):
            key = key.split(bracket, 1)[0]
    return "".join(ch for ch in key if ch not in " _-*:：\u3000")


def read_table(fp: BinaryIO, schema: Iterable[Column] = (), *, source: str = "") -> Table:
    """Read a CSV/TSV/XLSX file object into a `Table` whose columns follow `schema`.

    >>> t = read_table(io.BytesIO("姓名,手机号\\n张三,13800000000\\n".encode("gbk")),
    ...                [Column("name", ("姓名", "name"), required=True)])
    >>> t.frame.loc[1, "name"]
    '张三'
    """
    data = fp.read()
    if not isinstance(data, bytes):
        raise InputError(f"{source or 'input'}: expected a binary file object")
    records = _xlsx_records(data, source) if data.startswith(XLSX_MAGIC) else _csv_records(data, source)
    return _records_to_table(records, list(schema), source)


def _decode(data: bytes, source: str) -> str:
    """Decode text by its BOM, else strict UTF-8, else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{source or 'input'}: text is neither UTF-8 nor GBK/GB18030")


def _csv_records(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data, source)
    if "\x00" in text:
        raise InputError(f"{source or 'input'}: binary data, not a CSV or XLSX table")
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, CSV_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader)
    except csv.Error as exc:
        raise InputError(f"{source or 'input'}: unreadable CSV near line {reader.line_num}: {exc}") from exc


def _xlsx_records(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{source or 'input'}: not a readable XLSX workbook ({exc})") from exc
    try:
        sheet = next((ws for ws in workbook.worksheets if ws.max_row and ws.max_row > 0), None)
        if sheet is None:
            return
        for index, values in enumerate(sheet.iter_rows(values_only=True)):
            yield index, [_cell_text(value) for value in values]
    finally:
        workbook.close()


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


def _records_to_table(
    records: Iterable[tuple[int, list[str]]], schema: list[Column], source: str
) -> Table:
    header: list[str] | None = None
    header_index = 0
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    errors: list[RowError] = []
    for index, record in records:
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if header is None:
            header, header_index = _clean_header(cells), index
            continue
        if _clean_header(cells) == header:
            continue  # a header row repeated in the middle of an export
        row = index - header_index
        if len(cells) > len(header) and any(cells[len(header) :]):
            errors.append(RowError(row, "", f"has {len(cells)} cells but the header has {len(header)}"))
            continue
        rows.append((cells + [""] * len(header))[: len(header)])
        row_numbers.append(row)
    if header is None:
        raise InputError(f"{source or 'input'}: the file is empty (no header row)")
    mapping = map_columns(header, schema, source)
    frame = pd.DataFrame(rows, columns=_unique(header), index=pd.Index(row_numbers, name="row"), dtype=object)
    frame = frame.rename(columns=mapping)
    extra = [name for name in frame.columns if name not in mapping.values()]
    return Table(frame=frame, source=source, errors=errors, extra_columns=extra)


def _clean_header(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _unique(header: list[str]) -> list[str]:
    """Make header names unique (an export may repeat a column title) and give blanks a name."""
    seen: dict[str, int] = {}
    names = []
    for position, name in enumerate(header, start=1):
        name = name or f"column {position}"
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name}.{count}")
    return names


def map_columns(header: list[str], schema: Iterable[Column], source: str = "") -> Mapping[str, str]:
    """Map original header names to schema names; raise `MissingColumnsError` for absent required ones."""
    keys: dict[str, str] = {}
    for name in reversed(_unique(header)):
        keys[header_key(name)] = name
        for part in name.split("/"):  # bilingual headers such as "姓名/name"
            keys.setdefault(header_key(part), name)
    mapping: dict[str, str] = {}
    missing: dict[str, tuple[str, ...]] = {}
    for column in schema:
        original = next((keys[header_key(a)] for a in column.aliases if header_key(a) in keys), None)
        if original is not None and original not in mapping:
            mapping[original] = column.name
        elif column.required:
            missing[column.name] = column.aliases
    if missing:
        raise MissingColumnsError(missing, source)
    return mapping
