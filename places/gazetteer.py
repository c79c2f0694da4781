"""Where people are: turn the address text people type into a Division (a county, zone, town or city).

The bundled data (`data/places/`: every county-level division of 2023 or later with its seat's
coordinates, development zones, 41,000 乡镇/街道, and the old names and codes since 2000) reads
`河南省周口市郸城县`, `周口郸城`, `郸城县宁平镇`, `郸城汲冢`, `汲冢镇` (a town unique in China),
`平泉县` (now 平泉市) and `柳州地区忻城县` (now 来宾市). Text that names no division, names one that
exists in several places without saying which, or names two places that contradict each other
raises `PlaceError` with the reason and the candidates: never a guess.

How a text is read: every known name in it is found (full names, short stems such as 郸城, old names,
town names, zone aliases); one non-overlapping reading is chosen that covers the most text, where a
short stem counts only at a word boundary (郸成县 is not 成县, 乐安村 is not 乐安县, 中山路 is not
中山市); then each county-level candidate is scored by the names that agree with it (its province,
prefecture, a town inside it). The best-supported candidate wins only when no other candidate is as
well supported and, if the text also names somewhere else, it is a complete division (a full name,
or one placed by its prefecture). Text after 老家/家在/户籍/籍贯 is read first.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeGuard

from places.index import NameIndex
from places.model import Division, Entry, Mention, PlaceError, Region, Town
from places.names import (
    AREA_LEVELS,
    AWAY_MARKERS,
    FULL,
    HOME_MARKERS,
    MUNICIPALITIES,
    OPENERS,
    ZONE_WORDS,
    is_cjk,
    normalise_text,
    one_off_in,
    right_ok,
    stem_blocked,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "places"


Target = Division | Region | Town | str  # what an index entry names (str: a home/away marker)
Area = Division | Region  # what a `within` context names
_Best = tuple[float, tuple[Mention, ...]]  # a reading's score and its mentions
_Choice = tuple[Mention | None, float, int]  # a mention, its weight, the state after it


class Gazetteer:
    """The offline resolver. Build it once (`Gazetteer.default()` is cached) and call `resolve`."""

    def __init__(
        self,
        divisions: Iterable[Division],
        *,
        aliases: dict[str, Sequence[str]] | None = None,
        changes: Iterable[dict[str, str]] = (),
        towns: Iterable[tuple[str, str, str]] = (),
    ):
        self.divisions = list(divisions)
        self.by_code: dict[str, Division] = {d.code: d for d in self.divisions}
        self._children: dict[str, list[Division]] = defaultdict(list)  # prefecture code -> counties
        for division in self.divisions:
            if division.level in AREA_LEVELS:
                self._children[division.code[:4]].append(division)
        self._names = NameIndex(self.divisions, self.by_code, aliases or {}, changes, towns)
        self.old_codes = self._names.old_codes

    # --- loading --------------------------------------------------------------------------------

    @classmethod
    def from_directory(cls, folder: Path = DATA) -> Gazetteer:
        divisions: list[Division] = []
        aliases: dict[str, Sequence[str]] = {}
        with (folder / "divisions.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            level = row["level"]
            divisions.append(
                Division(
                    code=row["code"],
                    name=row["name"],
                    level=level,
                    province=row["province"],
                    prefecture=row["prefecture"] if level != "province" else "",
                    county=row["name"] if level in AREA_LEVELS else "",
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                )
            )
            aliases[row["code"]] = [a for a in row["aliases"].split("|") if a]
        with (folder / "changes.csv").open(encoding="utf-8") as f:
            changes = list(csv.DictReader(f))
        with (folder / "towns.csv").open(encoding="utf-8") as f:
            towns = [(code, name, county) for code, name, county in csv.reader(f)][1:]
        return cls(divisions, aliases=aliases, changes=changes, towns=towns)

    @staticmethod
    @cache
    def default() -> Gazetteer:
        return Gazetteer.from_directory()

    def counties(self, province: str | None = None) -> list[Division]:
        return [
            d
            for d in self.divisions
            if d.level == "county" and (province is None or d.province == province)
        ]

    def by_any_code(self, code: str) -> Division | None:
        """Today's division for a current or an old 6-digit code (130823 平泉县 -> 平泉市)."""
        return self.by_code.get(code) or self.old_codes.get(code)

    # --- resolving ------------------------------------------------------------------------------

    def resolve(self, text: str, *, within: str | None = None) -> Division:
        """Resolve address text to a county-level division, a town (with its county's code), or a
        prefecture when no county is named. `within` is context (a province or prefecture such as
        "郑州市", or a posting's city) that breaks ties and lets zone aliases (高新区) apply."""
        found = self._cached(str(text), within)
        if isinstance(found, PlaceError):
            raise PlaceError(str(found), found.candidates)
        return found

    @lru_cache(maxsize=8192)  # noqa: B019 -- rosters and postings repeat their places
    def _cached(self, text: str, within: str | None) -> Division | PlaceError:
        try:
            return self._resolve(text, within)
        except PlaceError as error:
            return error

    def _resolve(self, text: str, within: str | None) -> Division:
        plain = normalise_text(text)
        if not plain:
            raise PlaceError("地址为空")
        mentions = self._read(plain)
        context = self._within(within) if within else ()
        home = _home_segment(mentions)
        if home:
            try:
                return self._interpret(home, text, context, plain)
            except PlaceError:
                pass
        return self._interpret(mentions, text, context, plain)

    def _read(self, plain: str) -> list[Mention]:
        """The non-overlapping reading that covers the most text with names whose boundary
        conditions hold (dynamic programming over positions; the state says whether a word
        boundary is here). A two-character city stem must then be followed by a boundary or by
        another name (苏州打工 names no city)."""
        n = len(plain)
        spans = self._spans(plain)
        choices = {
            i: [self._choice(plain, spans, i, end) for end in found] for i, found in spans.items()
        }
        best: list[list[_Best | None]] = [[None, None] for _ in range(n + 1)]
        best[0][_OPEN] = (0.0, ())
        for i in range(n):
            char = plain[i]
            skip = _OPEN if (not is_cjk(char) or char in OPENERS) else _CLOSED
            for state in (_OPEN, _CLOSED):
                current = best[i][state]
                if current is None:
                    continue
                score, path = current
                _better(best, i + 1, skip, score, path)
                for choice in choices.get(i, ()):
                    mention, weight, after = choice[state]
                    if mention is not None:
                        _better(best, mention.end, after, score + weight, (*path, mention))
        finals = [c for c in best[n] if c is not None]
        reading = list(max(finals, key=lambda c: c[0])[1]) if finals else []
        return _check_right(reading, plain)

    def _choice(
        self, plain: str, spans: dict[int, list[int]], start: int, end: int
    ) -> tuple[_Choice, ...]:
        """For a name found at start:end, the mention it makes after a boundary and inside a
        word (a stem needs a boundary before it), with its weight and the state after it."""
        blocked = zone_word = False
        name = plain[start:end]
        facts = self._names.facts(name)
        if facts.has_stem:
            rest = plain[end:]
            following = [plain[end:e] for e in spans.get(end, ())]
            blocked = (
                stem_blocked(rest)
                and not any(self._names.facts(f).full for f in following)  # 永州道县
                and not any(
                    facts.cities & self._names.facts(f).leaf_cities  # 哈尔滨道里
                    for f in following
                )
            )
            zone_word = rest.startswith(ZONE_WORDS)
        return tuple(
            (None if kept is None else Mention(start, end, kept), weight, after)
            for kept, weight, after in self._usable(name, blocked, zone_word)
        )

    @lru_cache(maxsize=65536)  # noqa: B019 -- the gazetteer lives as long as the process
    def _usable(
        self, name: str, blocked: bool, zone_word: bool
    ) -> tuple[tuple[tuple[Entry, ...] | None, float, int], ...]:
        usable = [
            e
            for e in self._names.entries(name)
            if not (blocked and e.is_stem) and not (zone_word and e.is_stem and _leaf_of(e.target))
        ]
        made: list[tuple[tuple[Entry, ...] | None, float, int]] = []
        for state in (_OPEN, _CLOSED):
            kept = tuple(e for e in usable if state == _OPEN or not e.needs_left)
            if not kept:
                made.append((None, 0.0, state))
                continue
            after = _OPEN if any(not e.needs_context for e in kept) else _CLOSED  # not 珠江新城
            made.append((kept, max(e.weight for e in kept), after))
        return tuple(made)

    def _spans(self, plain: str) -> dict[int, list[int]]:
        """Where known names start -> where each ends."""
        spans: dict[int, list[int]] = {}
        for i in range(len(plain) - 1):
            longest = self._names.longest(plain[i : i + 2])
            if not longest:
                continue
            found = []
            for length in range(2, min(longest, len(plain) - i) + 1):
                if plain[i : i + length] in self._names:
                    found.append(i + length)
            if found:
                spans[i] = found
        return spans

    @lru_cache(maxsize=512)  # noqa: B019 -- the gazetteer lives as long as the process
    def _within(self, within: str) -> tuple[Division | Region, ...]:
        """The areas a context string names: 郑州市 -> (郑州市,), 河南省 -> (河南省,)."""
        plain = normalise_text(within)
        exact = [
            e.target for e in self._names.entries(plain) if isinstance(e.target, Division | Region)
        ]
        if exact:
            return tuple(exact)
        try:
            return (self._resolve(plain, None),)
        except PlaceError:
            return ()

    def _interpret(
        self, mentions: list[Mention], text: str, context: tuple[Area, ...], plain: str
    ) -> Division:
        areas = [m for m in mentions if any(_is_area(e.target) for e in m.entries)]
        leaves = self._leaf_candidates(mentions, context)
        if not leaves:
            return self._area_answer(areas, text, context, plain)
        support = {leaf: self._support(leaf, mentions) for leaf in leaves}
        wider = [leaf for leaf in leaves if _only_as_another_reading(leaf, support[leaf], mentions)]
        leaves = [leaf for leaf in leaves if leaf not in wider]
        if not leaves:
            return self._elsewhere(wider, support, mentions, text, context) or self._area_answer(
                areas, text, context, plain
            )
        strength = {leaf: round(sum(support[leaf].values()), 3) for leaf in leaves}
        top = [leaf for leaf in leaves if strength[leaf] == max(strength.values())]
        if len(top) > 1 and context:
            inside = [leaf for leaf in top if any(_contains(a, leaf) for a in context)]
            top = inside or top
        if len(top) > 1:
            raise self._ambiguous(text, top, mentions, support)
        leaf = top[0]
        rivals = [m for m in mentions if self._contradicts(m, leaf)]
        complete = self._complete(leaf, support[leaf], mentions)
        if rivals and complete:
            rival_numbers = {n for n, m in enumerate(mentions) if m in rivals}
            other = [
                o
                for o in leaves
                if o is not leaf
                and support[o].keys() & rival_numbers
                and any(
                    _leaf_of(e.target) is o and e.evidence >= FULL
                    for m in mentions
                    for e in m.entries
                )
            ]
            if other:
                names = sorted({leaf.full_name, *(o.full_name for o in other)})
                raise PlaceError(
                    f"“{text}”写了两个不同的地方（{' / '.join(names[:6])}），"
                    "请只写老家（户籍）所在县区",
                    names,
                )
        if rivals and not complete:
            names = [leaf.full_name, *self._names_of(rivals)]
            raise PlaceError(
                f"“{text}”写了两个不同的地方（{' / '.join(dict.fromkeys(names))}），"
                "请只写老家（户籍）所在县区",
                dict.fromkeys(names),
            )
        return self._as_answer(leaf, support[leaf], mentions)

    def _elsewhere(
        self,
        wider: list[Division],
        support: dict[Division, dict[int, float]],
        mentions: list[Mention],
        text: str,
        context: tuple[Area, ...],
    ) -> Division | None:
        """朝阳 alone is 辽宁省朝阳市 or 北京市朝阳区: a stem read as a wider place also names
        counties outside it that nothing in the text rules out. `within` may pick one of those
        counties (朝阳 within 北京 is 北京市朝阳区); else the text is refused with all of them."""
        elsewhere = []
        for leaf in wider:  # (a plain province is never the only wider reading: 河南 is 河南省)
            areas = [
                e.target
                for n in support[leaf]
                for e in mentions[n].entries
                if isinstance(e.target, Division)
                and _is_area(e.target)
                and not _is_plain_province(e.target)
            ]
            if not areas:
                continue
            if not any(_contains(area, leaf) for area in areas) and not any(
                self._contradicts(m, leaf) for m in mentions
            ):
                elsewhere.append(leaf)
        if not elsewhere:
            return None
        wide = {
            e.target
            for n in support[elsewhere[0]]
            for e in mentions[n].entries
            if _is_area(e.target) and isinstance(e.target, Division)
        }
        if context:
            inside = [leaf for leaf in elsewhere if any(_contains(a, leaf) for a in context)]
            wider_inside = [w for w in wide if any(_contains(a, w) or a == w for a in context)]
            if len(inside) == 1 and not wider_inside:
                return inside[0]
            if wider_inside and not inside:
                return None  # 朝阳 within 辽宁: the city
        names = sorted({a.full_name for a in wide} | {leaf.full_name for leaf in elsewhere})
        raise PlaceError(f"“{text}”有多处同名，可能是 {' / '.join(names[:6])}", names)

    def _leaf_candidates(
        self, mentions: list[Mention], context: tuple[Area, ...]
    ) -> list[Division]:
        """County-level divisions the text may mean: those a mention names (a county, zone, or
        town's county), where a name that needs a city counts only inside one that another
        mention, or `within`, names."""
        firm = [
            [
                e.target
                for e in m.entries
                if not e.needs_context and isinstance(e.target, Division | Region)
            ]
            for m in mentions
        ]
        found: dict[Division, bool] = {}  # leaf -> named directly (not only through a town)
        for number, mention in enumerate(mentions):
            others = [t for n, targets in enumerate(firm) if n != number for t in targets]
            others += list(context)
            named = {id(t) for t in others}
            areas = [a for a in others if _is_area(a)]
            for entry in mention.entries:
                leaf = _leaf_of(entry.target)
                if leaf is None:
                    continue
                if (
                    entry.needs_context
                    and id(leaf) not in named
                    and (
                        isinstance(entry.target, Town)  # 郸城汲冢: a town stem needs its county
                        or not any(_contains(a, leaf) for a in areas)
                    )
                ):
                    continue
                found[leaf] = found.get(leaf, False) or not isinstance(entry.target, Town)
        if any(found.values()):  # towns then only support (郸城县城关镇 is not every 城关镇)
            return [leaf for leaf, direct in found.items() if direct]
        return list(found)

    def _support(self, leaf: Division, mentions: list[Mention]) -> dict[int, float]:
        """The mentions that agree with `leaf` (it, its towns, its prefecture and province), each
        with the strength of its evidence (a province counts 1, a weak city stem half)."""
        agreeing = {}
        for number, mention in enumerate(mentions):
            strength = 0.0
            for entry in mention.entries:
                target = entry.target
                if _leaf_of(target) is leaf:
                    strength = max(strength, entry.evidence)
                elif _is_area(target) and _contains(target, leaf):
                    strength = max(
                        strength, 1.0 if _is_plain_province(target) else min(entry.evidence, 2.0)
                    )
            if strength:
                agreeing[number] = strength / 2 if mention.weak else strength
        return agreeing

    def _contradicts(self, mention: Mention, leaf: Division) -> bool:
        """A mention contradicts `leaf` when it firmly names somewhere else: a province, city or
        county not holding it (names needing a city, and towns, never contradict)."""
        firm = [
            e
            for e in mention.entries
            if not e.needs_context
            and not isinstance(e.target, str)
            and not isinstance(e.target, Town)
        ]
        if not firm or mention.weak:
            return False
        return not any(
            _leaf_of(e.target) is leaf or (_is_area(e.target) and _contains(e.target, leaf))
            for e in mention.entries
        )

    def _complete(self, leaf: Division, support: dict[int, float], mentions: list[Mention]) -> bool:
        """Placed beyond doubt: a full name (郸城县), or a stem placed by its city or province."""
        for number in support:
            for entry in mentions[number].entries:
                if _leaf_of(entry.target) is leaf and not entry.needs_left:
                    return True
                if _is_area(entry.target) and _contains(entry.target, leaf):
                    return True
        return False

    def _as_answer(
        self, leaf: Division, support: dict[int, float], mentions: list[Mention]
    ) -> Division:
        towns = {
            e.target
            for n in support
            for e in mentions[n].entries
            if isinstance(e.target, Town)
            and e.target.county is leaf
            and not any(other.target is leaf for other in mentions[n].entries)
        }
        if len(towns) != 1:
            return leaf
        town = towns.pop()
        return Division(
            code=leaf.code,
            name=town.name,
            level="town",
            province=leaf.province,
            prefecture=leaf.prefecture,
            county=leaf.name,
            lat=leaf.lat,
            lon=leaf.lon,
            town_code=town.code,
        )

    def _ambiguous(
        self,
        text: str,
        top: list[Division],
        mentions: list[Mention],
        support: dict[Division, dict[int, float]],
    ) -> PlaceError:
        names = sorted(leaf.full_name for leaf in top)
        sources = {
            n
            for leaf in top
            for n in support[leaf]
            if any(_leaf_of(e.target) is leaf for e in mentions[n].entries)
        }
        if len(sources) <= 1:
            return PlaceError(
                f"“{text}”有多处同名，可能是 {' / '.join(names[:6])}"
                + (f" 等 {len(names)} 处" if len(names) > 6 else ""),
                names,
            )
        return PlaceError(
            f"“{text}”写了两个不同的地方（{' / '.join(names[:6])}），请只写老家（户籍）所在县区",
            names,
        )

    def _names_of(self, mentions: list[Mention]) -> list[str]:
        names = []
        for mention in mentions:
            for entry in mention.entries:
                target = entry.target
                if isinstance(target, Division):
                    names.append(target.full_name)
                elif isinstance(target, Region):
                    names.append(target.name)
        return names

    def _area_answer(
        self, areas: list[Mention], text: str, context: tuple[Area, ...], plain: str
    ) -> Division:
        """No county named: a prefecture (or an old one that points somewhere), else a refusal."""
        if not areas:
            raise PlaceError(f"“{text}”中没有认出中国大陆的县、区或城市")
        areas = [m for m in areas if not m.weak] or areas  # 上海打工周口人: 周口
        provinces = [
            e.target
            for m in areas
            for e in m.entries
            if isinstance(e.target, Division) and e.target.level == "province"
        ]
        cities_of = [self._cities_in(mention, provinces) for mention in areas]
        cities = []
        for mention, found in zip(areas, cities_of, strict=True):
            as_province = [
                e.target
                for e in mention.entries
                if isinstance(e.target, Division) and e.target.level == "province"
            ]
            others = [c for other in cities_of if other is not found for c in other]
            if not any(_contains(p, c) for p in as_province for c in others):  # 吉林长春
                cities += found
        cities = list(dict.fromkeys(cities))
        if len(cities) > 1 and context:
            cities = [
                c for c in cities if any(_contains(a, c) or a == c for a in context)
            ] or cities
        if len(cities) == 1:
            return self._with_suggestion(cities[0], plain)
        if len(cities) > 1:
            names = sorted(c.full_name for c in cities)
            raise PlaceError(f"“{text}”有多处同名，可能是 {' / '.join(names[:6])}", names)
        regions = [e.target for m in areas for e in m.entries if isinstance(e.target, Region)]
        if len(regions) == 1 and regions[0].fallback is not None:
            return regions[0].fallback  # 莱芜市 alone: 莱芜区, which took its seat
        if regions:
            counties = sorted(self.by_code[c].full_name for r in regions for c in r.codes)
            raise PlaceError(f"“{text}”只写到已撤销的{regions[0].name}，请写明县区", counties)
        cities = list(dict.fromkeys(p for p in provinces if p.code[:2] in MUNICIPALITIES))
        if len(cities) == 1:
            return cities[0]  # 重庆解放碑: the city, as for any prefecture
        close = self._close_counties(provinces[0], plain)
        hint = f"；是不是{close[0]}？" if len(close) == 1 else ""
        raise PlaceError(
            f"“{text}”只写到省（{provinces[0].name}），请写明县区{hint}",
            close if len(close) == 1 else (),
        )

    @staticmethod
    def _cities_in(mention: Mention, provinces: list[Division]) -> list[Division]:
        cities = []
        for entry in mention.entries:
            target = entry.target.fallback if isinstance(entry.target, Region) else entry.target
            if (
                isinstance(target, Division)
                and target.level == "prefecture"
                and (not provinces or any(_contains(p, target) for p in provinces))
            ):
                cities.append(target)
        return cities

    def _with_suggestion(self, city: Division, plain: str) -> Division:
        """A county of this city one character away from a word in the text (周口市郸诚县 ->
        郸城县) is offered as a suggestion; it is never taken as the answer."""
        close = self._close_counties(city, plain)
        if len(close) != 1:
            return city
        return Division(**{**city.__dict__, "suggestion": close[0]})

    def _close_counties(self, area: Division, plain: str) -> list[str]:
        """Full names of the counties of `area` one character away from a word of the text."""
        inside = (
            self._children.get(area.code[:4], ())
            if area.level == "prefecture"
            else [d for d in self.divisions if d.level == "county" and _contains(area, d)]
        )
        return sorted(
            {
                county.full_name
                for county in inside
                if county.level == "county" and one_off_in(county.name, plain)
            }
        )


