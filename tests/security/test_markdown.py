"""Finding (low): markdown in an uploaded file's name rendered on 招聘信息 (a live link, an image
from an outside host) and was stored for other users. Every user-supplied string shown through
st.success/st.error/st.caption/st.header & co. goes through `context.literal` first."""

from pathlib import Path

import pytest
from sqlalchemy import insert

from store import accounts, make_engine
from store.workers import employers
from tests.security.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
GBK = (ROOT / "tests" / "data" / "postings" / "zhongbu_gbk.csv").read_bytes()
EVIL = "[点我](http://evil.example/x)![](http://evil.example/i.png)"


def markdown_shown(at) -> list[str]:
    """The markdown source of every text element the page shows."""
    kinds = ("success", "error", "warning", "info", "caption", "header", "markdown", "title")
    return [str(element.value) for kind in kinds for element in at.get(kind)]


def assert_inert(shown: list[str]) -> None:
    """The name is there, but no `[..](..)` or `![..](..)` survives unescaped."""
    assert any("evil" in text for text in shown)
    for text in shown:
        assert "](" not in text and "![" not in text, text


@pytest.fixture()
def planner_on_postings(app, app_database):
    engine = make_engine(app_database)
    accounts.create_account(engine, "planner", PASSWORD, "planner")
    at = app()
    at.session_state["account"] = accounts.authenticate(engine, "planner", PASSWORD)
    at.run()
    at.switch_page("app/pages/postings.py").run()
    at.session_state["postings_tab"] = "数据来源 Data sources"
    at.run()
    return at


@pytest.mark.slow
def test_an_uploaded_file_name_is_shown_as_text(planner_on_postings):
    at = planner_on_postings
    at.get("file_uploader")[0].set_value((f"{EVIL}.csv", GBK, "text/csv"))
    at.button(key="postings_upload_submit").click().run()
    assert not at.exception
    assert_inert(markdown_shown(at))  # the import screen, with the mapping to check
    at.button(key="postings_import").click().run()
    assert not at.exception
    assert_inert(markdown_shown(at))
    at.checkbox(key="postings_delete_sure").check().run()
    at.button(key="postings_delete").click().run()
    assert_inert(markdown_shown(at))


def test_an_unusable_file_name_is_shown_as_text(planner_on_postings):
    at = planner_on_postings
    at.get("file_uploader")[0].set_value((f"{EVIL}.csv", b"\x00\x01binary", "text/csv"))
    at.button(key="postings_upload_submit").click().run()
    assert_inert(markdown_shown(at))


@pytest.mark.slow
def test_an_employer_name_is_shown_as_text(app, app_database):
    engine = make_engine(app_database)
    with engine.begin() as connection:
        connection.execute(
            insert(employers).values(name=f"{EVIL}公司", place_name="郑州", lat=34.8, lon=113.6)
        )
    accounts.create_account(engine, "evilfirm", PASSWORD, "employer", employer=f"{EVIL}公司")
    for page in ("workers", "needs"):
        at = app()
        at.session_state["account"] = accounts.authenticate(engine, "evilfirm", PASSWORD)
        at.run()
        at.switch_page(f"app/pages/{page}.py").run()
        assert not at.exception
        assert_inert(markdown_shown(at) + [str(c.value) for c in at.sidebar.get("caption")])
