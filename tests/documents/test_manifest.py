"""Manifests as data: the join of plan.json and the roster, seats, crews, masking, errors."""

from dataclasses import replace
from pathlib import Path

import pytest

from documents.manifest import (
    Crew,
    ManifestError,
    TripManifest,
    build_manifests,
    plan_id,
    read_crew,
    read_people,
)
from documents.manifest_pdf import paginate
from routing.planfile import read_plan

DATA = Path(__file__).resolve().parent.parent / "data" / "manifests"


def people(name="roster.csv"):
    with (DATA / name).open("rb") as f:
        return read_people(f, source=name)


@pytest.fixture(scope="module")
def full_plan():
    """T001: a full 45-seat coach from three pickups to three employers; T002: 7 on a 33-seater."""
    return read_plan(DATA / "plan_full.json")


@pytest.fixture(scope="module")
def half_plan():
    """One 45-seat coach at load factor 0.5 carrying its 22 passengers."""
    return read_plan(DATA / "plan_half.json")


def test_the_roster_gives_each_plan_row_its_person():
    found = people()
    assert len(found) == 52
    assert found[1].name == "赵军" and found[1].id_number == "411625199002020012"
    assert found[1].phone == "13800000001" and found[2].health == "绿码"


def test_every_rider_of_the_trip_is_on_its_manifest_once(full_plan):
    manifests = build_manifests(full_plan, people())
    assert [m.trip.id for m in manifests] == ["T001", "T002"]
    for manifest in manifests:
        rows = sorted(p.row for p in manifest.passengers)
        assert rows == sorted(r for stop in manifest.trip.pickups for r in stop.board)


def test_passengers_are_grouped_by_pickup_in_route_order(full_plan):
    manifest = build_manifests(full_plan, people(), trips=["T001"])[0]
    groups = manifest.groups()
    assert [stop.place.name for stop, _ in groups] == [
        "河南省周口市郸城县",
        "河南省周口市沈丘县",
        "山东省菏泽市曹县",
    ]
    assert [len(group) for _, group in groups] == [19, 3, 23]
    assert all(p.pickup is stop for stop, group in groups for p in group)


def test_full_load_seats_follow_boarding_order(full_plan):
    manifest = build_manifests(full_plan, people(), trips=["T001"])[0]
    assert [p.seat for p in manifest.passengers] == list(range(1, 46))
    assert manifest.seating_rule == "按序就座"


def test_within_a_pickup_those_leaving_first_board_together(full_plan):
    manifest = build_manifests(full_plan, people(), trips=["T001"])[0]
    first_group = manifest.groups()[0][1]
    order = [manifest.trip.dropoffs.index(p.dropoff) for p in first_group]
    assert order == sorted(order)


def test_half_load_seats_passengers_apart_and_says_so(half_plan):
    manifest = build_manifests(half_plan, people())[0]
    assert manifest.load_factor == 0.5
    seats = sorted(p.seat for p in manifest.passengers)
    assert seats[:18] == [1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29, 32, 33, 36]
    assert manifest.seating_rule == "隔位就座，37–45 号留作观察区（已用 4 座）"


def test_without_the_app_address_the_page_says_where_to_mark_boarding(full_plan):
    manifest = build_manifests(full_plan, people(), trips=["T002"])[0]
    assert manifest.checkin_link == ""  # no app address: no QR code a phone cannot open
    assert "上车登记" in manifest.checkin_words and "T002" in manifest.checkin_words
    assert len(plan_id(full_plan)) == 16
    assert plan_id(full_plan) == plan_id(read_plan(DATA / "plan_full.json"))
    assert plan_id(full_plan) != plan_id(read_plan(DATA / "plan_half.json"))


def test_masked_manifests_show_masked_ids_and_phones(full_plan):
    plain, masked = (
        build_manifests(full_plan, people(), trips=["T002"], masked=flag)[0]
        for flag in (False, True)
    )
    person = plain.passengers[0].person
    assert plain.id_text(person) == person.id_number
    assert masked.id_text(person) == person.id_number[:4] + "*" * 10 + person.id_number[-4:]
    assert masked.phone_text(person) == "138****0046"


def test_crew_known_for_a_trip_overrides_the_crew_for_all(full_plan):
    with (DATA / "crew.csv").open("rb") as f:
        crews = read_crew(f)
    manifests = build_manifests(
        full_plan,
        people(),
        crew=Crew(coordinator="李干事", coordinator_phone="0371-1234"),
        crews=crews,
    )
    assert manifests[0].crew == Crew("豫A·12345", "马师傅", "13900000001", "周科长", "13900000002")
    assert manifests[1].crew == Crew(coordinator="李干事", coordinator_phone="0371-1234")


def test_a_crew_file_naming_an_unknown_trip_is_refused(full_plan):
    with (DATA / "crew_unknown_trip.csv").open("rb") as f:
        crews = read_crew(f)
    with pytest.raises(ManifestError, match="no trip T404 in the plan"):
        build_manifests(full_plan, people(), crews=crews)


def test_an_unknown_trip_is_named(full_plan):
    with pytest.raises(ManifestError, match=r"no trip T9 in the plan \(trips: T001..T002\)"):
        build_manifests(full_plan, people(), trips=["T001", "T9"])


def test_a_plan_row_missing_from_the_roster_is_named(full_plan):
    with pytest.raises(ManifestError, match="trip T001: roster row 11 is not in the roster"):
        build_manifests(full_plan, people("roster_missing_row.csv"))


def test_a_45_seat_trip_is_laid_out_on_one_page(full_plan):
    manifest = build_manifests(full_plan, people(), trips=["T001"])[0]
    pages = paginate(manifest)
    assert len(pages) == 1 and pages[0].first and pages[0].last
    assert sum(line[0] == "passenger" for line in pages[0].lines) == 45


def test_a_manifest_refuses_shared_seats_and_strangers(full_plan):
    manifest = build_manifests(full_plan, people(), trips=["T002"])[0]
    first, second, *rest = manifest.passengers
    with pytest.raises(ManifestError, match=r"seats must be distinct and in 1\.\.33"):
        TripManifest(
            manifest.plan_id, manifest.trip, (first, replace(second, seat=first.seat), *rest), 1.0
        )
    with pytest.raises(ManifestError, match="seats must be distinct"):
        TripManifest(manifest.plan_id, manifest.trip, (replace(first, seat=34), second, *rest), 1.0)
    with pytest.raises(ManifestError, match="not the trip's riders"):
        TripManifest(manifest.plan_id, manifest.trip, (second, *rest), 1.0)


def test_the_qr_code_opens_the_trip_in_the_app_when_its_address_is_known(full_plan):
    [manifest] = build_manifests(
        full_plan, people(), trips=["T001"], app_url="http://10.0.0.5:8501/"
    )
    assert manifest.checkin_link == (
        f"http://10.0.0.5:8501/boarding?plan={manifest.plan_id}&trip=T001"
    )
