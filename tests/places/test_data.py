"""The bundled data: today's divisions with coordinates, the old names, the towns."""

import csv
from pathlib import Path

import pytest

from places import Gazetteer, PlaceError

DATA = Path(__file__).resolve().parents[2] / "data" / "places"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def test_every_county_level_division_has_a_unique_code_and_coordinates_in_china(gazetteer):
    counties = [d for d in gazetteer.divisions if d.level == "county"]
    assert (
        len(counties) >= 2850
    )  # 2,844 of GB/T 2260 plus the statistical 林区/行委 and 东莞-type cities
    codes = [d.code for d in gazetteer.divisions]
    assert len(codes) == len(set(codes))
    for division in gazetteer.divisions:
        assert 3.5 <= division.lat <= 54 and 73 <= division.lon <= 135.5, division.full_name


def test_divisions_created_after_the_old_data_are_there(gazetteer):
    for code, name in [
        ("440309", "龙华区"),
        ("320812", "清江浦区"),
        ("140403", "潞州区"),
        ("361104", "广信区"),
        ("632803", "茫崖市"),
        ("130682", "定州市"),
        ("130181", "辛集市"),
        ("659005", "北屯市"),
        ("130881", "平泉市"),
        ("540481", "米林市"),
        ("653229", "和安县"),
    ]:
        assert gazetteer.by_code[code].name == name


def test_every_county_level_division_resolves_by_its_full_name_to_its_code(gazetteer):
    wrong = []
    for division in gazetteer.divisions:
        if division.level in ("county", "zone"):
            try:
                found = gazetteer.resolve(division.full_name)
            except PlaceError as error:
                wrong.append(f"{division.full_name}: {error}")
                continue
            if found.code != division.code:
                wrong.append(f"{division.full_name} -> {found.full_name}")
    assert wrong == []


def test_every_old_name_in_the_changes_table_resolves_to_todays_division(gazetteer):
    with (DATA / "changes.csv").open(encoding="utf-8") as f:
        changes = list(csv.DictReader(f))
    assert len(changes) > 900
    wrong = []
    for change in changes:
        prefecture = (
            change["old_prefecture"] if change["old_prefecture"] != change["old_province"] else ""
        )
        text = change["old_province"] + prefecture + change["old_name"]
        try:
            found = gazetteer.resolve(text).code
        except PlaceError as error:
            found = str(error)
        if found != change["new_code"]:
            wrong.append(f"{text}: {found}, expected {change['new_code']} {change['new_name']}")
    assert wrong == []


def test_old_codes_lead_to_todays_division(gazetteer):
    assert gazetteer.by_any_code("130823").full_name == "河北省承德市平泉市"  # 平泉县
    assert gazetteer.by_any_code("411626").full_name == "河南省周口市淮阳区"  # 淮阳县
    assert gazetteer.by_any_code("411625").full_name == "河南省周口市郸城县"  # unchanged
    assert gazetteer.by_any_code("999999") is None


def test_towns_are_a_compact_table_with_their_county(gazetteer):
    path = DATA / "towns.csv"
    assert path.stat().st_size < 3_000_000
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 40_000
    assert all(row["county_code"] in gazetteer.by_code for row in rows)
