from pathlib import Path

import pytest

from places import Gazetteer
from routing.inputs import read_employers

ROOT = Path(__file__).resolve().parents[2]
EMPLOYERS_FILE = ROOT / "tests" / "data" / "rosters" / "employers_ok.csv"
GOOD_ROSTER = ROOT / "tests" / "data" / "rosters" / "roster_ok.csv"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The bundled offline gazetteer (all county-level divisions, Zhengzhou's zones)."""
    return Gazetteer.default()


@pytest.fixture(scope="session")
def employers(gazetteer):
    """The three employers of tests/data/rosters/employers_ok.csv, which the corpus's good rows
    name (copied from tests/routing/conftest.py)."""
    with EMPLOYERS_FILE.open("rb") as f:
        found, errors = read_employers(f, gazetteer)
    assert errors == []
    return found
