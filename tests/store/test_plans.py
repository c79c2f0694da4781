import pytest

from store import audit, plans
from store.errors import StoreError

DOCUMENT = {"schema": "fanggang.plan/1", "trips": [
    {"id": "T001", "stops": [{"board": [1, 2]}, {"board": [3]}]}], "unassigned": []}


def test_draft_then_publish_supersedes_the_previous(engine):
    first = plans.save_plan(engine, DOCUMENT, by="planner")
    assert first.boarded == {1, 2, 3}
    plans.publish_plan(engine, first.id, by="planner")
    second = plans.save_plan(engine, DOCUMENT, by="planner")
    plans.publish_plan(engine, second.id, by="planner")
    assert plans.get_plan(engine, first.id).status == "superseded"
    assert plans.latest_plan(engine, status="published").id == second.id
    with pytest.raises(StoreError, match="only a draft"):
        plans.publish_plan(engine, second.id, by="planner")


def test_audit_entries_newest_first(engine):
    audit.record(engine, "admin", "login")
    audit.record(engine, "planner", "publish", "plan 3", trips=12)
    [latest, first] = audit.entries(engine)
    assert (latest.action, latest.detail, first.action) == ("publish", {"trips": 12}, "login")
