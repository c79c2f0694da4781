import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import insert, text

from recruitment.needs import HiringNeed
from store import NotFoundError, StoreError, transaction
from store.needs import add_need, delete_need, get_need, list_needs, update_need
from store.workers import employers


def need(employer="郑州星云软件有限公司", position="Java开发工程师", **fields) -> HiringNeed:
    return HiringNeed(
        employer=employer,
        position=position,
        headcount=fields.pop("headcount", 3),
        contact_person="王经理",
        contact_phone="13800138000",
        **fields,
    )


def test_add_get_and_list_round_trip(engine):
    stored = add_need(
        engine,
        need(
            salary_min=8000,
            salary_max=13000,
            education="本科",
            skills=("Java", "SQL"),
            start_date=dt.date(2020, 3, 1),
        ),
    )
    assert stored.id == 1
    assert get_need(engine, 1) == stored
    assert list_needs(engine) == [stored]
    with pytest.raises(StoreError, match="已保存"):
        add_need(engine, stored)


def listed(engine, *names):
    with engine.begin() as connection:
        for name in names:
            connection.execute(
                insert(employers).values(name=name, place_name="郑州", lat=34.8, lon=113.5)
            )


def test_an_employer_sees_and_changes_only_its_own_needs(engine):
    ours_name = "郑州星云软件有限公司"
    listed(engine, ours_name, "河南远拓重工有限公司")
    ours = add_need(engine, need())
    theirs = add_need(engine, need(employer="河南远拓重工有限公司", position="焊工"))
    assert list_needs(engine, employer=ours_name) == [ours]
    assert list_needs(engine, employer="星云软件") == []  # by employer id, not a name key
    with pytest.raises(NotFoundError, match="没有编号为 2 的用工需求"):
        get_need(engine, theirs.id, employer=ours_name)
    with pytest.raises(NotFoundError):  # our data over their row
        update_need(engine, replace(theirs, employer=ours_name), employer=ours_name)
    with pytest.raises(StoreError, match="不能改到"):
        update_need(engine, replace(ours, employer="河南远拓重工有限公司"), employer=ours_name)
    with pytest.raises(NotFoundError):
        delete_need(engine, theirs.id, employer=ours_name)
    assert len(list_needs(engine)) == 2


def test_update_and_delete(engine):
    listed(engine, "郑州星云软件有限公司")
    stored = add_need(engine, need())
    changed = update_need(
        engine, replace(stored, headcount=10, skills=("Go",)), employer="郑州星云软件有限公司"
    )
    assert get_need(engine, stored.id) == changed
    delete_need(engine, stored.id)
    assert list_needs(engine) == []
    with pytest.raises(NotFoundError):
        delete_need(engine, stored.id)
    with pytest.raises(NotFoundError):
        update_need(engine, changed)
    with pytest.raises(StoreError, match="没有编号"):
        update_need(engine, need())


def test_calls_can_share_the_callers_transaction(engine):
    with pytest.raises(RuntimeError), transaction(engine) as connection:
        add_need(connection, need())
        assert len(list_needs(connection)) == 1
        raise RuntimeError("roll back")
    assert list_needs(engine) == []


def test_the_table_refuses_what_the_record_would_refuse(engine):
    with pytest.raises(Exception, match=r"(?i)check constraint"), transaction(engine) as connection:
        connection.execute(
            text(
                "INSERT INTO hiring_needs (employer, employer_key, position, headcount, skills,"
                " contact_person, contact_phone) VALUES ('a', 'a', 'b', 0, '[]', 'c', 'd')"
            )
        )
