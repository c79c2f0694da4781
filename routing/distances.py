"""Road distance (km) and driving time (minutes) between places.

Default: the geodesic on the WGS-84 ellipsoid (geopy's method, computed by geographiclib, which geopy
uses) times a road factor (1.3: roads are longer than the straight line) at an average coach speed
(70 km/h). Optional: an OSRM `table` service over HTTP for real road distances and times.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import requests
from geographiclib.geodesic import Geodesic

from routing.model import Place

OSRM_MAX_TABLE = 100  # OSRM's default --max-table-size


class DistanceServiceError(RuntimeError):
    """The road-distance service is down, slow or answered nonsense."""


@dataclass(frozen=True)
class Matrices:
    """`km[i][j]` and `minutes[i][j]` from place i to place j (not necessarily symmetric)."""

    km: np.ndarray
    minutes: np.ndarray


class DistanceModel(Protocol):
    def matrices(self, places: Sequence[Place]) -> Matrices: ...

    def describe(self) -> dict[str, object]: ...


@dataclass(frozen=True)
class GeodesicDistances:
    road_factor: float = 1.3
    speed_kmh: float = 70.0

    def __post_init__(self) -> None:
        if not 1 <= self.road_factor <= 3:
            raise ValueError(f"road factor must be between 1 and 3, got {self.road_factor}")
        if not 5 <= self.speed_kmh <= 130:
            raise ValueError(f"average speed must be between 5 and 130 km/h, got {self.speed_kmh}")

    def matrices(self, places: Sequence[Place]) -> Matrices:
        n = len(places)
        km = np.zeros((n, n))
        for i in range(n):
            a = places[i]
            for j in range(i + 1, n):
                b = places[j]
                km[i, j] = km[j, i] = geodesic_km(a.lat, a.lon, b.lat, b.lon) * self.road_factor
        return Matrices(km=km, minutes=km / self.speed_kmh * 60)

    def describe(self) -> dict[str, object]:
        return {"backend": "geodesic", "road_factor": self.road_factor, "speed_kmh": self.speed_kmh}


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    if (lat1, lon1) == (lat2, lon2):
        return 0.0
    return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"] / 1000


@dataclass(frozen=True)
class OsrmDistances:
    """Road distances from an OSRM server's table service, e.g. `http://localhost:5000`."""

    base_url: str
    profile: str = "driving"
    timeout_s: float = 10.0

    def matrices(self, places: Sequence[Place]) -> Matrices:
        n = len(places)
        km, minutes = np.zeros((n, n)), np.zeros((n, n))
        for sources in _blocks(n):
            for destinations in _blocks(n):
                block = sorted(set(sources) | set(destinations))
                answer = self._table(
                    [places[i] for i in block],
                    [block.index(i) for i in sources],
                    [block.index(j) for j in destinations],
                )
                km[np.ix_(sources, destinations)] = np.asarray(answer["distances"], float) / 1000
                minutes[np.ix_(sources, destinations)] = np.asarray(answer["durations"], float) / 60
        return Matrices(km=km, minutes=minutes)

    def describe(self) -> dict[str, object]:
        return {"backend": "osrm", "base_url": self.base_url, "profile": self.profile}

    def _table(self, places: list[Place], sources: list[int], destinations: list[int]) -> dict:
        coordinates = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in places)
        url = f"{self.base_url.rstrip('/')}/table/v1/{self.profile}/{coordinates}"
        params = {
            "annotations": "distance,duration",
            "sources": ";".join(map(str, sources)),
            "destinations": ";".join(map(str, destinations)),
        }
        try:
            response = requests.get(url, params=params, timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise DistanceServiceError(f"OSRM at {self.base_url} is not reachable: {exc}") from exc
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or answer.get("code") != "Ok":
            detail = answer.get("message") or answer.get("code") or f"HTTP {response.status_code}"
            raise DistanceServiceError(
                f"OSRM at {self.base_url} refused the table request: {detail}"
            )
        for key in ("distances", "durations"):
            rows = answer.get(key)
            if rows is None or any(value is None for row in rows for value in row):
                raise DistanceServiceError(
                    f"OSRM at {self.base_url} found no road between some places"
                )
        return answer


def _blocks(n: int) -> list[list[int]]:
    half = OSRM_MAX_TABLE // 2
    return [list(range(start, min(start + half, n))) for start in range(0, n, half)]
