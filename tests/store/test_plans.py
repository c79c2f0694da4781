import pytest

from store import audit, plans
from store.errors import StoreError

DOCUMENT = {
    "schema": "fanggang.plan/1",
    "trips": [{"id": "T001", "stops": [{"board": [1, 2]}, {"board": [3]}]}],
    "unassigned": [],
}


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


def test_a_draft_is_never_the_published_plan_nor_holds_a_published_trip(engine):
    published = plans.save_plan(engine, DOCUMENT, by="planner")
    plans.publish_plan(engine, published.id, by="planner")
    other = {
        **DOCUMENT,
        "trips": [
            {"id": "T001", "stops": [{"board": [4]}]},
            {"id": "T002", "stops": [{"board": [1, 2, 3]}]},
        ],
    }
    draft = plans.save_plan(engine, other, by="planner")
    assert plans.published_plan(engine).id == published.id
    assert [p.id for p in plans.plans_holding(engine, published.trip("T001"))] == [published.id]
    assert plans.plans_holding(engine, draft.trip("T001")) == []  # drafts hold no marks
    assert draft.trip("T404") is None


def test_a_follow_up_that_keeps_a_trip_holds_it_too(engine):
    first = plans.save_plan(engine, DOCUMENT, by="planner")
    plans.publish_plan(engine, first.id, by="planner")
    late = {**DOCUMENT, "trips": [*DOCUMENT["trips"], {"id": "T002", "stops": [{"board": [9]}]}]}
    second = plans.publish_plan(
        engine, plans.save_plan(engine, late, by="planner").id, by="planner"
    )
    holding = plans.plans_holding(engine, second.trip("T001"))
    assert [p.id for p in holding] == [first.id, second.id]
