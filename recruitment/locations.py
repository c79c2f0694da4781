"""A posting's city (地级市) and district (区/县) for all of China, from the project's one place
resolver.

`resolve_place` is the only call into the resolver (the transport half uses the same one). The
rest reads what boards print: `郑州·中原·梧桐` (Zhaopin's short form), `北京-朝阳区`,
`南京·雨花台区·南京南站`, a city column and a district column (Lagou's `city`, `district`), or an
address. A development zone's short name (`高新区`, `经开区`) belongs to the city the posting names:
`合肥·高新区` is 合肥市 高新区, never Zhengzhou's; without a city it names no city at all.

>>> place_of("郑州·中原·梧桐"), place_of("南京-栖霞区"), place_of("合肥·高新区")
(('郑州市', '中原区'), ('南京市', '栖霞区'), ('合肥市', '高新区'))
>>> place_of("北京"), place_of("高新区"), place_of("异地招聘")
(('北京市', None), (None, '高新区'), (None, None))
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

from places import Division, Gazetteer, PlaceError, resolve

MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
ZONE_WORDS = (
    ("高新区", r"高新技术产业开发区|高新技术开发区|高新开发区|高新区|高新"),
    ("经开区", r"经济技术开发区|经济开发区|经开区|经开"),
)
"""Development zones many cities have: named after the city they are in."""
ZONE_LABELS = {
    "高新技术产业开发区": "高新区",
    "经济技术开发区": "经开区",
    "航空港经济综合实验区": "航空港区",
}
OWN_LABELS = ("郑东新区",)
"""Zones whose own name carries no city to cut (Zhengzhou's tables say 郑东新区)."""
GENERIC_ZONE = re.compile("|".join(pattern for _, pattern in ZONE_WORDS))


def resolve_place(text: str, *, within: str | None = None) -> Division:
    """The project's place resolver (raises `PlaceError` with the reason and the candidates)."""
    return resolve(text, within=within)


def place_of(text: str) -> tuple[str | None, str | None]:
    """(city, district) a location text names; None for what it does not say."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if not plain:
        return None, None
    try:
        division = resolve_place(plain)
    except PlaceError:  # e.g. `合肥·高新区`: a city with two zones the short name could mean
        return _city_before_zone(plain) or _municipality(plain), _generic_zone(plain)
    if division.level in ("county", "zone", "town"):
        city = division.prefecture or division.province
        if division.level == "zone" and not _names_city(plain, city):
            return None, _generic_zone(plain)  # `高新区` alone: whose? not said
        return city, _district_label(division, city)
    if division.level == "prefecture":
        return division.name, _generic_zone(plain[plain.find(_short(division.name)) :])
    return _municipality(division.name), None


def place_columns(texts: pd.Series) -> pd.DataFrame:
    """`city` and `district` of each location text (categoricals; NaN when not said), each
    distinct text resolved once."""
    codes, distinct = pd.factorize(texts.astype("str").fillna(""))
    places = [place_of(text) for text in distinct]
    columns = {}
    for name, values in (("city", [c for c, _ in places]), ("district", [d for _, d in places])):
        labels, categories = pd.factorize(pd.Series(values, dtype="str"))
        per_row = labels[codes] if len(places) else codes
        columns[name] = pd.Categorical.from_codes(per_row, categories=categories.astype("str"))
    return pd.DataFrame(columns, index=texts.index)


def location_text(city: pd.Series, district: pd.Series, address: pd.Series) -> pd.Series:
    """One text per posting, city first so it gives the district its context: `北京·朝阳区·望京`."""
    parts = [city.astype("str"), district.astype("str"), address.astype("str")]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.where(part == "", joined + "·" + part).where(joined != "", part)
    return joined


@cache
def district_labels() -> frozenset[str]:
    """Every district label `place_of` can give: county-level names (`朝阳区`, in 北京 and in 长春)
    and zone labels. A table's district column holds these, so each reads back as itself."""
    gazetteer = Gazetteer.default()
    labels = {d.name for d in gazetteer.counties()}
    for zone in (d for d in gazetteer.divisions if d.level == "zone"):
        labels.add(_district_label(zone, zone.prefecture or zone.province))
    return frozenset(labels)


def _short(name: str) -> str:
    return re.sub(r"(市|地区|自治州|盟)$", "", name)


def _names_city(text: str, city: str) -> bool:
    return _short(city) in text or not GENERIC_ZONE.search(text)


def _district_label(division: Division, city: str) -> str:
    """A county by its name; a zone by the short label tables use when, past its province and
    city, it is one of the generic kinds (`秦皇岛市经济技术开发区` -> 经开区, `郑东新区`), else by its
    full name (`苏州工业园区`, `镇江新区`: cut to `工业园区` or `新区` it would name nothing)."""
    if division.level != "zone":
        return division.name
    own_name = rf"^(?:{re.escape(division.province[:2])}省?)?(?:{re.escape(_short(city))}市?)?"
    rest = re.sub(own_name, "", division.name)
    if rest in ZONE_LABELS:
        return ZONE_LABELS[rest]
    for label, pattern in ZONE_WORDS:
        if re.fullmatch(pattern, rest):
            return label
    return rest if rest in OWN_LABELS else division.name


def _generic_zone(text: str) -> str | None:
    for label, pattern in ZONE_WORDS:
        if re.search(pattern, text):
            return label
    return None


def _city_before_zone(text: str) -> str | None:
    """The city named in front of a zone's short name (`合肥·高新区` -> 合肥市), if any."""
    zone = GENERIC_ZONE.search(text)
    head = text[: zone.start()].strip(" ·-－—/") if zone else ""
    if not head:
        return None
    try:
        division = resolve_place(head)
    except PlaceError:
        return None
    return division.name if division.level == "prefecture" else None


def _municipality(text: str) -> str | None:
    for name in MUNICIPALITIES:
        if text.startswith((name, _short(name))):
            return name
    return None
