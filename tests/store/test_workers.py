import datetime as dt

import pytest

from routing.model import Employer, Place, Worker
from store import workers
from store.errors import NotFoundError

HOME = Place("河南省周口市郸城县", 33.644743, 115.177188, code="411625", level="county")
SITE = Place("郑州高新区", 34.812, 113.56)


def worker(row, id_number, employer="甲公司", name="张三", health=""):
    return Worker(row, name, id_number, "13800138000", HOME, employer, health, dt.date(2020, 2, 18))


def test_employers_are_added_then_moved(engine):
    workers.save_employers(engine, [Employer("甲公司", SITE)])
    moved = Place("郑州高新区2", 34.8, 113.5)
    workers.save_employers(engine, [Employer("甲公司", moved), Employer("乙公司", SITE)])
    found = workers.list_employers(engine)
    assert sorted(found) == ["乙公司", "甲公司"] and found["甲公司"].place.name == "郑州高新区2"


def test_registering_the_same_roster_twice_doubles_no_one(engine):
    roster = [worker(1, "11010519491231002X"), worker(2, "411625199001010111")]
    first = workers.register_workers(engine, roster, by="planner")
    second = workers.register_workers(engine, roster, by="planner")
    assert len(first.added) == 2 and second.added == () and len(second.unchanged) == 2
    assert workers.count_workers(engine) == 2
    changed = workers.register_workers(
        engine, [worker(1, "11010519491231002X", health="健康")], by="planner"
    )
    assert changed.updated == (first.added[0],)


def test_stored_workers_come_back_whole_with_their_id_as_row(engine):
    [stored_id] = workers.register_workers(engine, [worker(7, "11010519491231002X")], by="p").added
    [back] = workers.list_workers(engine)
    assert back == worker(stored_id, "11010519491231002X")


def test_an_employer_sees_and_changes_only_its_own_workers(engine):
    workers.register_workers(engine, [worker(1, "11010519491231002X", employer="甲公司")], by="p")
    other = workers.register_workers(
        engine, [worker(1, "411625199001010111", employer="乙公司")], by="p"
    ).added[0]
    assert [w.employer for w in workers.list_workers(engine, employer="甲公司")] == ["甲公司"]
    result = workers.register_workers(
        engine,
        [
            worker(3, "411625199001010111", employer="甲公司"),
            worker(4, "110105194912310037", employer="乙公司"),
        ],
        by="甲",
        employer="甲公司",
    )
    assert [row for row, _ in result.refused] == [3, 4]
    assert result.refused[0][1] == "这个身份证号不能登记，请联系人社局"
    with pytest.raises(NotFoundError):
        workers.delete_worker(engine, other, employer="甲公司")
    workers.delete_worker(engine, other, employer="乙公司")
    assert workers.count_workers(engine) == 1


def test_a_failed_registration_changes_nothing(engine):
    workers.register_workers(engine, [worker(1, "11010519491231002X")], by="p")
    bad = worker(2, "123")  # not an 18-character ID: the store refuses the whole batch
    with pytest.raises(Exception, match="18-character"):
        workers.register_workers(engine, [worker(3, "411625199001010111"), bad], by="p")
    assert workers.count_workers(engine) == 1


def test_the_check_before_saving_is_what_saving_does_and_stores_nothing(engine):
    workers.register_workers(engine, [worker(1, "11010519491231002X", employer="乙公司")], by="乙")
    rows = [
        worker(1, "11010519491231002X"),
        worker(2, "411625199001010111"),
        worker(3, "411625199001010111".replace("0111", "0138"), employer="乙公司"),
    ]
    checked = workers.check_registration(engine, rows, employer="甲公司")
    assert workers.count_workers(engine) == 1  # nothing stored by the check
    saved = workers.register_workers(engine, rows, by="甲", employer="甲公司")
    assert [row for row, _ in checked.refused] == [row for row, _ in saved.refused] == [1, 3]
    assert (
        "这个身份证号不能登记" in dict(checked.refused)[1]
        and "不是本企业" in dict(checked.refused)[3]
    )
    assert len(checked.added) == len(saved.added) == 1
