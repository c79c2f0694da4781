"""What the resolver answers with (Division, PlaceError), what it reads a text into, and where
what a name means lies (the county it leads to, the areas that hold it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeGuard

from places.names import AREA_LEVELS, MUNICIPALITIES


class PlaceError(ValueError):
    """Text that cannot be placed; `candidates` lists the places it could mean when it is ambiguous."""

    def __init__(self, reason: str, candidates: Iterable[str] = ()):
        self.candidates = tuple(candidates)
        super().__init__(reason)


@dataclass(frozen=True)
class Division:
    """A place the resolver answers with. `code` is today's 6-digit division code (for a town, its
    county's; `town_code` is the town's 9-digit statistical code), or a zone's local code."""

    code: str
    name: str
    level: str  # province, prefecture, county, zone, town
    province: str
    prefecture: str  # "" for a province and for counties under a province directly (济源市)
    county: str  # the county-level name; "" above county level
    lat: float
    lon: float
    town_code: str = ""
    suggestion: str = field(
        default="", compare=False
    )  # a likely county when only the city was read

    @property
    def full_name(self) -> str:
        parts = [self.province]
        if self.prefecture and self.prefecture != self.province:
            parts.append(self.prefecture)
        if self.county and self.county not in parts:
            parts.append(self.county)
        if self.name not in parts:
            parts.append(self.name)
        return "".join(parts)


@dataclass(frozen=True)
class Region:
    """An abolished prefecture (柳州地区, 巢湖市): the counties it had, by today's codes."""

    name: str
    codes: frozenset[str]
    fallback: Division | None  # where the old name alone points (柳州地区 -> 来宾市), if anywhere


@dataclass(frozen=True)
class Town:
    name: str
    code: str
    county: Division


@dataclass(frozen=True)
class Entry:
    """One thing a name can mean, with the conditions under which it counts."""

    target: Division | Region | Town | str  # str: a home/away marker
    weight: float
    needs_left: bool = False  # must start at a word boundary (a stem, a two-character name)
    needs_right: bool = False  # must end at a boundary (a two-character city stem: 苏州打工 is not)
    needs_context: bool = False  # counts only inside a city the text or `within` names
    is_stem: bool = False  # a short form (郸城): never right before a road or village word
    evidence: float = 1.0  # how strongly it names its target: a full name 3, a stem 2, a town 1


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entries: tuple[Entry, ...]
    weak: bool = False  # a city stem inside a longer word (苏州打工, 西安交通大学): never a rival


Target = Division | Region | Town | str  # what an index entry names (str: a home/away marker)
Area = Division | Region  # what a `within` context names


def is_area(target: Target) -> TypeGuard[Area]:
    return isinstance(target, Region) or (
        isinstance(target, Division) and target.level in ("province", "prefecture")
    )


def leaf_of(target: Target) -> Division | None:
    if isinstance(target, Town):
        return target.county
    if isinstance(target, Division) and target.level in AREA_LEVELS:
        return target
    return None


def contains(area: Area, place: Division) -> bool:
    if isinstance(area, Region):
        return place.code in area.codes or (
            area.fallback is not None and contains(area.fallback, place)
        )
    if area.level == "province":
        return place.code[:2] == area.code[:2] and place is not area
    if area.level == "prefecture":
        return place.code[:4] == area.code[:4] and place.level != "prefecture"
    return False


def is_plain_province(target: Target) -> bool:
    return (
        isinstance(target, Division)
        and target.level == "province"
        and target.code[:2] not in MUNICIPALITIES
    )
