"""The campaign on the pages: several days from one click, trips by day, notices and statements on
乘车名单, needs against returning workers on 总览 and 用工需求."""

import pytest

from store import make_engine, plans
from tests.app.conftest import plan_on_the_page

pytestmark = pytest.mark.slow  # a campaign planned on the page (12 s)


def frame_with(at, column):
    """The first table on the page with that column."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_a_campaign_is_planned_in_one_click_and_shown_by_day(app_as, database):
    at = app_as("planner", "dispatch")
    at.number_input(key="campaign_days").set_value(5)
    at.number_input(key="campaign_wait").set_value(2)
    plan_on_the_page(at, 5).run()
    assert not at.exception
    document = plans.latest_plan(make_engine(database)).document
    assert document["params"]["campaign"]["max_wait_days"] == 2
    days = document["summary"]["days"]
    assert sum(d["workers"] for d in days) == document["summary"]["assigned"]
    if len(days) > 1:
        table = frame_with(at, "日期 date")
        assert list(table["日期 date"]) == [d["date"] for d in days]
    at.button(key="publish").click().run()
    assert not at.exception

    manifests = app_as("planner", "manifests")
    assert not manifests.exception
    notices = frame_with(manifests, "短信内容 text")
    assert len(notices) == document["summary"]["assigned"]
    assert notices["字数 chars"].max() <= 70
    assert all("*" in phone for phone in notices["手机号 phone"])  # masked on screen
    labels = [b.proto.label for b in manifests.get("download_button")]
    assert any("短信" in label for label in labels) and any("结算单" in label for label in labels)


def test_needs_against_returning_workers_link_the_shortfall_to_postings(app_as):
    for user, page in (("planner", "overview"), ("planner", "needs"), ("yuhui", "needs")):
        at = app_as(user, page)
        assert not at.exception, (user, page)
        table = frame_with(at, "缺口 shortfall")
        assert len(table) and (table["缺口 shortfall"] >= 0).all()
        assert set(table["登记返岗 registered"]) != {0}
