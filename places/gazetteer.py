"""Where people are: turn the address text people type into a Division (a county, zone, town or city).

The bundled data (`data/places/`: every county-level division of 2023 or later with its seat's
coordinates, development zones, 41,000 乡镇/街道, and the old names and codes since 2000) reads
`河南省周口市郸城县`, `周口郸城`, `郸城县宁平镇`, `郸城汲冢`, `汲冢镇` (a town unique in China),
`平泉县` (now 平泉市) and `柳州地区忻城县` (now 来宾市). Text that names no division, names one that
exists in several places without saying which, or names two places that contradict each other
raises `PlaceError` with the reason and the candidates: never a guess.

How a text is read: every known name in it is found (full names, short stems such as 郸城, old names,
town names, zone aliases) and one non-overlapping reading is chosen that covers the most text
(`places.reading`); then each county-level candidate is scored by the names that agree with it
and the best-supported one wins only when nothing contradicts it (`places.interpret`). Text after
老家/家在/户籍/籍贯 is read first. This module loads the data and puts the two steps together.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path

from places.index import NameIndex
from places.interpret import Interpreter
from places.model import Division, Mention, PlaceError, Region
from places.names import AREA_LEVELS, AWAY_MARKERS, HOME_MARKERS, normalise_text
from places.reading import Reader

DATA = Path(__file__).resolve().parent.parent / "data" / "places"


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
        self._names = NameIndex(self.divisions, self.by_code, aliases or {}, changes, towns)
        self.old_codes = self._names.old_codes
        self._reader = Reader(self._names)
        self._interpreter = Interpreter(self.divisions, self.by_code)

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
    def default() -> Gazetteer:
        """The bundled data, loaded once per process, also when two threads first ask at once
        (files read on two threads: recruitment.readers.read_exports)."""
        with _LOADING:
            return _bundled()

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
        mentions = self._reader.read(plain)
        context = self._within(within) if within else ()
        home = _home_segment(mentions)
        if home:
            try:
                return self._interpreter.interpret(home, text, context, plain)
            except PlaceError:
                pass
        return self._interpreter.interpret(mentions, text, context, plain)

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


_LOADING = threading.Lock()


@cache
def _bundled() -> Gazetteer:
    return Gazetteer.from_directory()
