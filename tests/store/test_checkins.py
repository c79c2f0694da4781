import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import text

from store import StoreError, transaction
from store.checkins import CheckIn, history, mark, trip_status

PLAN = "3abad5a7b67830a3"
CST = dt.timezone(dt.timedelta(hours=8))
MORNING = dt.datetime(2020, 2, 20, 8, 10, tzinfo=CST)


def checkin(row, status="boarded", **fields) -> CheckIn:
    return CheckIn(
        plan=fields.pop("plan", PLAN),
        trip=fields.pop("trip", "T001"),
        row=row,
        status=status,
        marked_by=fields.pop("marked_by", "周科长"),
        marked_at=fields.pop("marked_at", MORNING),
        **fields,
    )


def test_marks_come_back_as_stored_in_utc(engine):
    stored = mark(engine, checkin(12))
    assert stored.id == 1
    assert stored.marked_at == MORNING and stored.marked_at.tzinfo == dt.UTC
    assert history(engine, PLAN, "T001") == [stored]


def test_a_trip_status_is_each_passengers_latest_mark(engine):
    mark(engine, checkin(1))
    mark(engine, checkin(2, "no_show"))
    later = MORNING + dt.timedelta(minutes=25)
    mark(engine, checkin(2, "boarded", marked_at=later, marked_by="马师傅"))  # came late
    mark(engine, checkin(3, "replaced", note="由其弟王五顶替，身份证号已核"))
    mark(engine, checkin(4, trip="T002"))
    mark(engine, checkin(5, plan="another"))

    status = trip_status(engine, PLAN, "T001", expected=[1, 2, 3, 6, 7])
    assert sorted(status.marks) == [1, 2, 3]
    assert status.marks[2].status == "boarded" and status.marks[2].marked_by == "马师傅"
    assert status.marks[2].marked_at == later
    assert status.marks[3].note == "由其弟王五顶替，身份证号已核"
    assert status.unmarked == (6, 7)
    assert status.counts == {"boarded": 2, "no_show": 0, "replaced": 1, "unmarked": 2}
    assert [c.status for c in history(engine, PLAN, "T001")] == [
        "boarded",
        "no_show",
        "boarded",
        "replaced",
    ]


def test_a_trip_without_marks_is_all_unmarked(engine):
    status = trip_status(engine, PLAN, "T009", expected=[3, 1, 2])
    assert status.marks == {} and status.unmarked == (1, 2, 3)
    assert status.counts["unmarked"] == 3


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": "late"}, "status must be one of boarded, no_show, replaced"),
        ({"status": "replaced"}, "says who travelled instead"),
        ({"row": 0}, "rows start at 1"),
        ({"marked_by": " "}, "says who marked it"),
        ({"marked_at": dt.datetime(2020, 2, 20, 8, 0)}, "time zone"),
        ({"trip": ""}, "names its plan and trip"),
    ],
)
def test_a_check_in_refuses_what_it_cannot_be(fields, reason):
    values = {"row": 1, "status": "boarded", **fields}
    with pytest.raises(StoreError, match=reason):
        checkin(values.pop("row"), values.pop("status"), **values)


def test_a_stored_mark_is_not_stored_twice(engine):
    stored = mark(engine, checkin(1))
    with pytest.raises(StoreError, match="already stored"):
        mark(engine, stored)


def test_marks_can_share_the_callers_transaction(engine):
    with pytest.raises(RuntimeError), transaction(engine) as connection:
        mark(connection, checkin(1))
        assert len(history(connection, PLAN, "T001")) == 1
        raise RuntimeError("roll back")
    assert history(engine, PLAN, "T001") == []


def test_the_table_refuses_an_unknown_status(engine):
    with pytest.raises(Exception, match=r"(?i)check constraint"), transaction(engine) as connection:
        connection.execute(
            text(
                "INSERT INTO boarding_checkins (plan, trip, roster_row, status, note, marked_by,"
                " marked_at) VALUES ('p', 'T1', 1, 'late', '', 'x', '2020-02-20 00:00:00')"
            )
        )


def test_a_trip_status_reads_the_marks_of_every_plan_holding_the_trip(engine):
    mark(engine, checkin(1))
    mark(engine, replace(checkin(2), plan="newer-plan"))
    status = trip_status(engine, [PLAN, "newer-plan"], checkin(1).trip, expected=[1, 2, 3])
    assert sorted(status.marks) == [1, 2] and status.unmarked == (3,)
    assert sorted(trip_status(engine, PLAN, checkin(1).trip).marks) == [1]
