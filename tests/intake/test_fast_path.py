"""`read_table`'s pandas fast path builds exactly the table the record-by-record path builds."""

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake import Column, read_table, tables
from intake.tables import _csv_records, _fast_csv_table, _records_to_table

SCHEMA = [Column("name", ("姓名", "name"), required=True), Column("phone", ("手机号", "phone"))]


def both_paths(payload: bytes, schema=SCHEMA):
    fast = _fast_csv_table(payload, list(schema), "t.csv")
    slow = _records_to_table(_csv_records(payload, "t.csv"), list(schema), "t.csv")
    return fast, slow


def assert_same(fast, slow):
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.errors == slow.errors
    assert fast.extra_columns == slow.extra_columns


@pytest.mark.parametrize(
    "payload",
    [
        "姓名,手机号,备注\n张三,1,夜班\n李四,2,\n".encode(),
        b"\xef\xbb\xbf" + "姓名,手机号\n张三,1\n".encode(),
        "姓名;手机号\n张三;1\n".encode("gbk"),
        "姓名,手机号\n张三,1\n\n姓名,手机号\n李四,2\n \n王五\n".encode(),
        '姓名,手机号\n"张,三","1\n2"\n李四, 2 \r\n'.encode(),
        "姓名,手机号,,\n张三,1,,\n".encode(),
        "姓名,姓名,\n张三,李四,\n".encode(),
        "姓名,手机号\n张三,1,多余\n李四,2\n".encode(),
        "姓名,手机号,,\n张三,1,,x\n".encode(),
        "姓名,手机号\n张三,1\n王五,2,3,4,5,6,7,8,9,10,11,12,13\n李四,2,x\n".encode("gbk"),
    ],
    ids=[
        "extra",
        "bom",
        "gbk",
        "blank-and-repeated",
        "quoted",
        "trailing-empty",
        "dupes",
        "too-wide",
        "too-wide-blank-header",
        "wider-twice",
    ],
)
def test_fast_path_matches_the_record_reader(payload):
    fast, slow = both_paths(payload)
    assert fast is not None
    assert_same(fast, slow)


@pytest.mark.parametrize(
    "payload",
    [
        "\n姓名,手机号\n张三,1\n".encode(),
        b'h1,,\n,"\n",a"',  # a wide row and stray quotes: the two parsers split lines differently
        '姓名\n"张三\n'.encode(),
        "姓名,手机号\n张三,1\n".encode("utf-16"),
        b"",
    ],
    ids=["leading-blank", "wide-with-quotes", "open-quote", "utf16", "empty"],
)
def test_fast_path_declines_what_only_the_record_reader_handles(payload):
    assert _fast_csv_table(payload, SCHEMA, "t.csv") is None


def test_read_table_takes_the_fast_path_for_a_common_csv(monkeypatch):
    def record_by_record(*_args):
        raise AssertionError("read_table read a common CSV record by record")

    monkeypatch.setattr(tables, "_records_to_table", record_by_record)
    table = read_table(io.BytesIO("姓名,手机号\n张三,1\n李四,2\n".encode("gbk")), SCHEMA)
    assert table.frame["name"].tolist() == ["张三", "李四"]


def test_a_table_far_wider_than_its_header_is_left_to_the_record_reader():
    wide_row = ",".join(["x"] * (tables.FAST_PATH_MAX_COLUMNS + 1))
    payload = f"姓名,手机号\n张三,1\n{wide_row}\n".encode()
    assert _fast_csv_table(payload, SCHEMA, "t.csv") is None
    table = read_table(io.BytesIO(payload), SCHEMA)
    assert table.frame["name"].tolist() == ["张三"]
    assert [e.row for e in table.errors] == [2]


cell = st.text(alphabet='ab张 ,"\n\r;', max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    header=st.lists(st.sampled_from(["姓名", "手机号", "备注", "x"]), min_size=1, max_size=4),
    rows=st.lists(st.lists(cell, max_size=5), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk"]),
)
def test_fast_path_agrees_with_the_record_reader_on_random_tables(header, rows, encoding):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    payload = buffer.getvalue().encode(encoding)
    schema = [Column("name", ("姓名",))]
    fast, slow = both_paths(payload, schema)
    narrow = all(len(row) <= len(header) for row in rows)
    if narrow or not any('"' in cell for row in rows for cell in row):  # see tables._read_cells
        assert fast is not None, "the fast path declined a common table"
    if fast is not None:
        assert_same(fast, slow)
