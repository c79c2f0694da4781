import io

import pytest

from intake import InputError, MissingColumnsError
from intake.dates import parse_date
from routing.inputs import read_employers, read_fleet, read_roster
from tests.routing.conftest import DATA, DEPART


def roster(name, employers, gazetteer):
    with (DATA / name).open("rb") as f:
        return read_roster(f, employers, gazetteer, depart=DEPART, source=name)


@pytest.mark.parametrize(
    "name", ["roster_ok.csv", "roster_ok_gbk.csv", "roster_english_bom.csv", "roster_ok.xlsx"]
)
def test_every_encoding_format_and_header_style_gives_the_same_workers(name, employers, gazetteer):
    result = roster(name, employers, gazetteer)
    assert result.rejected == []
    assert [w.row for w in result.workers] == [1, 2, 3, 4, 5, 6]
    assert [w.origin.name for w in result.workers[:5]] == [
        "河南省周口市郸城县",
        "河南省周口市郸城县",
        "河南省周口市淮阳区",
        "山东省菏泽市曹县",
        "山东省菏泽市曹县",
    ]
    gathering_point = result.workers[5].origin
    assert (gathering_point.lat, gathering_point.lon, gathering_point.level) == (
        33.7,
        115.25,
        "point",
    )


def test_bad_rows_are_reported_with_row_and_reason_and_good_rows_still_load(employers, gazetteer):
    result = roster("roster_bad_rows.csv", employers, gazetteer)
    assert [w.row for w in result.workers] == [1, 10]
    reasons = {u.row: (u.constraint, u.reason) for u in result.rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9]
    fields = {e.row: e.field for e in result.errors}
    assert (fields[2], fields[5]) == ("id_number", "phone")  # intake's checks, in its words
    assert "火星村" in reasons[3][1]
    assert reasons[4][1] == "用工单位“郑州不存在公司”不在单位名单中"
    assert reasons[6][1] == "与第 1 行身份证号相同"
    assert "多处同名" in reasons[7][1]
    assert reasons[8][0] == "health"
    assert reasons[9][0] == "ready_date"
    assert {e.row for e in result.errors} == set(reasons)


def test_a_row_with_several_problems_lists_them_all(employers, gazetteer):
    text = "姓名,身份证号,手机号,出发地,用工单位\n,123,abc,火星村,郑州宇辉电子科技有限公司\n"
    result = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=DEPART)
    [rejected] = result.rejected
    assert rejected.reason.count("；") == 3
    assert {e.field for e in result.errors} == {"name", "id_number", "phone", "origin"}


def test_a_missing_required_column_is_a_file_error(employers, gazetteer):
    with pytest.raises(MissingColumnsError, match="origin"):
        roster("roster_missing_origin.csv", employers, gazetteer)


def test_a_typo_in_an_employer_name_suggests_the_right_one(employers, gazetteer):
    text = "姓名,身份证号,手机号,出发地,用工单位\n张三,11010519491231002X,13800138000,郸城县,郑州宇辉电子科技公司\n"
    result = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=DEPART)
    assert "是不是“郑州宇辉电子科技有限公司”" in result.rejected[0].reason


@pytest.mark.parametrize(
    "lat, lon, message",
    [
        ("33.7", "", "都填"),
        ("115.2", "33.7", "填反"),
        ("abc", "115", "不是十进制"),
        ("1_0", "2_0", "不是十进制"),
        ("nan", "115", "不是十进制"),
        ("-0", "-0", "中国境外"),
        ("33.7", "-115.2", "中国境外"),
    ],
)
def test_own_coordinates_are_checked(employers, gazetteer, lat, lon, message):
    text = (
        f"姓名,身份证号,手机号,出发地,用工单位,纬度,经度\n"
        f"张三,11010519491231002X,13800138000,郸城县,郑州宇辉电子科技有限公司,{lat},{lon}\n"
    )
    result = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=DEPART)
    assert message in result.rejected[0].reason


def test_employers_by_coordinates_or_address(employers):
    by_address = employers["郑州汉光测控技术有限公司"].place
    assert by_address.name == "河南省郑州市郑州高新技术产业开发区"
    assert employers["郑州宇辉电子科技有限公司"].place.lat == 34.815


def test_an_employers_file_without_usable_rows_is_an_error(gazetteer):
    with pytest.raises(InputError, match="没有可用的单位"):
        read_employers(io.BytesIO("单位名称,地址\n某公司,火星\n".encode()), gazetteer)


def test_fleet_file():
    with (DATA / "fleet_ok.csv").open("rb") as f:
        fleet = read_fleet(f)
    assert [(b.name, b.seats, b.count, b.cost_per_km) for b in fleet] == [
        ("大巴", 45, 2, 6.5),
        ("中巴", 33, None, 5.0),
    ]
    with (
        (DATA / "fleet_bad.csv").open("rb") as f,
        pytest.raises(InputError, match="第 1 行：座位数"),
    ):
        read_fleet(f)


@pytest.mark.parametrize(
    "text",
    ["2020-02-18", "2020/2/18", "2020.2.18", "20200218", "2020年2月18日", "2月18日", "02-18"],
)
def test_dates_in_the_forms_people_write(text):
    assert parse_date(text, 2020).isoformat() == "2020-02-18"


def test_a_non_date_says_how_to_write_one():
    with pytest.raises(ValueError, match="2020-02-18"):
        parse_date("next week", 2020)


def test_text_longer_than_the_database_keeps_is_a_row_error(employers, gazetteer):
    text = (
        f"姓名,身份证号,手机号,出发地,用工单位\n{'张' * 51},11010519491231002X,13800138000,"
        f"{'郸城县' * 70},郑州宇辉电子科技有限公司\n"
    )
    result = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=DEPART)
    assert "姓名有 51 个字，超过 50 个" in result.rejected[0].reason
    assert "出发地有 210 个字，超过 200 个" in result.rejected[0].reason


def test_a_placeholder_ready_date_is_refused(employers, gazetteer):
    text = (
        "姓名,身份证号,手机号,出发地,用工单位,最早出发\n"
        "张三,11010519491231002X,13800138000,郸城县,郑州宇辉电子科技有限公司,9999-12-31\n"
    )
    result = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=None)
    assert "占位值" in result.rejected[0].reason


def test_an_origin_placed_only_at_its_city_loads_with_a_warning_and_a_suggestion(
    employers, gazetteer
):
    text = (
        "姓名,身份证号,手机号,出发地,用工单位\n"
        "张三,11010519491231002X,13800138000,周口市郸诚县,郑州宇辉电子科技有限公司\n"
        "李四,411625199001010111,13800138001,周口市郸城县,郑州宇辉电子科技有限公司\n"
    )
    result = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=DEPART)
    assert [w.origin.level for w in result.workers] == ["prefecture", "county"]
    [warning] = result.warnings
    assert (warning.row, warning.field) == (1, "origin")
    assert "只认出到河南省周口市" in warning.reason and "是不是河南省周口市郸城县" in warning.reason


def test_a_town_in_the_origin_places_the_worker_at_its_county(employers, gazetteer):
    text = (
        "姓名,身份证号,手机号,出发地,用工单位\n"
        "张三,11010519491231002X,13800138000,周口汲冢镇,郑州宇辉电子科技有限公司\n"
    )
    [worker] = read_roster(io.BytesIO(text.encode()), employers, gazetteer, depart=DEPART).workers
    assert (worker.origin.name, worker.origin.code, worker.origin.level) == (
        "河南省周口市郸城县",
        "411625",
        "county",
    )
