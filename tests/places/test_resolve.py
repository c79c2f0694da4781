"""How the resolver reads a text (issue 12, item 3): it never guesses across contradictions."""

import pytest

from places import Division, PlaceError, resolve

DANCHENG = "411625"


def code(text: str, within: str | None = None) -> str:
    return resolve(text, within=within).code


@pytest.mark.parametrize("text", ["周口汲冢镇", "汲冢镇", "郸城汲冢", "郸城县汲冢镇"])
def test_a_town_resolves_to_its_county(text):
    found = resolve(text)
    assert (found.code, found.level, found.county, found.name) == (
        DANCHENG,
        "town",
        "郸城县",
        "汲冢镇",
    )
    assert found.town_code.startswith(DANCHENG) and len(found.town_code) == 9
    assert found.full_name == "河南省周口市郸城县汲冢镇"


def test_the_public_api_answers_with_names_at_every_level():
    found = resolve("河南周口郸城")
    assert isinstance(found, Division)
    assert (
        found.code,
        found.name,
        found.level,
        found.province,
        found.prefecture,
        found.county,
    ) == (DANCHENG, "郸城县", "county", "河南省", "周口市", "郸城县")
    assert found.full_name == "河南省周口市郸城县"


@pytest.mark.parametrize(
    "text", ["高新区天府软件园C区12栋", "经济开发区岗山路806号", "亦庄经济开发区科创街"]
)
def test_a_zone_alias_alone_names_no_place(text):
    with pytest.raises(PlaceError):
        resolve(text)


def test_a_zone_alias_applies_inside_the_city_the_text_or_the_context_names():
    assert code("郑州市高新区科学大道100号") == "410172"
    assert code("高新区科学大道100号", within="郑州市") == "410172"
    assert code("经开区", within="郑州") == "410171"
    assert code("郑州航空港") == "410173"


@pytest.mark.parametrize(
    "text",
    [
        "在苏州打工 老家周口郸城",
        "深圳回来 河南郸城",
        "老家郸城，现在苏州工作",
        "中山路12号 周口市郸城县",
        "黄山路3号郸城县",
    ],
)
def test_the_home_county_wins_over_a_place_of_work_or_a_road(text):
    assert code(text) == DANCHENG


def test_two_complete_places_without_a_marker_are_refused_with_both():
    with pytest.raises(PlaceError, match="两个不同的地方") as caught:
        resolve("北京朝阳区 周口郸城县")
    assert set(caught.value.candidates) == {"北京市朝阳区", "河南省周口市郸城县"}


@pytest.mark.parametrize("text", ["郸成县", "我在乐安村", "中原路88号"])
def test_a_short_name_inside_another_word_is_not_a_county(text):
    with pytest.raises(PlaceError):
        resolve(text)


def test_stems_match_only_at_a_boundary():
    assert resolve("望远镇三沙源小区").prefecture == "银川市"  # 望远镇 of 永宁县, not 三沙市
    assert resolve("湖北省襄樊市南漳县").full_name == "湖北省襄阳市南漳县"


def test_digits_never_start_a_match():
    assert resolve("阿里虚拟号 13512345678 重庆市云阳县").full_name == "重庆市云阳县"
    assert code("13800138000郸城县") == DANCHENG


def test_a_typo_of_a_county_gives_the_city_and_suggests_the_county():
    found = resolve("周口市郸诚县")
    assert (found.level, found.code) == ("prefecture", "411600")
    assert found.suggestion == "河南省周口市郸城县"
    assert resolve("周口市").suggestion == ""


def test_ambiguous_names_are_refused_and_context_breaks_the_tie():
    with pytest.raises(PlaceError, match="多处同名") as caught:
        resolve("鼓楼区")
    assert "河南省开封市鼓楼区" in caught.value.candidates
    assert resolve("鼓楼区", within="开封市").full_name == "河南省开封市鼓楼区"
    assert code("河南鼓楼区") == "410204"
    with pytest.raises(PlaceError):
        resolve("鼓楼区", within="郑州市")  # context breaks ties; it does not invent


def test_old_names_resolve_to_todays_divisions():
    assert resolve("平泉县").full_name == "河北省承德市平泉市"
    assert resolve("柳州地区忻城县").full_name == "广西壮族自治区来宾市忻城县"
    assert resolve("莱芜市钢城区").full_name == "山东省济南市钢城区"
    assert resolve("莱芜").full_name == "山东省济南市莱芜区"


def test_a_province_alone_is_refused_a_municipality_or_city_alone_is_the_city():
    with pytest.raises(PlaceError, match="只写到省"):
        resolve("河南省")
    assert (resolve("重庆解放碑").code, resolve("周口").level) == ("500000", "prefecture")


def test_a_stem_shared_by_a_city_and_its_own_county_reads_as_the_city():
    assert resolve("湘潭城塘社区").full_name == "湖南省湘潭市"  # not 湘潭县
    assert resolve("湘潭县城塘社区").full_name == "湖南省湘潭市湘潭县"
    assert resolve("内蒙古乌海海南").full_name == "内蒙古自治区乌海市海南区"
    with pytest.raises(PlaceError, match="多处同名"):
        resolve("海南")  # 海南省, 乌海市海南区 or 海南藏族自治州


def test_a_typo_with_only_the_province_is_refused_with_the_suggestion():
    with pytest.raises(PlaceError, match="是不是河南省周口市郸城县") as caught:
        resolve("河南郸诚县")
    assert caught.value.candidates == ("河南省周口市郸城县",)


def test_a_stem_naming_a_city_and_counties_elsewhere_is_refused_unless_context_decides():
    with pytest.raises(PlaceError, match="多处同名") as caught:
        resolve("朝阳")
    assert {"辽宁省朝阳市", "北京市朝阳区"} <= set(caught.value.candidates)
    assert resolve("朝阳", within="北京").full_name == "北京市朝阳区"
    assert resolve("朝阳", within="辽宁").full_name == "辽宁省朝阳市"
    assert resolve("辽宁朝阳").full_name == "辽宁省朝阳市"
