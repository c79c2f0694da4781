import datetime as dt
import json
from pathlib import Path

import pytest

from documents.manifest import plan_id
from routing.campaign import Campaign, plan_campaign
from routing.model import PlanParams
from routing.planfile import (
    SCHEMA,
    PlanFileError,
    plan_from_dict,
    plan_to_dict,
    read_plan,
    with_roster,
    write_plan,
)
from routing.planner import plan_trips

DATA = Path(__file__).resolve().parents[1] / "data" / "manifests"


def test_plan_json_follows_the_contract_and_round_trips(small_problem, tmp_path):
    plan = plan_trips(small_problem, time_limit_s=1)
    plan_path, trips_path = write_plan(plan, tmp_path / "out")
    document = json.loads(plan_path.read_text(encoding="utf-8"))
    assert document["schema"] == SCHEMA
    assert set(document) == {"schema", "params", "trips", "unassigned", "summary"}
    assert set(document["summary"]) == {
        "workers",
        "assigned",
        "unassigned",
        "trips",
        "distance_km",
        "days",
        "lower_bound",
        "bound_method",
    }
    trip = document["trips"][0]
    assert {"id", "seats", "capacity", "distance_km", "duration_min", "stops"} <= set(trip)
    stop = trip["stops"][0]
    assert set(stop) == {"kind", "name", "lat", "lon", "time", "board", "alight"}
    assert stop["kind"] == "depot" and stop["time"] == "2020-02-20T06:00"
    assert set(document["params"]) == {
        "load_factor",
        "max_pickups",
        "max_dropoffs",
        "max_ride_hours",
        "depart",
        "stop_minutes",
        "drivers_per_coach",
        "depot",
        "fleet",
        "backend",
        "road_factor",
        "speed_kmh",
        "time_limit_s",
        "seed",
        "planner",
        "bound_method",
        "sectors",
        "lp_bound",
        "columns",
        "rounds",
        "packed_coaches",
        "solve_seconds",
    }
    assert set(document["params"]["fleet"][0]) == {
        "type",
        "seats",
        "count",
        "cost_per_km",
        "capacity",
    }
    assert plan_to_dict(read_plan(plan_path)) == document
    lines = trips_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("trip,bus_type,seats") and len(lines) == len(plan.trips) + 1


def test_the_plan_file_holds_no_personal_data(small_problem, tmp_path):
    plan_path, trips_path = write_plan(plan_trips(small_problem, time_limit_s=1), tmp_path)
    text = plan_path.read_text(encoding="utf-8") + trips_path.read_text(encoding="utf-8-sig")
    for worker in small_problem.workers:
        assert worker.name not in text
        assert worker.id_number not in text
        assert worker.phone not in text


@pytest.mark.parametrize(
    "content", ["not json", '{"schema": "other/1"}', '{"schema": "fanggang.plan/1"}']
)
def test_a_foreign_file_is_refused(tmp_path, content):
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlanFileError):
        read_plan(path)


def test_a_campaign_plan_reads_back_as_written_to_the_byte(small_problem, tmp_path):
    campaign = Campaign.daily(dt.datetime(2020, 2, 20, 6, 0), 2, 1)
    plan = with_roster(plan_campaign(small_problem, campaign, time_limit_s=1), b"roster bytes")
    plan_path, _ = write_plan(plan, tmp_path)
    again, _ = write_plan(read_plan(plan_path), tmp_path / "again")
    assert again.read_bytes() == plan_path.read_bytes()
    params = read_plan(plan_path).params
    assert params.campaign is not None and params.campaign.max_wait_days == 1
    assert params.roster is not None and params.roster.bytes == len(b"roster bytes")
    assert params.load_factor == small_problem.rules.load_factor
    assert params.extra["backend"] == "geodesic"


@pytest.mark.parametrize("name", ["plan_full.json", "plan_half.json"])
def test_old_plan_files_load_and_keep_their_identity(name):
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    plan = read_plan(DATA / name)
    assert plan.params.load_factor == document["params"]["load_factor"]
    assert plan.params.drivers_per_coach is None and plan.params.fleet == ()
    assert plan_to_dict(plan)["params"] == document["params"]
    assert plan_id(plan_from_dict(plan_to_dict(plan))) == plan_id(plan)


def test_numbers_keep_their_type_and_unknown_params_are_kept():
    document = {
        "schema": SCHEMA,
        "trips": [],
        "unassigned": [],
        "params": {"time_limit_s": 20, "seed": 0, "a_newer_key": {"x": [1, 2]}},
    }
    params = plan_from_dict(document).params
    assert params.time_limit_s == 20 and isinstance(params.time_limit_s, int)
    assert params.extra == {"a_newer_key": {"x": [1, 2]}}
    assert plan_to_dict(plan_from_dict(document))["params"] == document["params"]


@pytest.mark.parametrize(
    "params",
    [
        {"load_factor": "half"},
        {"load_factor": 1.5},
        {"depart": "tomorrow"},
        {"fleet": [{"seats": 45}]},
    ],
)
def test_malformed_params_are_refused(params):
    document = {"schema": SCHEMA, "trips": [], "unassigned": [], "params": params}
    with pytest.raises(PlanFileError):
        plan_from_dict(document)


def test_typed_and_extra_params_cannot_overlap():
    with pytest.raises(ValueError, match="named twice"):
        PlanParams(extra={"load_factor": 0.5})
