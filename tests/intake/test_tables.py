import io

import pytest
from openpyxl import Workbook

from intake import Column, InputError, MissingColumnsError, read_table, tables

SCHEMA = [
    Column("name", ("姓名", "name"), required=True),
    Column("phone", ("手机号", "phone")),
]
ROWS = "姓名,手机号,备注\n张三,13800138000,夜班\n李四,13900139000,\n"


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "payload",
    [
        ROWS.encode("utf-8"),
        b"\xef\xbb\xbf" + ROWS.encode("utf-8"),
        ROWS.encode("gbk"),
        ROWS.encode("gb18030"),
        ROWS.encode("utf-16"),
        ROWS.replace(",", "\t").encode("utf-8"),
        ROWS.replace(",", ";").encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16", "tsv", "semicolon-gbk"],
)
def test_every_encoding_and_delimiter_reads_the_same_rows(payload):
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame["name"].tolist() == ["张三", "李四"]
    assert table.frame["phone"].tolist() == ["13800138000", "13900139000"]
    assert table.extra_columns == ["备注"]
    assert table.frame.index.tolist() == [1, 2]


def test_xlsx_with_numbers_and_dates_reads_as_text():
    import datetime as dt

    payload = xlsx_bytes(
        [["Name", "Phone", "Date"], ["张三", 13800138000, dt.datetime(2020, 2, 20)]]
    )
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame.loc[1].tolist() == ["张三", "13800138000", "2020-02-20"]


def test_english_and_bilingual_headers_are_mapped():
    table = read_table(io.BytesIO(b" *NAME ,phone\nA,1\n"), SCHEMA)
    assert list(table.frame.columns) == ["name", "phone"]
    table = read_table(io.BytesIO("姓名/name,手机号（必填）\nA,1\n".encode()), SCHEMA)
    assert list(table.frame.columns) == ["name", "phone"]


def test_blank_lines_and_repeated_headers_are_skipped_but_row_numbers_stay_true():
    payload = "姓名,手机号\n张三,1\n\n姓名,手机号\n李四,2\n".encode()
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame["name"].to_dict() == {1: "张三", 4: "李四"}


def test_a_row_with_too_many_cells_is_reported_and_the_rest_still_load():
    table = read_table(io.BytesIO("姓名,手机号\n张三,1,extra\n李四,2\n".encode()), SCHEMA)
    assert table.frame["name"].tolist() == ["李四"]
    assert [(e.row, e.reason) for e in table.errors] == [
        (1, "本行有 3 格，表头只有 2 格 has 3 cells but the header has 2")
    ]


def test_short_rows_are_padded():
    table = read_table(io.BytesIO("姓名,手机号\n张三\n".encode()), SCHEMA)
    assert table.frame.loc[1, "phone"] == ""


def test_missing_required_column_names_it_and_its_aliases():
    with pytest.raises(MissingColumnsError, match=r"name \(any of: 姓名, name\)"):
        read_table(io.BytesIO("手机号\n1\n".encode()), SCHEMA, source="roster.csv")


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"", "文件为空"),
        (b"\n\n  \n", "文件为空"),
        (b"PK\x03\x04 truncated zip", "不是可读的 XLSX 工作簿"),
        (bytes(range(256)) * 4, "既不是 UTF-8 也不是 GBK|二进制数据"),
    ],
)
def test_unusable_files_raise_input_error(payload, message):
    with pytest.raises(InputError, match=message):
        read_table(io.BytesIO(payload), SCHEMA)


def test_a_utf8_line_pasted_into_a_gbk_file_reads_as_utf8():
    payload = ROWS.encode("gbk") + "王五,13700137000,夜班\n".encode()
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame["name"].tolist() == ["张三", "李四", "王五"]


def test_gbk_that_looks_like_malformed_utf8_reads_as_gbk():
    # 鄝丄 in GBK is E0 80 81 41: the shape of an overlong UTF-8 sequence, which is not UTF-8.
    payload = "姓名,手机号\n".encode("gbk") + "鄝丄,1\n".encode("gbk")
    assert payload.endswith(b"\xe0\x80\x81\x41,1\n")
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame["name"].tolist() == ["鄝丄"]


def test_a_line_in_no_known_encoding_is_named():
    payload = ROWS.encode("gbk") + b"\xff\xff,13700137000,\n"
    with pytest.raises(InputError, match=r"neither UTF-8 nor GBK/GB18030 \(line 4\)"):
        read_table(io.BytesIO(payload), SCHEMA)


def test_xlsx_data_after_empty_sheets_is_found_with_true_row_numbers():
    book = Workbook()
    book.active.title = "封面 cover"
    data = book.create_sheet("名单")
    data.append([None])
    for row in ROWS.splitlines():
        data.append(row.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(io.BytesIO(buffer.getvalue()), SCHEMA)
    assert table.frame["name"].tolist() == ["张三", "李四"]
    assert table.frame.index.tolist() == [1, 2]


def test_a_quote_left_open_is_its_rows_error_and_the_rows_after_it_still_load():
    payload = '姓名,手机号\n"张三,13800138000\n李四,13900139000\n王五,13700137000\n'.encode()
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame["name"].tolist() == ["李四", "王五"]
    assert table.frame.index.tolist() == [2, 3]
    assert [(e.row, "never closed" in e.reason) for e in table.errors] == [(1, True)]


def test_a_closed_quoted_cell_may_hold_line_breaks():
    table = read_table(io.BytesIO('姓名,手机号\n"张\n三",1\n李四,2\n'.encode()), SCHEMA)
    assert table.frame["name"].tolist() == ["张\n三", "李四"]
    assert table.errors == []


def test_a_quote_left_open_in_the_header_refuses_the_file():
    with pytest.raises(InputError, match="表头行的引号未闭合"):
        read_table(io.BytesIO('"姓名,手机号\n张三,1\n'.encode()), SCHEMA)


def test_every_quote_left_open_is_reported_up_to_a_bound(monkeypatch):
    # Found by a random search: two records, one after the other, open a quote that runs to the
    # end of the file.
    payload = '姓名,手机号\na","\na\na,a\na","\n,,a\n"a\n'.encode()
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert [e.row for e in table.errors if "never closed" in e.reason] == [1, 4]
    assert table.frame.index.tolist() == [2, 3, 6]
    monkeypatch.setattr(tables, "MAX_OPEN_QUOTES", 1)
    with pytest.raises(InputError, match="超过 1 个引号未闭合"):
        read_table(io.BytesIO(payload), SCHEMA)
