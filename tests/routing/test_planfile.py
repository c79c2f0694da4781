import json

import pytest

from routing.planfile import SCHEMA, PlanFileError, plan_to_dict, read_plan, write_plan
from routing.planner import plan_trips


def test_plan_json_follows_the_contract_and_round_trips(small_problem, tmp_path):
    plan = plan_trips(small_problem, time_limit_s=1)
    plan_path, trips_path = write_plan(plan, tmp_path / "out")
    document = json.loads(plan_path.read_text(encoding="utf-8"))
    assert document["schema"] == SCHEMA
    assert set(document) == {"schema", "params", "trips", "unassigned", "summary"}
    assert set(document["summary"]) == {"workers", "assigned", "unassigned", "trips", "distance_km",
                                        "days", "lower_bound", "bound_method"}
    trip = document["trips"][0]
    assert {"id", "seats", "capacity", "distance_km", "duration_min", "stops"} <= set(trip)
    stop = trip["stops"][0]
    assert set(stop) == {"kind", "name", "lat", "lon", "time", "board", "alight"}
    assert stop["kind"] == "depot" and stop["time"] == "2020-02-20T06:00"
    assert plan_to_dict(read_plan(plan_path)) | {"params": {}} == document | {"params": {}}
    lines = trips_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("trip,bus_type,seats") and len(lines) == len(plan.trips) + 1


def test_the_plan_file_holds_no_personal_data(small_problem, tmp_path):
    plan_path, trips_path = write_plan(plan_trips(small_problem, time_limit_s=1), tmp_path)
    text = plan_path.read_text(encoding="utf-8") + trips_path.read_text(encoding="utf-8-sig")
    for worker in small_problem.workers:
        assert worker.name not in text
        assert worker.id_number not in text
        assert worker.phone not in text


@pytest.mark.parametrize("content", ["not json", '{"schema": "other/1"}', '{"schema": "fanggang.plan/1"}'])
def test_a_foreign_file_is_refused(tmp_path, content):
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlanFileError):
        read_plan(path)
