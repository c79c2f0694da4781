"""The app in the field: the published plan is the one truth, the boarding page, marks that
survive re-planning of other trips, and the empty start."""

import copy

import pytest
from streamlit.testing.v1 import AppTest

from app.views import transport
from store import checkins, make_engine, plans, workers
from tests.app.conftest import APP
from tests.app.page_text import texts


def published_caption(at) -> str:
    return " ".join(c.value for c in at.caption)


@pytest.mark.slow
def test_coordinators_see_the_published_plan_while_a_draft_is_newer(
    app_as, database, plan_and_draft
):
    engine = make_engine(database)
    draft = plans.latest_plan(engine)
    assert draft.status == "draft" and draft.id > plan_and_draft.id
    for page in ("manifests", "boarding"):
        at = app_as("coordinator", page)
        assert f"计划 #{plan_and_draft.id} · 已发布" in published_caption(at)
        assert f"#{draft.id}" not in texts(at)
    planner = app_as("planner", "dispatch")
    assert f"计划 Plan #{draft.id} · 草稿" in texts(planner)


@pytest.mark.slow
def test_boarding_marks_at_a_press_and_searches_by_name_or_last_four(
    app_as, database, plan_and_draft
):
    at = app_as("coordinator", "boarding")
    at.query_params["trip"] = "T002"
    at.run()
    assert at.header[0].value == "T002 上车登记"
    trip = plan_and_draft.trip("T002")
    rows = [row for stop in trip["stops"] for row in stop["board"]]
    before = at.metric[0].value
    at.button(key=f"board_{rows[0]}").click().run()
    at.button(key=f"absent_{rows[1]}").click().run()
    status = transport.trip_status(
        make_engine(database), plan_and_draft, transport.parsed(plan_and_draft).trips[1]
    )
    assert status.marks[rows[0]].status == "boarded" and status.marks[rows[1]].status == "no_show"
    assert at.metric[0].value == f"{int(before.split('/')[0]) + 1}/{len(rows)}"
    [person] = workers.list_workers(make_engine(database), ids=[rows[2]])
    for wanted in (person.id_number[-4:], person.name):
        at.text_input(key="boarding_search").input(wanted).run()
        cards = [b.key for b in at.button if b.key and b.key.startswith("board_")]
        assert f"board_{rows[2]}" in cards and len(cards) < len(rows)


def test_marks_survive_a_follow_up_plan_that_keeps_the_trip(database, plan_and_draft):
    engine = make_engine(database)
    first = transport.parsed(plan_and_draft).trips[0]
    row = first.stops[1].board[0]
    checkins.mark(
        engine,
        checkins.CheckIn(transport.identity(plan_and_draft), first.id, row, "boarded", "test"),
    )
    follow_up = copy.deepcopy(plan_and_draft.document)
    follow_up["trips"][-1]["distance_km"] += 1  # another trip re-planned
    again = plans.publish_plan(engine, plans.save_plan(engine, follow_up, by="test").id, by="test")
    assert transport.identity(again) != transport.identity(plan_and_draft)
    status = transport.trip_status(engine, again, transport.parsed(again).trips[0])
    assert status.marks[row].status == "boarded"


@pytest.mark.slow
def test_publishing_a_draft_that_moves_marked_passengers_asks_first(
    app_as, database, plan_and_draft
):
    engine = make_engine(database)
    published = plans.published_plan(engine)
    first = transport.parsed(published).trips[0]
    row = first.stops[1].board[0]
    checkins.mark(
        engine, checkins.CheckIn(transport.identity(published), first.id, row, "boarded", "test")
    )
    moved = copy.deepcopy(published.document)
    moved["trips"][0]["id"], moved["trips"][1]["id"] = moved["trips"][1]["id"], first.id
    draft = plans.save_plan(engine, moved, by="test")
    assert (first.id, row) in transport.marked_passengers_moved(engine, draft)
    at = app_as("planner", "dispatch")
    assert "已登记上车" in " ".join(w.value for w in at.warning)
    assert at.button(key="publish").disabled
    at.checkbox(key="confirm_moves").check().run()
    assert not at.button(key="publish").disabled


def test_an_empty_start_when_the_sample_is_switched_off(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("FANGGANG_DB_URL", url)
    monkeypatch.setenv("FANGGANG_SAMPLE", "0")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert workers.count_workers(make_engine(url)) == 0


def test_an_employer_sees_its_workers_coaches_masked(app_as, database, plan_and_draft):
    at = app_as("yuhui", "overview")
    [table] = [f.value for f in at.dataframe if "车次 trip" in f.value.columns]
    mine = {
        w.row
        for w in workers.list_workers(make_engine(database), employer="郑州宇辉电子技术有限公司")
    }
    aboard = {
        row
        for trip in plan_and_draft.document["trips"]
        for stop in trip["stops"]
        for row in stop["board"]
        if row in mine
    }
    assert len(table) == len(aboard) > 0
    assert table["身份证号 ID"].str.fullmatch(r"\d{4}\*{10}[\dX]{4}").all()
    assert {"车型 coach", "上车点 pickup", "上车时间 pickup time", "到达 arrival"} <= set(table)