_OPEN, _CLOSED = 0, 1


def _check_right(reading: list[Mention], plain: str) -> list[Mention]:
    """Where neither a boundary nor another name follows: town stems that need one are dropped,
    and a mention that is only a city stem is marked weak (苏州打工, 西安交通大学)."""
    checked = []
    for number, mention in enumerate(reading):
        following = reading[number + 1] if number + 1 < len(reading) else None
        followed = (
            following is not None
            and following.start == mention.end
            and any(not isinstance(e.target, str) for e in following.entries)
        )
        if followed or right_ok(plain[mention.end :]):
            checked.append(mention)
            continue
        kept = tuple(
            e for e in mention.entries if not (e.needs_right and isinstance(e.target, Town))
        )
        weak = any(e.needs_right for e in kept) and all(
            e.needs_right or isinstance(e.target, Town | str) for e in kept
        )
        if kept:
            checked.append(Mention(mention.start, mention.end, kept, weak=weak))
    return checked


def _better(
    best: list[list[_Best | None]],
    position: int,
    state: int,
    score: float,
    path: tuple[Mention, ...],
) -> None:
    current = best[position][state]
    if (
        current is None
        or score > current[0]
        or (score == current[0] and len(path) < len(current[1]))
    ):
        best[position][state] = (score, path)


