"""Routing's view of places: a Geocoder turns address text into a `routing.model.Place`.

The offline back-end is the `places` resolver (`OfflineGeocoder`; `place_of` converts one of its
Divisions). An online geocoder (any geopy geocoder: Nominatim, Baidu, ...) can back it up for text it
does not know; it is off by default and its answers are cached.
"""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any, Protocol

from places import Division, Gazetteer, PlaceError
from places.names import normalise_text
from routing.model import Place


class Geocoder(Protocol):
    def locate(self, text: str, *, within: str | None = None) -> Place:
        """Return the place `text` names, or raise PlaceError saying why not."""
        ...


def place_of(division: Division) -> Place:
    """A town becomes its county (one stop per county, as the planner expects)."""
    if division.level == "town":
        county = Division(
            division.code,
            division.county,
            "county",
            division.province,
            division.prefecture,
            division.county,
            division.lat,
            division.lon,
        )
        return place_of(county)
    return Place(
        division.full_name, division.lat, division.lon, code=division.code, level=division.level
    )


class OfflineGeocoder:
    """The bundled gazetteer as a Geocoder (`Gazetteer.default()` unless another is given)."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()

    def locate(self, text: str, *, within: str | None = None) -> Place:
        return place_of(self.gazetteer.resolve(text, within=within))


def as_geocoder(source: Geocoder | Gazetteer) -> Geocoder:
    """Readers take a Geocoder or a bare Gazetteer (the common offline case)."""
    return OfflineGeocoder(source) if isinstance(source, Gazetteer) else source


def locate(text: str, *, within: str | None = None) -> Place:
    """The default gazetteer's answer as a Place, e.g. `locate("郑州高新区")` for the depot."""
    return OfflineGeocoder().locate(text, within=within)


class OnlineGeocoder:
    """A geopy geocoder behind our interface, with a cache (a dict, or a JSON file that persists).

    >>> from geopy.geocoders import Nominatim                   # doctest: +SKIP
    >>> OnlineGeocoder(Nominatim(user_agent="fanggang").geocode, "var/geocode-cache.json")
    """

    def __init__(
        self,
        geocode: Callable[[str], Any],
        cache_file: str | Path | None = None,
        cache: MutableMapping[str, list[float] | None] | None = None,
    ):
        self._geocode = geocode
        self._cache_file = Path(cache_file) if cache_file else None
        self.cache: MutableMapping[str, list[float] | None] = cache if cache is not None else {}
        if self._cache_file and self._cache_file.exists():
            self.cache.update(json.loads(self._cache_file.read_text(encoding="utf-8")))

    def locate(self, text: str, *, within: str | None = None) -> Place:
        query = f"{within}{text}" if within and within not in text else text
        if query not in self.cache:
            try:
                found = self._geocode(query)
            except Exception as exc:  # geopy raises many network error types; all mean "not now"
                raise PlaceError(f"在线地理编码失败（{text}）：{exc}") from exc
            self.cache[query] = [found.latitude, found.longitude] if found else None
            self._save()
        coordinates = self.cache[query]
        if coordinates is None:
            raise PlaceError(f"在线地理编码查不到“{text}”")
        return Place(normalise_text(text), coordinates[0], coordinates[1], level="geocoded")

    def _save(self) -> None:
        if self._cache_file:
            self._cache_file.parent.mkdir(parents=True, exist_ok=True)
            self._cache_file.write_text(
                json.dumps(self.cache, ensure_ascii=False), encoding="utf-8"
            )


class FallbackGeocoder:
    """Ask the gazetteer first; ask the online geocoder only for text the gazetteer does not know.
    Ambiguous text stays an error: a web search must not silently pick one of two real places."""

    def __init__(self, first: Geocoder | Gazetteer, second: Geocoder | Gazetteer):
        self.first, self.second = as_geocoder(first), as_geocoder(second)

    def locate(self, text: str, *, within: str | None = None) -> Place:
        try:
            return self.first.locate(text, within=within)
        except PlaceError as error:
            if error.candidates:
                raise
            return self.second.locate(text, within=within)
