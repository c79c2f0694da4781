"""Read the tables people actually send: CSV/TSV or XLSX, UTF-8 (with or without BOM), UTF-16 (Excel's
"Unicode text"), GBK/GB18030; headers in Chinese or English, mapped to one schema.

`read_table` takes a binary file object, so an upload, an open file and a test's BytesIO all work.
Every data row keeps its 1-based data row number (the spreadsheet row minus the header), also when
blank lines or a repeated header row sit in the middle of the file, so errors point at the right row.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

import pandas as pd

from intake.errors import InputError, MissingColumnsError, RowError
from intake.xlsx import xlsx_records

XLSX_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"
CSV_DELIMITERS = ",\t;|"
SNIFF_CHARS = 20000
FAST_PATH_MAX_COLUMNS = 300  # wider tables are read record by record (see _fast_csv_table)


@dataclass(frozen=True)
class Column:
    """A field of a schema and the header texts that name it (compared after `header_key`)."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False


@dataclass
class Table:
    """Rows of one file as strings (pandas' `str` dtype, blanks as ""). `frame`'s index (int64) is
    the 1-based data row number; mapped columns carry their schema name, unknown columns keep their
    original header. `errors` lists rows that could not be read at all (they are not in `frame`)."""

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
        raise InputError(f"{source or '输入'}: 需要二进制文件 expected a binary file object")
    schema = list(schema)
    if data.startswith(XLSX_MAGIC):
        return _records_to_table(xlsx_records(data, source), schema, source)
    table = _fast_csv_table(data, schema, source)
    if table is None:
        table = _records_to_table(_csv_records(data, source), schema, source)
    return table