def _is_area(target: Target) -> TypeGuard[Area]:
    return isinstance(target, Region) or (
        isinstance(target, Division) and target.level in ("province", "prefecture")
    )


def _leaf_of(target: Target) -> Division | None:
    if isinstance(target, Town):
        return target.county
    if isinstance(target, Division) and target.level in AREA_LEVELS:
        return target
    return None


def _contains(area: Area, place: Division) -> bool:
    if isinstance(area, Region):
        return place.code in area.codes or (
            area.fallback is not None and _contains(area.fallback, place)
        )
    if area.level == "province":
        return place.code[:2] == area.code[:2] and place is not area
    if area.level == "prefecture":
        return place.code[:4] == area.code[:4] and place.level != "prefecture"
    return False


def _only_as_another_reading(
    leaf: Division, support: dict[int, float], mentions: list[Mention]
) -> bool:
    """海南 alone is the province, not 乌海市海南区: a stem that also names a province or city,
    with nothing else for the county, is read as the wider place."""
    direct = [n for n in support if any(_leaf_of(e.target) is leaf for e in mentions[n].entries)]
    wider = [n for n in support if n not in direct]
    return all(
        any(isinstance(e.target, Division) and _is_area(e.target) for e in mentions[n].entries)
        for n in direct
    ) and all(any(_is_plain_province(e.target) for e in mentions[n].entries) for n in wider)


def _is_plain_province(target: Target) -> bool:
    return (
        isinstance(target, Division)
        and target.level == "province"
        and target.code[:2] not in MUNICIPALITIES
    )


def _home_segment(mentions: list[Mention]) -> list[Mention]:
    """The names after 老家/户籍/... up to a word such as 现在/打工 ([] when there is no marker)."""
    for number, mention in enumerate(mentions):
        if any(e.target in HOME_MARKERS for e in mention.entries):
            segment = []
            for later in mentions[number + 1 :]:
                if any(e.target in AWAY_MARKERS for e in later.entries):
                    break
                segment.append(later)
            return segment
    return []
