"""Property-based fuzzing of every reader and normaliser: whatever the input, the answer is a
value or the project's own error, never another exception; and the values keep their promises
(a valid ID number re-validates to itself, normalising twice changes nothing)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from intake import InputError, Table, read_table
from intake.dates import parse_date as parse_ready_date
from intake.identity import ID_WEIGHTS, check_id_number, check_phone, id_check_char
from places import PlaceError, resolve
from recruitment import normalize
from recruitment.locations import district_labels
from recruitment.readers import read_postings
from recruitment.report import build_report
from routing.inputs import ROSTER_SCHEMA, read_roster
from tests.hardening.corpus import HEADER, good_row

FAST = settings(max_examples=100, deadline=None)
SLOW = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Text that looks like what people type into spreadsheets, plus the odd characters that break
# readers: delimiters, quotes, line breaks, NUL, control characters, full width, CJK, emoji.
ODD = ",;\t|\"'\r\n\x00\x0b\x1b\u3000\u200b\u202e\ufeff=+-@<>/\\"
cell_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(ODD),
        st.sampled_from(
            "0123456789０１２３４５６７８９年月日千万kK元人天小时以上下招若干面议本科大专-~~至"
        ),
        st.sampled_from("郑州高新区郸城县周口市菏泽曹县鼓楼区张伟李娜普工有限公司"),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")


def encoded(text: str, encoding: str) -> bytes:
    return (
        text.encode(encoding, errors="replace")
        if encoding == "gb18030"
        else text.encode(encoding, errors="surrogatepass")
    )


def assert_table(table: Table) -> None:
    rows = list(table.frame.index) + [error.row for error in table.errors]
    assert all(isinstance(row, int) and row >= 1 for row in rows)
    assert len(rows) == len(set(rows))


# --- intake.read_table --------------------------------------------------------------------------


@FAST
@given(st.binary(max_size=2000))
def test_read_table_on_random_bytes(data):
    try:
        assert_table(read_table(io.BytesIO(data), source="random"))
    except InputError as error:
        assert len(str(error).splitlines()) == 1


@FAST
@given(st.binary(max_size=500))
def test_read_table_on_bytes_that_start_like_a_workbook(data):
    try:
        assert_table(read_table(io.BytesIO(b"PK\x03\x04" + data), source="random.xlsx"))
    except InputError as error:
        assert str(error).startswith("random.xlsx: ")


@pytest.mark.slow
@FAST
@given(
    rows=st.lists(st.lists(cell_text, min_size=1, max_size=6), min_size=1, max_size=8),
    delimiter=st.sampled_from(",\t;|"),
    encoding=st.sampled_from(ENCODINGS),
)
def test_read_table_on_random_text_tables(rows, delimiter, encoding):
    text = "\n".join(delimiter.join(row) for row in rows)
    try:
        table = read_table(io.BytesIO(encoded(text, encoding)), ROSTER_SCHEMA, source="t.csv")
    except InputError as error:
        assert str(error).startswith("t.csv: ") and len(str(error).splitlines()) == 1
    else:
        assert_table(table)


@FAST
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet="张伟郸城县0123456789abc ", min_size=1, max_size=8),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_plain_tables_read_back_as_written(rows):
    """Cells without delimiters, quotes or line breaks come back stripped, row for row."""
    header = ["姓名", "出发地", "备注"]
    text = "\n".join(",".join(row) for row in [header, *rows])
    table = read_table(io.BytesIO(text.encode("utf-8")), source="t.csv")
    written = [[cell.strip() for cell in row] for row in rows]
    kept = [
        (number, row) for number, row in enumerate(written, start=1) if any(row) and row != header
    ]
    assert list(table.frame.index) == [number for number, _ in kept]
    assert table.frame.to_numpy().tolist() == [row for _, row in kept]


# --- ID numbers and phones ----------------------------------------------------------------------


@FAST
@given(st.one_of(cell_text, st.from_regex(r"[1-8]\d{16}[\dXx]", fullmatch=True)))
def test_check_id_number_returns_a_value_that_revalidates_or_says_why_not(text):
    try:
        value = check_id_number(text)
    except ValueError as error:
        assert str(error)
    else:
        assert len(value) == 18 and check_id_number(value) == value


@st.composite
def valid_ids(draw) -> str:
    area = draw(st.sampled_from(["110105", "411625", "371721", "440305", "650102"]))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2019, 12, 31)))
    first17 = f"{area}{birth:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + id_check_char(first17)


@FAST
@given(valid_ids(), st.integers(0, 17), st.integers(1, 9))
def test_every_valid_id_is_accepted_and_every_single_mistyped_digit_refused(id_number, where, by):
    assert check_id_number(id_number) == id_number
    assert check_id_number(id_number.lower()) == id_number
    digits = "0123456789X" if where == 17 else "0123456789"
    wrong = digits[(digits.index(id_number[where]) + by) % len(digits)]
    assume(wrong != id_number[where])
    mistyped = id_number[:where] + wrong + id_number[where + 1 :]
    try:
        check_id_number(mistyped)
    except ValueError:
        return
    raise AssertionError(f"{mistyped} accepted (weights {ID_WEIGHTS})")


@FAST
@given(st.one_of(cell_text, st.from_regex(r"(\+86)?[ -]?1[3-9]\d{9}", fullmatch=True)))
def test_check_phone_returns_a_value_that_revalidates_or_says_why_not(text):
    try:
        value = check_phone(text)
    except ValueError as error:
        assert str(error)
    else:
        assert value.isdigit() and check_phone(value) == value


# --- recruitment.normalize ----------------------------------------------------------------------

SALARY_LIKE = st.from_regex(
    r"\d{1,12}(\.\d{1,3})?[千万kK]?(-\d{1,12}[千万kK]?)?(元)?(/(月|天|小时|年))?"
    r"(以上|以下)?(·\d{1,3}薪)?",
    fullmatch=True,
)


@pytest.mark.slow
@FAST
@given(st.one_of(cell_text, SALARY_LIKE))
def test_parse_salary_never_raises_with_errors_null_and_its_canonical_text_reads_back(text):
    salary = normalize.parse_salary(text, errors="null")
    if salary is None:
        return
    again = normalize.parse_salary(salary.canonical_text())
    assert again is not None and again.months == salary.months
    for before, after in (
        (salary.min_monthly, again.min_monthly),
        (salary.max_monthly, again.max_monthly),
    ):
        assert (before is None) == (after is None)
        assert before is None or after == pytest.approx(before, rel=1e-9, abs=0.01)


@FAST
@given(
    st.one_of(
        cell_text, st.from_regex(r"(招|招聘)?(\d{1,25}|若干|多)(人|名)?(以上)?", fullmatch=True)
    )
)
def test_parse_headcount_never_raises_with_errors_null_and_reads_its_own_number(text):
    count = normalize.parse_headcount(text, errors="null")
    if count is not None:
        assert count > 0 and normalize.parse_headcount(str(count)) == count


@FAST
@given(cell_text)
def test_parse_education_never_raises_and_is_idempotent(text):
    level = normalize.parse_education(text, errors="null")
    if level is not None:
        assert level in normalize.EDUCATION_LEVELS
        assert normalize.parse_education(level) == level


@pytest.mark.slow
@FAST
@given(
    st.one_of(
        cell_text, st.from_regex(r"(\d{1,25}-)?\d{1,25}年(以上|以下)?(经验)?", fullmatch=True)
    )
)
def test_parse_experience_never_raises_with_errors_null(text):
    years = normalize.parse_experience(text, errors="null")
    if years is not None:
        low, high = years
        assert low >= 0 and (high is None or high >= low)


@pytest.mark.slow
@FAST
@given(
    st.one_of(
        cell_text, st.from_regex(r"(\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(发布)?", fullmatch=True)
    ),
    st.integers(1990, 2100),
)
def test_parse_posting_date_never_raises_with_errors_null_and_reads_its_iso_form(text, year):
    date = normalize.parse_date(text, year, errors="null")
    if date is not None:
        assert normalize.parse_date(date.isoformat(), year) == date


@FAST
@given(st.one_of(cell_text, st.sampled_from(normalize.DISTRICTS).map(lambda d: f"郑州市{d}xx路")))
def test_parse_district_never_raises_and_is_idempotent(text):
    district = normalize.parse_district(text, errors="null")
    if district is not None:
        assert district in district_labels()  # a county anywhere (`华安` -> 华安县) or a zone
        assert normalize.parse_district(district) == district


@FAST
@given(cell_text)
def test_parse_industry_never_raises_and_gives_a_sector(text):
    sector = normalize.parse_industry(text)
    assert sector is None or sector in normalize.SECTORS


@FAST
@given(st.sampled_from(normalize.SECTORS))
def test_a_sector_name_is_its_own_sector(sector):
    assert normalize.parse_industry(sector) == sector


posting_cells = st.one_of(cell_text, SALARY_LIKE)


@pytest.mark.slow
@SLOW
@given(st.lists(st.fixed_dictionaries({name: posting_cells for name in HEADER}), max_size=8))
def test_any_postings_table_makes_a_report(rows):
    lines = [good_row(1)] + [[row[name] for name in HEADER] for row in rows]
    text = "\n".join(
        ",".join('"' + c.replace('"', '""') + '"' for c in line) for line in [list(HEADER), *lines]
    )
    try:
        postings = read_postings(
            io.BytesIO(text.encode("utf-8", errors="surrogatepass")), source="fuzz.csv"
        )
    except InputError:
        return
    report = build_report([postings], reference_year=2020)
    assert report.headline.postings == len(postings.frame)


# --- routing: places, dates, rosters -----------------------------------------------------------


@FAST
@given(
    st.one_of(
        cell_text,
        st.lists(
            st.sampled_from(
                [
                    "河南省",
                    "周口市",
                    "郸城县",
                    "山东省",
                    "菏泽",
                    "曹县",
                    "鼓楼区",
                    "城关镇",
                    "高新区",
                    "郑州",
                ]
            ),
            max_size=4,
        ).map("".join),
    ),
    st.sampled_from([None, "郑州市", "河南省", "火星"]),
)
def test_resolve_gives_a_division_or_a_place_error(text, within):
    try:
        place = resolve(text, within=within)
    except PlaceError as error:
        assert str(error)
    else:
        assert 3 <= place.lat <= 54 and 73 <= place.lon <= 136  # mainland China
        assert place.full_name


@FAST
@given(st.one_of(cell_text, st.dates().map(str)))
def test_ready_date_gives_a_date_or_a_value_error(text):
    try:
        date = parse_ready_date(text, 2020)
    except ValueError as error:
        assert str(error)
    else:
        assert parse_ready_date(date.isoformat(), 2020) == date


@FAST
@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_the_five_ready_date_formats_read_back(date):
    for text in (
        f"{date:%Y-%m-%d}",
        f"{date.year}/{date.month}/{date.day}",
        f"{date.year}.{date.month}.{date.day}",
        f"{date:%Y%m%d}",
        f"{date.year}年{date.month}月{date.day}日",
    ):
        assert parse_ready_date(text, 2020) == date, text


@SLOW
@given(st.lists(st.fixed_dictionaries({name: cell_text for name in HEADER[:9]}), max_size=6))
def test_any_roster_reports_every_row(employers, gazetteer, rows):
    lines = [[row[name] for name in HEADER[:9]] for row in rows]
    text = "\n".join(
        ",".join('"' + c.replace('"', '""') + '"' for c in line)
        for line in [list(HEADER[:9]), *lines]
    )
    data = text.encode("utf-8", errors="surrogatepass")
    try:
        roster = read_roster(io.BytesIO(data), employers, gazetteer, depart=None, source="r.csv")
    except InputError:
        return
    table = read_table(io.BytesIO(data), ROSTER_SCHEMA)
    accepted = {w.row for w in roster.workers}
    rejected = {u.row for u in roster.rejected}
    assert not accepted & rejected
    assert accepted | rejected == set(table.frame.index) | {e.row for e in table.errors}
    assert pd.Series([u.reason for u in roster.rejected], dtype="str").str.strip().ne("").all()
