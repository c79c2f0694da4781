from store import assignments


def test_a_coordinator_runs_the_trips_assigned_and_a_new_assignment_replaces_the_old(engine):
    assert assignments.trips_of(engine, "li") == set()
    assignments.set_trips(engine, "li", ["T005", "T001", "T005"], by="planner")
    assignments.set_trips(engine, "wang", ["T002"], by="planner")
    assert assignments.trips_of(engine, "li") == {"T001", "T005"}
    assignments.set_trips(engine, "li", ["T003"], by="admin")
    assert assignments.all_assignments(engine) == {"li": {"T003"}, "wang": {"T002"}}
    assignments.set_trips(engine, "li", [], by="admin")
    assert assignments.trips_of(engine, "li") == set()
