"""Findings: hiring needs matched by a normalised company key (郑州宇辉… and 河南宇辉… shared
needs: contact name, full phone, delete); an employer learned whether an ID number was registered
anywhere (the refusal said so)."""

import datetime as dt

import pytest
from sqlalchemy import insert

from recruitment.needs import HiringNeed
from routing.model import Place, Worker
from store import NotFoundError, needs, workers
from store.workers import employers

ZHENGZHOU, HENAN = "郑州宇辉电子技术有限公司", "河南宇辉电子技术有限公司"
HOME = Place("河南省周口市郸城县", 33.64, 115.18)


@pytest.fixture()
def two_yuhui(engine):
    with engine.begin() as connection:
        for name in (ZHENGZHOU, HENAN):
            connection.execute(
                insert(employers).values(name=name, place_name="郑州", lat=34.8, lon=113.6)
            )
    return engine


def test_an_employer_with_a_similar_name_sees_none_of_anothers_needs(two_yuhui):
    theirs = needs.add_need(
        two_yuhui,
        HiringNeed(
            employer=ZHENGZHOU,
            position="SMT操作员",
            headcount=20,
            contact_person="王经理",
            contact_phone="13800138000",
        ),
    )
    assert needs.list_needs(two_yuhui, employer=HENAN) == []
    with pytest.raises(NotFoundError):
        needs.get_need(two_yuhui, theirs.id, employer=HENAN)
    with pytest.raises(NotFoundError):
        needs.delete_need(two_yuhui, theirs.id, employer=HENAN)
    assert needs.list_needs(two_yuhui, employer=ZHENGZHOU) == [theirs]


def test_a_need_of_an_unlisted_employer_is_seen_by_the_bureau_only(two_yuhui):
    stray = needs.add_need(
        two_yuhui,
        HiringNeed(
            employer="宇辉电子",
            position="普工",
            headcount=3,
            contact_person="李",
            contact_phone="13800138001",
        ),
    )
    assert needs.list_needs(two_yuhui) == [stray]
    assert needs.list_needs(two_yuhui, employer="宇辉电子") == []
    assert needs.list_needs(two_yuhui, employer=ZHENGZHOU) == []


def test_an_id_registered_elsewhere_gets_a_neutral_refusal(engine):
    def worker(row: int, employer: str) -> Worker:
        return Worker(
            row,
            "张三",
            "11010519491231002X",
            "13800138000",
            HOME,
            employer,
            "",
            dt.date(2020, 2, 18),
        )

    workers.register_workers(engine, [worker(1, ZHENGZHOU)], by="p")
    refused = workers.register_workers(engine, [worker(1, HENAN)], by="e", employer=HENAN).refused
    assert refused == ((1, "这个身份证号不能登记，请联系人社局"),)