def _decode(data: bytes, source: str) -> str:
    """Decode text by its BOM, else strict UTF-8, else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_gbk(data, source)


UTF8_LINE = re.compile(  # a line of ASCII and well-formed UTF-8 only (RFC 3629's byte ranges)
    rb"^(?:[\x00-\x09\x0b-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})*+$",
    re.MULTILINE,
)


def _decode_gbk(data: bytes, source: str) -> str:
    """A GBK/GB18030 file; a line pasted in from a UTF-8 file keeps its own encoding (Chinese text
    in GBK is practically never valid UTF-8: none of the sample's 10,158 lines is). Neither byte of
    "\n" occurs inside a GBK or UTF-8 character, so lines can be told apart on the bytes; the
    GBK text between UTF-8 lines is decoded in one call."""
    parts, start = [], 0
    for line in UTF8_LINE.finditer(data):
        if not line.group().isascii():  # ASCII lines read the same in both encodings
            parts.append(_decode_gb18030(data, start, line.start(), source))
            parts.append(line.group().decode("utf-8"))
            start = line.end()
    parts.append(_decode_gb18030(data, start, len(data), source))
    return "".join(parts)


def _decode_gb18030(data: bytes, start: int, end: int, source: str) -> str:
    try:
        return data[start:end].decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, start + exc.start) + 1
        raise InputError(
            f"{source or '输入'}: 文本既不是 UTF-8 也不是 GBK/GB18030 "
            f"text is neither UTF-8 nor GBK/GB18030 "
            f"(line {line})"
        ) from None


def _csv_records(data: bytes, source: str) -> Iterator[tuple[int, list[str] | None]]:
    text = _decode(data, source)
    if "\x00" in text:
        raise InputError(
            f"{source or '输入'}: 二进制数据，不是 CSV 或 XLSX 表格 "
            "binary data, not a CSV or XLSX table"
        )
    delimiter = _sniff_delimiter(text[:SNIFF_CHARS])
    lines = io.StringIO(text, newline="").readlines()  # split as the csv reader counts lines
    yield from _parse_lines(lines, delimiter, source)


def _parse_lines(
    lines: list[str], delimiter: str, source: str
) -> Iterator[tuple[int, list[str] | None]]:
    """Records of `lines`, numbered from 0. A record whose quote is never closed (it would
    swallow every line after it into one cell) is yielded as None, an unreadable row, and the
    lines after its first are read on their own."""
    index, start = 0, 0
    for _ in range(MAX_OPEN_QUOTES):
        reader = csv.reader(iter(lines[start:]), delimiter=delimiter)
        lines_read = 0
        try:
            for record in reader:
                if start + reader.line_num == len(lines) and _quote_left_open(
                    lines[start + lines_read :]
                ):
                    yield index, None
                    index, start = index + 1, start + lines_read + 1
                    break
                yield index, record
                index, lines_read = index + 1, reader.line_num
            else:
                return
        except csv.Error as exc:
            line = start + lines_read + 1
            raise InputError(
                f"{source or '输入'}: 第 {line} 行附近的 CSV 无法读取 "
                f"unreadable CSV near line {line}: {exc}"
            ) from exc
    raise InputError(
        f"{source or '输入'}: 超过 {MAX_OPEN_QUOTES} 个引号未闭合，这是 CSV 文件吗？ "
        f'more than {MAX_OPEN_QUOTES} quotes (") left open: is this a CSV file?'
    )


MAX_OPEN_QUOTES = 100


def _quote_left_open(record_lines: list[str]) -> bool:
    """True if the last record (these lines, running to the end of the file) opens a quote and
    never closes it: a closed quoted cell holds its quote characters in pairs."""
    return len(record_lines) > 1 and "".join(record_lines).count('"') % 2 == 1


def _sniff_delimiter(sample: str) -> str:
    """The delimiter of the first line (or of the sample if the first line is empty); else `,`."""
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _fast_csv_table(
    data: bytes,
    schema: list[Column],
    source: str,
    wide_row_is_error: Callable[[list[str]], bool] | None = None,
) -> Table | None:
    """Read the common CSV with pandas' C parser instead of record by record (about ten times faster
    on a million rows). The result is the same table `_records_to_table` would build; whenever that
    cannot be guaranteed (a UTF-16 BOM, NUL bytes, a parse or decoding error, no header), or it
    would be slower (a very wide table), this returns None and the caller takes the
    record-by-record path. Rows wider than the header are reported as that path reports them
    (unless `wide_row_is_error` says one is not an error: then this declines too)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return None
    if data.startswith(UTF8_BOM):
        cells = _read_cells(data[len(UTF8_BOM) :], "replace")
    else:
        try:
            cells = _read_cells(data, "strict")
        except UnicodeDecodeError:  # GBK, perhaps with pasted UTF-8 lines: read as `_decode` does
            try:
                cells = _read_cells(_decode(data, source).encode("utf-8"), "strict")
            except InputError:
                return None
    if cells is None or cells.shape[1] > FAST_PATH_MAX_COLUMNS:
        return None  # wide: column-wise work costs per column (10,000 took 3.4 s, not 0.9 s)
    return _cells_to_table(cells, schema, source, wide_row_is_error)


def _read_cells(body: bytes, errors: str) -> pd.DataFrame | None:
    """UTF-8 `body` as a frame of text cells, or None when pandas cannot parse it; a decoding
    error under `errors="strict"` is raised."""
    # A character takes at most 4 bytes, so this prefix holds the slow path's sniffing sample.
    sample = body[: 4 * SNIFF_CHARS].decode("utf-8", errors="ignore")[:SNIFF_CHARS]
    width = None  # pandas takes the first record's; a wider record later needs more names
    for _ in range(WIDENINGS):
        try:
            cells = pd.read_csv(
                io.BytesIO(body),
                sep=_sniff_delimiter(sample),
                header=None,
                names=None if width is None else range(width),
                dtype="str",
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                encoding="utf-8",
                encoding_errors=errors,
            )
            return cells
        except UnicodeDecodeError:
            raise
        except ValueError as exc:  # pandas' ParserError and EmptyDataError are ValueErrors
            wider = TOO_MANY_FIELDS.search(str(exc))
            if wider is None or int(wider[1]) > FAST_PATH_MAX_COLUMNS:
                return None
            width = int(wider[1]) + WIDENING_SLACK
    return None


def _holds_quotes(cells: pd.DataFrame) -> bool:
    return bool(cells.apply(lambda column: column.str.contains('"', regex=False).any()).any())


