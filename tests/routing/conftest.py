import datetime as dt
from pathlib import Path

import pytest

from places import Gazetteer
from routing.geocoding import locate
from routing.inputs import read_employers, read_roster
from routing.model import BusType, Problem, Rules

DATA = Path(__file__).resolve().parent.parent / "data" / "rosters"
DEPART = dt.datetime(2020, 2, 20, 6, 0)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The bundled offline gazetteer (all county-level divisions, Zhengzhou's zones)."""
    return Gazetteer.default()


@pytest.fixture(scope="session")
def employers(gazetteer):
    """Three employers in the zone; one is placed by its address alone."""
    with (DATA / "employers_ok.csv").open("rb") as f:
        found, errors = read_employers(f, gazetteer)
    assert errors == []
    return found


@pytest.fixture()
def small_problem(gazetteer, employers) -> Problem:
    """Six good workers from Zhoukou and Heze for three employers, 45-seat coaches."""
    with (DATA / "roster_ok.csv").open("rb") as f:
        roster = read_roster(f, employers, gazetteer, depart=DEPART)
    return Problem(
        tuple(roster.workers),
        {e.name: e for e in employers.values()},
        (BusType("coach", 45),),
        locate("郑州高新区"),
        Rules(depart=DEPART),
        tuple(roster.rejected),
    )
