import json
import typing
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.geocoders import Nominatim

from places import PlaceError
from routing.geocoding import FallbackGeocoder, OnlineGeocoder, locate, place_of
from tests.routing.standin import JsonHandler, serving

DANCHENG = "河南省周口市郸城县"
CAOXIAN = "山东省菏泽市曹县"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("河南省周口市郸城县", DANCHENG),
        ("周口市郸城县", DANCHENG),
        ("周口郸城县", DANCHENG),
        ("郸城县", DANCHENG),
        ("郸城", DANCHENG),
        ("  郸城县 宁平镇 ", DANCHENG),
        ("山东省菏泽市曹县城关镇", CAOXIAN),
        ("菏泽曹县", CAOXIAN),
        ("淮阳县", "河南省周口市淮阳区"),  # renamed in 2019
        ("周口市淮阳区", "河南省周口市淮阳区"),
        ("莱芜市钢城区", "山东省济南市钢城区"),  # 莱芜市 was merged into 济南 in 2019
        ("郑州市高新区科学大道100号", "河南省郑州市郑州高新技术产业开发区"),
        ("北京市朝阳区", "北京市朝阳区"),
        ("恩施州利川市", "湖北省恩施土家族苗族自治州利川市"),
    ],
)
def test_the_forms_people_type(gazetteer, text, expected):
    assert locate(text).name == expected


def test_a_prefecture_alone_is_placed_at_prefecture_level(gazetteer):
    place = locate("周口")
    assert (place.name, place.level) == ("河南省周口市", "prefecture")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "地址为空"),
        ("火星村", "没有认出"),
        ("河南省", "只写到省"),
        ("中原路88号", "没有认出"),  # a road named after a district is not the district
    ],
)
def test_unknown_text_is_reported(gazetteer, text, reason):
    with pytest.raises(PlaceError, match=reason):
        gazetteer.resolve(text)


def test_ambiguous_text_lists_the_candidates_and_never_guesses(gazetteer):
    with pytest.raises(PlaceError, match="多处同名") as caught:
        gazetteer.resolve("鼓楼区")
    assert "河南省开封市鼓楼区" in caught.value.candidates
    assert len(caught.value.candidates) == 4


def test_a_hint_breaks_a_tie_but_does_not_invent(gazetteer):
    assert gazetteer.resolve("鼓楼区", within="开封市").full_name == "河南省开封市鼓楼区"
    with pytest.raises(PlaceError):
        gazetteer.resolve("鼓楼区", within="郑州市")


def test_every_county_of_henan_and_shandong_resolves_by_its_full_name(gazetteer):
    counties = gazetteer.counties("河南省") + gazetteer.counties("山东省")
    assert len(counties) > 250
    for county in counties:
        assert gazetteer.resolve(county.full_name) == county


class _StandInNominatim(JsonHandler):
    """Answers like Nominatim's /search: a fixed place for one query, nothing for others."""

    queries: typing.ClassVar[list[str]] = []

    def answer_get(self):
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        type(self).queries.append(query)
        return 200, [
            {"lat": "33.1", "lon": "115.2", "display_name": query}
        ] if "王庄" in query else []


@pytest.fixture()
def nominatim():
    _StandInNominatim.queries = []
    with serving(_StandInNominatim) as address:
        yield Nominatim(user_agent="fanggang-test", domain=address, scheme="http")


def test_online_geocoder_answers_and_caches(nominatim, tmp_path):
    cache_file = tmp_path / "cache.json"
    online = OnlineGeocoder(nominatim.geocode, cache_file=cache_file)
    place = online.locate("王庄村")
    assert (place.lat, place.lon, place.level) == (33.1, 115.2, "geocoded")
    online.locate("王庄村")
    assert _StandInNominatim.queries == ["王庄村"]
    assert json.loads(cache_file.read_text(encoding="utf-8")) == {"王庄村": [33.1, 115.2]}
    with pytest.raises(PlaceError, match="查不到"):
        online.locate("火星村")


def test_fallback_asks_online_only_for_unknown_text(gazetteer, nominatim):
    chained = FallbackGeocoder(gazetteer, OnlineGeocoder(nominatim.geocode))
    assert chained.locate("郸城县").name == DANCHENG
    assert chained.locate("王庄村").level == "geocoded"
    with pytest.raises(PlaceError, match="多处同名"):
        chained.locate("鼓楼区")
    assert _StandInNominatim.queries == ["王庄村"]


def test_an_unreachable_geocoder_is_a_place_error():
    def down(query):
        raise ConnectionError("connection refused")

    with pytest.raises(PlaceError, match="connection refused"):
        OnlineGeocoder(down).locate("王庄村")


def test_a_division_becomes_a_routing_place_with_its_code(gazetteer):
    place = place_of(gazetteer.resolve("周口郸城县"))
    assert (place.name, place.code, place.level) == (DANCHENG, "411625", "county")