WIDENINGS = 4  # parses at most: a row wider than the first is read again with more columns
WIDENING_SLACK = 8  # columns beyond the widest row seen, so one more wide row needs no new parse
TOO_MANY_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw (\d+)")


def _cells_to_table(
    cells: pd.DataFrame,
    schema: list[Column],
    source: str,
    wide_row_is_error: Callable[[list[str]], bool] | None = None,
) -> Table | None:
    """Apply `_records_to_table`'s rules column-wise to raw cells (one frame row per record)."""
    cells = cells.apply(lambda column: column.str.strip())
    nonblank = (cells != "").any(axis=1).to_numpy()
    if not nonblank.any():
        return None
    header_index = int(nonblank.argmax())
    header = _clean_header(cells.iloc[header_index].tolist())
    width = len(header)
    rows = cells.iloc[header_index + 1 :]
    keep = nonblank[header_index + 1 :]
    wide = keep & (rows.iloc[:, width:] != "").any(axis=1).to_numpy()
    if wide.any() and _holds_quotes(cells):
        return None  # malformed rows and stray quotes: the csv module may split lines otherwise
    wide_rows = [(int(index), row.tolist()) for index, row in rows[wide].iterrows()]
    if wide_row_is_error and not all(wide_row_is_error(_clean_header(r)) for _, r in wide_rows):
        return None
    errors = [_too_wide(index - header_index, row, width) for index, row in wide_rows]
    keep = keep & ~wide
    rows = rows.iloc[:, :width]
    repeated = keep & (rows.iloc[:, 0] == header[0]).to_numpy()
    if repeated.any():  # compare whole rows only where the first cell already matches
        repeated[repeated] = (rows[repeated] == header).all(axis=1).to_numpy()
        keep = keep & ~repeated
    if not keep.all():
        rows = rows[keep]
    rows = rows.set_axis(_unique(header), axis=1).set_axis(
        pd.Index(rows.index - header_index, name="row"), axis=0
    )
    return _table(rows, header, schema, source, errors)


def _too_wide(row: int, cells: list[str], width: int) -> RowError:
    """A row with filled cells beyond its header's `width` (counted up to its last filled cell)."""
    count = len(_clean_header(cells))
    return RowError(
        row,
        "",
        f"本行有 {count} 格，表头只有 {width} 格 has {count} cells but the header has {width}",
    )


OPEN_QUOTE = (
    "本行的引号未闭合，其后各行已单独读取：请补上或删除引号 "
    'a quote (") opened in this row is never closed; the rows after it are read on '
    "their own: close or remove the quote"
)


def _records_to_table(
    records: Iterable[tuple[int, list[str] | None]], schema: list[Column], source: str
) -> Table:
    header: list[str] | None = None
    header_index = 0
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    errors: list[RowError] = []
    for index, record in records:
        if record is None:  # see _parse_lines
            if header is None:
                raise InputError(
                    f"{source or '输入'}: 表头行的引号未闭合 "
                    f'a quote (") in the header row is never closed'
                )
            errors.append(RowError(index - header_index, "", OPEN_QUOTE))
            continue
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
            errors.append(_too_wide(row, cells, len(header)))
            continue
        rows.append((cells + [""] * len(header))[: len(header)])
        row_numbers.append(row)
    if header is None:
        raise InputError(
            f"{source or '输入'}: 文件为空（没有表头行） the file is empty (no header row)"
        )
    frame = pd.DataFrame(
        rows,
        columns=_unique(header),
        index=pd.Index(row_numbers, name="row", dtype="int64"),
        dtype="str",
    )
    return _table(frame, header, schema, source, errors)


def _table(
    frame: pd.DataFrame,
    header: list[str],
    schema: list[Column],
    source: str,
    errors: list[RowError],
) -> Table:
    mapping = map_columns(header, schema, source)
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
        original = next(
            (keys[header_key(a)] for a in column.aliases if header_key(a) in keys), None
        )
        if original is not None and original not in mapping:
            mapping[original] = column.name
        elif column.required:
            missing[column.name] = column.aliases
    if missing:
        raise MissingColumnsError(missing, source)
    return mapping
