import typing
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from routing.distances import DistanceServiceError, GeodesicDistances, OsrmDistances
from routing.model import Place
from tests.routing.standin import JsonHandler, serving

ZONE = Place("郑州高新区", 34.812, 113.56)
DANCHENG = Place("郸城县", 33.644743, 115.177188)
CAOXIAN = Place("曹县", 34.825508, 115.542328)


def test_geodesic_times_road_factor_at_coach_speed():
    matrices = GeodesicDistances(road_factor=1.3, speed_kmh=70).matrices([ZONE, DANCHENG])
    straight = 197.39  # km, WGS-84 geodesic between the two seats
    assert matrices.km[0, 1] == pytest.approx(straight * 1.3, rel=1e-3)
    assert matrices.minutes[0, 1] == pytest.approx(matrices.km[0, 1] / 70 * 60)
    assert matrices.km[0, 0] == 0 and matrices.km[1, 0] == matrices.km[0, 1]


@pytest.mark.parametrize("options", [{"road_factor": 0.5}, {"speed_kmh": 0}])
def test_implausible_settings_are_refused(options):
    with pytest.raises(ValueError):
        GeodesicDistances(**options)


class _StandInOsrm(JsonHandler):
    """A stand-in OSRM table service: distance = 1000 m x (i + j) between coordinates i, j."""

    mode = "ok"
    requests: typing.ClassVar[list[str]] = []

    def answer_get(self):
        url = urlsplit(self.path)
        type(self).requests.append(url.path)
        query = parse_qs(url.query)
        coordinates = url.path.split("/")[-1].split(";")
        sources = [int(i) for i in query["sources"][0].split(";")]
        destinations = [int(j) for j in query["destinations"][0].split(";")]
        assert len(coordinates) >= max(sources + destinations) + 1
        if self.mode == "refuse":
            return 400, {"code": "InvalidQuery", "message": "Query string malformed"}
        distances = [[1000.0 * (i + j) for j in destinations] for i in sources]
        durations = [[60.0 * (i + j) for j in destinations] for i in sources]
        if self.mode == "no-route":
            distances[0][-1] = None
        return 200, {"code": "Ok", "distances": distances, "durations": durations}


@pytest.fixture()
def osrm():
    _StandInOsrm.mode, _StandInOsrm.requests = "ok", []
    with serving(_StandInOsrm) as address:
        yield f"http://{address}"


def test_osrm_table_is_read_in_km_and_minutes(osrm):
    matrices = OsrmDistances(osrm).matrices([ZONE, DANCHENG, CAOXIAN])
    assert matrices.km.tolist() == [[0, 1, 2], [1, 2, 3], [2, 3, 4]]
    assert matrices.minutes[1, 2] == 3
    assert _StandInOsrm.requests[0].startswith("/table/v1/driving/113.560000,34.812000;")


def test_large_matrices_are_asked_in_blocks(osrm):
    places = [Place(f"p{i}", 30 + i / 100, 110 + i / 100) for i in range(120)]
    matrices = OsrmDistances(osrm).matrices(places)
    assert len(_StandInOsrm.requests) == 9  # 3 x 3 blocks of at most 50 sources x 50 destinations
    assert matrices.km.shape == (120, 120)
    assert np.all(matrices.km[:50, :50] >= 0)


@pytest.mark.parametrize(
    "mode, message", [("refuse", "Query string malformed"), ("no-route", "no road")]
)
def test_osrm_refusals_are_clear(osrm, mode, message):
    _StandInOsrm.mode = mode
    with pytest.raises(DistanceServiceError, match=message):
        OsrmDistances(osrm).matrices([ZONE, DANCHENG])


def test_osrm_down_is_a_clear_error():
    with pytest.raises(DistanceServiceError, match="not reachable"):
        OsrmDistances("http://127.0.0.1:9", timeout_s=1).matrices([ZONE, DANCHENG])
