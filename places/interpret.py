"""Interpreting a reading: the mentions found in a text -> the one division they name, or a refusal.

Each county-level candidate is scored by the mentions that agree with it (its province,
prefecture, a town inside it). The best-supported candidate wins only when no other candidate is as
well supported and, if the text also names somewhere else, it is a complete division (a full name,
or one placed by its prefecture). Text that names no division, names one that exists in several
places without saying which, or names two places that contradict each other raises `PlaceError`
with the reason and the candidates: never a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from places.model import (
    Area,
    Division,
    Mention,
    PlaceError,
    Region,
    Town,
    contains,
    is_area,
    is_plain_province,
    leaf_of,
)
from places.names import AREA_LEVELS, FULL, MUNICIPALITIES, one_off_in


class Interpreter:
    """Mentions -> a division of `divisions` (`interpret`)."""

    def __init__(self, divisions: Sequence[Division], by_code: Mapping[str, Division]):
        self.divisions, self.by_code = divisions, by_code
        self._children: dict[str, list[Division]] = defaultdict(list)  # prefecture code -> counties
        for division in self.divisions:
            if division.level in AREA_LEVELS:
                self._children[division.code[:4]].append(division)

    def interpret(
        self, mentions: list[Mention], text: str, context: tuple[Area, ...], plain: str
    ) -> Division:
        areas = [m for m in mentions if any(is_area(e.target) for e in m.entries)]
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
            inside = [leaf for leaf in top if any(contains(a, leaf) for a in context)]
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
                    leaf_of(e.target) is o and e.evidence >= FULL
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
                and is_area(e.target)
                and not is_plain_province(e.target)
            ]
            if not areas:
                continue
            if not any(contains(area, leaf) for area in areas) and not any(
                self._contradicts(m, leaf) for m in mentions
            ):
                elsewhere.append(leaf)
        if not elsewhere:
            return None
        wide = {
            e.target
            for n in support[elsewhere[0]]
            for e in mentions[n].entries
            if is_area(e.target) and isinstance(e.target, Division)
        }
        if context:
            inside = [leaf for leaf in elsewhere if any(contains(a, leaf) for a in context)]
            wider_inside = [w for w in wide if any(contains(a, w) or a == w for a in context)]
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
            areas = [a for a in others if is_area(a)]
            for entry in mention.entries:
                leaf = leaf_of(entry.target)
                if leaf is None:
                    continue
                if (
                    entry.needs_context
                    and id(leaf) not in named
                    and (
                        isinstance(entry.target, Town)  # 郸城汲冢: a town stem needs its county
                        or not any(contains(a, leaf) for a in areas)
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
                if leaf_of(target) is leaf:
                    strength = max(strength, entry.evidence)
                elif is_area(target) and contains(target, leaf):
                    strength = max(
                        strength, 1.0 if is_plain_province(target) else min(entry.evidence, 2.0)
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
            leaf_of(e.target) is leaf or (is_area(e.target) and contains(e.target, leaf))
            for e in mention.entries
        )

    def _complete(self, leaf: Division, support: dict[int, float], mentions: list[Mention]) -> bool:
        """Placed beyond doubt: a full name (郸城县), or a stem placed by its city or province."""
        for number in support:
            for entry in mentions[number].entries:
                if leaf_of(entry.target) is leaf and not entry.needs_left:
                    return True
                if is_area(entry.target) and contains(entry.target, leaf):
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
            if any(leaf_of(e.target) is leaf for e in mentions[n].entries)
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
            if not any(contains(p, c) for p in as_province for c in others):  # 吉林长春
                cities += found
        cities = list(dict.fromkeys(cities))
        if len(cities) > 1 and context:
            cities = [c for c in cities if any(contains(a, c) or a == c for a in context)] or cities
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
                and (not provinces or any(contains(p, target) for p in provinces))
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
            else [d for d in self.divisions if d.level == "county" and contains(area, d)]
        )
        return sorted(
            {
                county.full_name
                for county in inside
                if county.level == "county" and one_off_in(county.name, plain)
            }
        )


def _only_as_another_reading(
    leaf: Division, support: dict[int, float], mentions: list[Mention]
) -> bool:
    """海南 alone is the province, not 乌海市海南区: a stem that also names a province or city,
    with nothing else for the county, is read as the wider place."""
    direct = [n for n in support if any(leaf_of(e.target) is leaf for e in mentions[n].entries)]
    wider = [n for n in support if n not in direct]
    return all(
        any(isinstance(e.target, Division) and is_area(e.target) for e in mentions[n].entries)
        for n in direct
    ) and all(any(is_plain_province(e.target) for e in mentions[n].entries) for n in wider)
