"""The gazetteer's index: every name a text may contain -> what it can mean (`Entry`s).

Divisions, their stems and aliases, old names and abolished prefectures are indexed when the
index is built (3,340 divisions, 1,009 changes). The 41,347 towns are only grouped by their first
two characters then (a town's name and its stem both start with them): the names of a group are
made the first time a text contains those two characters, and a name's entries the first time a
text contains the name. Indexing every town up front was most of the time a process took to load
the gazetteer, and a process resolves a few hundred distinct place texts, not every town. A name's
entries are the same either way, in the same order: its divisions', then its towns' (in the order
of the table), then a home/away marker's. What is made later is kept and never changes, so
threads (the app's sessions) can share one index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from places.model import Division, Entry, Region, Town
from places.names import (
    AREA_LEVELS,
    AWAY_MARKERS,
    FULL,
    GENERIC_NAMES,
    HOME_MARKERS,
    TOWN_SUFFIXES,
    ZONE_FORMS,
    stem_of,
    town_stem,
)


class Facts(NamedTuple):
    """What the reader asks of a name before it looks at its entries."""

    has_stem: bool  # some reading is a short form (blocked before 路, 村 ...)
    full: bool  # some reading is a current full name
    cities: frozenset[str]  # the prefectures (4-digit codes) it names
    leaf_cities: frozenset[str]  # the prefectures of the counties and zones it names


class TownNames(NamedTuple):
    towns: dict[str, list[Town]]  # a full name or a stem -> the towns it names, in table order
    longest: int  # the length of the longest of those names (0: none)


class NameIndex:
    """Names -> entries for `Gazetteer`: `name in index`, `entries(name)`, `facts(name)`, and
    `longest(first_two)` for the reader's scan."""

    def __init__(
        self,
        divisions: Sequence[Division],
        by_code: Mapping[str, Division],
        aliases: Mapping[str, Sequence[str]],
        changes: Iterable[dict[str, str]],
        towns: Iterable[tuple[str, str, str]],
    ):
        self._divisions, self._by_code = divisions, by_code
        self._early: dict[str, list[Entry]] = defaultdict(list)  # divisions, old names, regions
        for division in divisions:
            self._add_division(division, aliases.get(division.code, ()))
        self.old_codes: dict[str, Division] = {}  # an old 6-digit code -> today's division
        self._add_changes(changes)
        self._early = dict(self._early)
        self._markers = {
            marker: (Entry(marker, 0.01),) for marker in (*HOME_MARKERS, *AWAY_MARKERS)
        }
        self._longest: dict[str, int] = {}  # the longest division or marker name by its first two
        for name in (*self._early, *self._markers):
            self._longest[name[:2]] = max(self._longest.get(name[:2], 0), len(name))
        self._towns: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # by first two
        for code, name, county_code in towns:
            self._towns[name[:2]].append((code, name, county_code))
        self._town_names: dict[str, TownNames] = {}  # by first two, made when a text has them
        self._made: dict[str, tuple[Entry, ...]] = {}
        self._facts: dict[str, Facts] = {}

    def __contains__(self, name: str) -> bool:
        return (
            name in self._early
            or name in self._markers
            or name in self._towns_named(name[:2]).towns
        )

    def longest(self, start: str) -> int:
        """The length of the longest name starting with these two characters (0: none does)."""
        return max(self._longest.get(start, 0), self._towns_named(start).longest)

    def entries(self, name: str) -> tuple[Entry, ...]:
        """What `name` can mean (() for a name not in the index)."""
        made = self._made.get(name)
        if made is None:
            towns = [
                _town_entry(town, name) for town in self._towns_named(name[:2]).towns.get(name, ())
            ]
            made = (*self._early.get(name, ()), *towns, *self._markers.get(name, ()))
            self._made[name] = made
        return made

    def facts(self, name: str) -> Facts:
        found = self._facts.get(name)
        if found is None:
            entries = self.entries(name)
            found = Facts(
                has_stem=any(e.is_stem for e in entries),
                full=any(e.evidence >= FULL for e in entries),
                cities=frozenset(
                    e.target.code[:4]
                    for e in entries
                    if isinstance(e.target, Division) and e.target.level == "prefecture"
                ),
                leaf_cities=frozenset(
                    e.target.code[:4]
                    for e in entries
                    if isinstance(e.target, Division) and e.target.level in AREA_LEVELS
                ),
            )
            self._facts[name] = found
        return found

    # --- divisions ------------------------------------------------------------------------------

    def _add(self, name: str, entry: Entry) -> None:
        entries = self._early[name]
        if all(e.target != entry.target or e.weight < entry.weight for e in entries):
            entries[:] = [e for e in entries if e.target != entry.target] + [entry]

    def _add_division(self, division: Division, aliases: Sequence[str]) -> None:
        name, level = division.name, division.level
        generic = name in GENERIC_NAMES
        self._add(
            name,
            Entry(
                division,
                len(name) + 0.5,
                needs_left=len(name) <= 2,
                needs_context=generic,
                evidence=FULL,
            ),
        )
        stem = stem_of(name, level)
        if stem and not generic and not stem.startswith("市"):  # 市南 in 襄樊市南漳县
            self._add(
                stem,
                Entry(
                    division,
                    len(stem) - 0.3,
                    needs_left=True,
                    is_stem=True,
                    needs_right=level != "county" and len(stem) <= 2,
                    evidence=2,
                ),
            )
            if name.endswith("自治州"):
                self._add(stem + "州", Entry(division, len(stem) + 1.5, evidence=FULL))
        if name.endswith("新区") and len(name) >= 4 and level == "county":  # 浦东新区 -> 浦东
            self._add(
                name[:-2],
                Entry(division, len(name) - 2.3, needs_left=True, is_stem=True, evidence=2),
            )
        city = stem_of(division.prefecture, "prefecture") or division.prefecture
        for alias in aliases:  # 郑州高新区 stands alone; 经济开发区 only inside 郑州
            self._add(
                alias,
                Entry(
                    division,
                    len(alias) + 0.4,
                    evidence=FULL,
                    needs_context=level == "zone" and not alias.startswith(city),
                ),
            )
        if level == "zone":
            self._add_zone_forms(division)

    def _add_zone_forms(self, zone: Division) -> None:
        for form, short_forms in ZONE_FORMS.items():
            if zone.name.endswith(form):
                for short in short_forms:
                    self._add(short, Entry(zone, len(short) + 0.4, needs_context=True, evidence=2))
                return

    # --- old names ------------------------------------------------------------------------------

    def _add_changes(self, changes: Iterable[dict[str, str]]) -> None:
        """Old names point at today's divisions; old prefectures become regions of their counties."""
        regions: dict[tuple[str, str], set[str]] = defaultdict(set)
        fallbacks: dict[tuple[str, str], Division] = {}
        for change in changes:
            today = self._by_code.get(change["new_code"])
            if today is None:
                continue
            if change["old_code"] and change["old_code"] not in self._by_code:
                self.old_codes[change["old_code"]] = today
            old_name, old_prefecture = change["old_name"], change["old_prefecture"]
            province = today.code[:2]
            if not old_prefecture and change["old_code"].endswith("00"):
                fallbacks[(province, old_name)] = today
                continue
            if old_name != today.name:
                self._add_old_name(old_name, today)
            if old_prefecture and today.level in AREA_LEVELS:
                regions[(province, old_prefecture)].add(today.code)
        prefectures = self._prefectures()
        for (province, name), codes in regions.items():
            current = prefectures.get((province, name))
            if current is not None and {c[:4] for c in codes} == {current.code[:4]}:
                continue  # a prefecture of the same name still holds them all
            self._add_region(Region(name, frozenset(codes), fallbacks.pop((province, name), None)))
        for (_, old_name), today in fallbacks.items():
            if today.level == "prefecture":  # 襄樊市 -> 襄阳市, a rename
                self._add_old_name(old_name, today)

    def _prefectures(self) -> dict[tuple[str, str], Division]:
        """(province code, name) -> the prefecture of that name (the first, as in the table)."""
        found: dict[tuple[str, str], Division] = {}
        for division in self._divisions:
            if division.level == "prefecture":
                found.setdefault((division.code[:2], division.name), division)
        return found

    def _add_old_name(self, old_name: str, today: Division) -> None:
        generic = old_name in GENERIC_NAMES
        self._add(
            old_name,
            Entry(
                today,
                len(old_name) + 0.4,
                needs_left=len(old_name) <= 2,
                needs_context=generic,
                evidence=2,
            ),
        )
        stem = stem_of(old_name, today.level)
        if stem and not generic and stem not in self._early and not stem.startswith("市"):
            self._add(
                stem,
                Entry(
                    today,
                    len(stem) - 0.5,
                    needs_left=True,
                    is_stem=True,
                    needs_right=today.level != "county" and len(stem) <= 2,
                    evidence=1.5,
                ),
            )

    def _add_region(self, region: Region) -> None:
        self._add(region.name, Entry(region, len(region.name) + 0.4, evidence=2))
        stem = stem_of(region.name, "prefecture")
        if stem and stem not in self._early:
            self._add(
                stem,
                Entry(
                    region,
                    len(stem) - 0.5,
                    needs_left=True,
                    is_stem=True,
                    needs_right=len(stem) <= 2,
                    evidence=1.5,
                ),
            )

    # --- towns ----------------------------------------------------------------------------------

    def _towns_named(self, start: str) -> TownNames:
        """The towns whose names start with these two characters, by full name (with a suffix
        such as 镇 or 街道) and by stem (汲冢 of 汲冢镇)."""
        made = self._town_names.get(start)
        if made is None:
            named: dict[str, list[Town]] = defaultdict(list)
            for code, name, county_code in self._towns.get(start, ()):
                county = self._by_code.get(county_code)
                if county is None:
                    continue
                town = Town(name, code, county)
                if len(name) >= 3 and name.endswith(TOWN_SUFFIXES):
                    named[name].append(town)
                stem = town_stem(name)
                if stem:
                    named[stem].append(town)
            made = TownNames(dict(named), max(map(len, named), default=0))
            self._town_names[start] = made
        return made


def _town_entry(town: Town, key: str) -> Entry:
    if key == town.name:
        return Entry(town, len(town.name) + 0.2)
    return Entry(
        town,
        len(key) - 1.2,
        needs_left=True,
        needs_right=True,
        needs_context=True,
        is_stem=True,
        evidence=0.5,
    )
