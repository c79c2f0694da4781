"""Where people are: turn the address text people type into a Division (a county, zone or city).

The bundled gazetteer (`data/places/divisions.csv`: every county-level
division of mainland China with its seat's coordinates, plus Zhengzhou's development zones). It reads
`河南省周口市郸城县`, `周口市郸城县`, `周口郸城县`, `郸城县`, `菏泽曹县` and `山东省菏泽市曹县城关镇`
(the township is kept as detail). Text that names no division, or names one that exists in several
places without saying which, raises `PlaceError` with the reason and the candidates: never a guess.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "data" / "places" / "divisions.csv"
ETHNIC_GROUPS = ["蒙古", "回族", "藏族", "维吾尔", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克", "傣族", "黎族", "傈僳族", "佤族", "畲族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克", "怒族", "乌孜别克", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔", "独龙族", "鄂伦春", "赫哲族", "门巴族", "珞巴族", "基诺族", "各族"]
DIVISION_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
                     "省", "市", "区", "县", "旗", "盟")
ROAD_WORDS = ("路", "街", "大道", "道", "巷", "胡同", "号")
AREA_LEVELS = ("county", "zone")


class PlaceError(ValueError):
    """Text that cannot be placed; `candidates` lists the places it could mean when it is ambiguous."""

    def __init__(self, reason: str, candidates: Iterable[str] = ()):
        self.candidates = tuple(candidates)
        super().__init__(reason)


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province, prefecture, county, zone, town
    province: str
    prefecture: str
    county: str  # the county-level name; "" above county level
    lat: float
    lon: float
    former_prefecture: str = ""

    @property
    def full_name(self) -> str:
        parts = [self.province]
        if self.level in AREA_LEVELS and self.prefecture and self.prefecture != self.province:
            parts.append(self.prefecture)
        if self.name != self.province:
            parts.append(self.name)
        return "".join(parts)

    def lies_in(self, area: Division) -> bool:
        if area.level == "province":
            return self.province == area.name and self is not area
        if area.level == "prefecture":
            return self.level in AREA_LEVELS and area.name in (self.prefecture, self.former_prefecture)
        return False


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s,，、;；:：·.()（）\[\]【】\-—_/\\#\"'“”]+", "", text)


def short_forms(name: str, level: str) -> list[str]:
    """`周口市` -> `周口`; `本溪满族自治县` -> `本溪`; `内蒙古自治区` -> `内蒙古`. One-character stems
    (`曹县` -> `曹`) are too ambiguous to stand alone and are not offered."""
    stem = name
    for suffix in DIVISION_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    if level != "province" or stem != "内蒙古":
        cut = min((stem.find(g) for g in ETHNIC_GROUPS if stem.find(g) > 0), default=len(stem))
        stem = stem[:cut]
    return [stem] if stem != name and len(stem) >= 2 else []


class Gazetteer:
    """The offline resolver. Build it once (`Gazetteer.default()` is cached) and call `locate`."""

    def __init__(self, divisions: Iterable[Division], aliases: dict[str, list[str]] | None = None):
        self.divisions = list(divisions)
        self._index: dict[str, list[Division]] = defaultdict(list)
        self._short: set[str] = set()
        for division in self.divisions:
            names = [division.name, *(aliases or {}).get(division.code, [])]
            for name in names:
                self._add(name, division)
                for short in short_forms(name, division.level):
                    self._add(short, division)
                    self._short.add(short)
            if division.former_prefecture:  # an abolished prefecture still names its old counties
                self._add(division.former_prefecture, division, as_context=True)
        self._longest = max(len(name) for name in self._index)

    def _add(self, name: str, division: Division, as_context: bool = False) -> None:
        entry = self._index[name]
        marker = _ContextOnly(division) if as_context else division
        if marker not in entry:
            entry.append(marker)

    @classmethod
    def from_csv(cls, path: Path = GAZETTEER_PATH) -> Gazetteer:
        divisions, aliases = [], {}
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                divisions.append(Division(
                    code=row["code"], name=row["name"], level=row["level"], province=row["province"],
                    prefecture=row["prefecture"],
                    county=row["name"] if row["level"] in AREA_LEVELS else "", lat=float(row["lat"]), lon=float(row["lon"]),
                    former_prefecture=row["former_prefecture"],
                ))
                aliases[row["code"]] = [n for n in row["former_names"].split("|") if n]
        return cls(divisions, aliases)

    @staticmethod
    @cache
    def default() -> Gazetteer:
        return Gazetteer.from_csv()

    def counties(self, province: str | None = None) -> list[Division]:
        return [d for d in self.divisions
                if d.level == "county" and (province is None or d.province == province)]

    def resolve(self, text: str, *, within: str | None = None) -> Division:
        """Resolve address text to a county-level division (or a prefecture when no county is
        named). `within` names a province or prefecture that breaks ties, e.g. "郑州市"."""
        plain = normalise_text(text)
        if not plain:
            raise PlaceError("地址为空")
        context: list[list[Division]] = []
        areas = self._scan(plain, context)
        if areas:
            return self._pick(areas, text, within)
        narrowest = context[-1] if context else []
        for levels in (("prefecture",), AREA_LEVELS):  # a city, else an abolished city's counties
            named = [d for d in narrowest if d.level in levels]
            if named:
                return self._pick(named, text, within)
        if narrowest:
            raise PlaceError(f"“{text}”只写到省（{narrowest[0].name}），请写明县区")
        raise PlaceError(f"“{text}”中没有认出中国大陆的县、区或城市")

    def _scan(self, plain: str, context: list[list[Division]]) -> list[Division]:
        """Walk the text left to right taking the longest known name at each point. Provinces and
        prefectures become context; the first county or zone that fits the context ends the walk."""
        position = 0
        while position < len(plain):
            name, entries = self._longest_match(plain, position)
            if not name:
                position += 1
                continue
            end = position + len(name)
            fitting = [e for e in entries if _fits(e, context)]
            is_road = name in self._short and plain[end:].startswith(ROAD_WORDS)
            areas = [e for e in fitting if isinstance(e, Division) and e.level in AREA_LEVELS]
            wider = [e.division if isinstance(e, _ContextOnly) else e for e in fitting
                     if isinstance(e, _ContextOnly) or e.level not in AREA_LEVELS]
            if wider:
                context.append(wider)
            elif areas and not is_road:
                return areas
            position = end
        return []

    def _longest_match(self, plain: str, position: int) -> tuple[str, list]:
        for length in range(min(self._longest, len(plain) - position), 1, -1):
            name = plain[position : position + length]
            if name in self._index:
                return name, self._index[name]
        return "", []

    @staticmethod
    def _pick(candidates: list[Division], text: str, within: str | None) -> Division:
        unique = list(dict.fromkeys(candidates))
        if len(unique) > 1 and within:
            inside = [d for d in unique if within in (d.province, d.prefecture, d.name)]
            unique = inside or unique
        if len(unique) == 1:
            return unique[0]
        names = sorted(d.full_name for d in unique)
        raise PlaceError(f"“{text}”有多处同名，可能是 {' / '.join(names[:6])}", names)


@dataclass(frozen=True)
class _ContextOnly:
    """An index entry that only narrows the search (an abolished prefecture's name)."""

    division: Division


def _fits(entry: Division | _ContextOnly, context: list[list[Division]]) -> bool:
    """An entry fits when it lies inside some candidate of every wider name already read."""
    division = entry.division if isinstance(entry, _ContextOnly) else entry
    for wider in context:
        if not any(division.lies_in(area) or division is area for area in wider):
            if isinstance(entry, _ContextOnly):
                continue
            return False
    return True
