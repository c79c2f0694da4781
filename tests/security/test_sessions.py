"""Finding (high): deactivating, re-assigning or deleting an account did not end its open
sessions. Also: a signed-in session survives a page reload (a new browser session), by its
server-side session and the cookie that names it."""

import hashlib

import pytest
from sqlalchemy import select

from app import context
from store import accounts, make_engine
from tests.security.conftest import PASSWORD, YUHUI, sign_in

COOKIE = "fanggang_session"


def employer_account(url: str, name: str):
    engine = make_engine(url)
    return engine, accounts.create_account(engine, name, PASSWORD, "employer", employer=YUHUI)


def signed_in(at) -> bool:
    return "account" in at.session_state and not any(
        str(t.value).endswith("Sign in") for t in at.title
    )


@pytest.mark.slow
@pytest.mark.parametrize("change", ["deactivate", "role", "employer", "delete"])
def test_an_account_change_ends_its_open_session_at_once(app, app_database, change):
    engine, _ = employer_account(app_database, f"firm-{change}")
    at = sign_in(app().run(), f"firm-{change}")
    assert signed_in(at)
    at.switch_page("app/pages/workers.py").run()
    assert not at.exception and signed_in(at)
    if change == "deactivate":
        accounts.set_active(engine, f"firm-{change}", False)
    elif change == "role":
        accounts.set_role(engine, f"firm-{change}", "coordinator")
    elif change == "employer":
        accounts.set_role(engine, f"firm-{change}", "employer", employer="郑州中原智芯股份有限公司")
    else:
        accounts.delete_account(engine, f"firm-{change}")
    at.run()  # the very next page run, e.g. the employer's next click
    assert "account" not in at.session_state
    assert at.title[0].value.endswith("Sign in")
    assert "已失效" in at.warning[0].value


def test_a_session_set_in_state_is_still_checked_against_the_database(app, app_database):
    """However an Account came into the session, the page run re-reads it."""
    engine, created = employer_account(app_database, "firm-state")
    at = app()
    at.session_state["account"] = created
    at.run()
    assert signed_in(at)
    accounts.set_active(engine, "firm-state", False)
    at.run()
    assert "account" not in at.session_state


def cookie_token(at) -> str:
    """The session token the page's script writes into the browser's cookie."""
    [script] = [
        element.proto.body for element in at.get("html") if f"{COOKIE}=" in element.proto.body
    ]
    return script.split(f"{COOKIE}=", 1)[1].split(";", 1)[0]


@pytest.mark.slow
def test_a_reload_resumes_the_session_from_its_cookie(app, app_database, monkeypatch):
    employer_account(app_database, "firm-reload")
    at = sign_in(app().run(), "firm-reload")
    token = cookie_token(at)
    assert len(token) >= 40 and "SameSite=Strict" in at.get("html")[0].proto.body
    monkeypatch.setattr(context, "browser_token", lambda: token)
    reloaded = app().run()  # a new browser session that sends the cookie
    assert reloaded.session_state["account"].username == "firm-reload"
    assert not reloaded.title or not reloaded.title[0].value.endswith("Sign in")


def test_the_database_keeps_only_a_digest_of_the_token(app, app_database):
    from store import sessions

    employer_account(app_database, "firm-digest")
    token = cookie_token(sign_in(app().run(), "firm-digest"))
    with make_engine(app_database).connect() as connection:
        stored = connection.execute(select(sessions.sessions.c.token_hash)).scalars().all()
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


@pytest.mark.slow
@pytest.mark.parametrize("ending", ["sign_out", "deactivate"])
def test_a_cookie_of_an_ended_session_signs_nobody_in(app, app_database, monkeypatch, ending):
    engine, _ = employer_account(app_database, f"firm-end-{ending}")
    at = sign_in(app().run(), f"firm-end-{ending}")
    token = cookie_token(at)
    if ending == "sign_out":
        at.button(key="sign_out").click().run()
        assert any("Max-Age=0" in e.proto.body for e in at.get("html"))  # the cookie is cleared
    else:
        accounts.set_active(engine, f"firm-end-{ending}", False)
    monkeypatch.setattr(context, "browser_token", lambda: token)
    reloaded = app().run()
    assert "account" not in reloaded.session_state
    assert reloaded.title[0].value.endswith("Sign in")


def test_an_idle_session_ends_in_the_database_too(engine):
    from store import sessions

    created = accounts.create_account(engine, "idle", PASSWORD, "planner")
    token = sessions.open_session(engine, created.id)
    later = sessions.dt.datetime.now(sessions.dt.UTC) + sessions.IDLE * 1.5
    assert sessions.find_session(engine, token, now=later) is None


def test_a_deep_link_keeps_its_query_through_sign_in(app, app_database):
    """The QR code's `?plan=..&trip=..` is still in the address after signing in."""
    employer_account(app_database, "firm-link")
    at = app()
    at.query_params["plan"] = "3"
    at.query_params["trip"] = "T005"
    sign_in(at.run(), "firm-link")
    assert at.session_state["account"].username == "firm-link"
    assert (at.query_params["plan"], at.query_params["trip"]) == ("3", "T005")


@pytest.mark.slow
def test_deactivating_on_the_accounts_page_ends_the_employers_session(app, app_database):
    employer_account(app_database, "firm-page")
    employer = sign_in(app().run(), "firm-page")
    admin = sign_in(app().run(), "boss")
    admin.switch_page("app/pages/accounts.py").run()
    admin.selectbox(key="toggle_user").set_value("firm-page").run()
    admin.button(key="deactivate").click().run()
    assert not admin.exception
    employer.run()
    assert "account" not in employer.session_state
    assert employer.title[0].value.endswith("Sign in")


@pytest.mark.slow
def test_a_role_change_on_the_accounts_page_ends_the_session(app, app_database):
    employer_account(app_database, "firm-role-page")
    employer = sign_in(app().run(), "firm-role-page")
    admin = sign_in(app().run(), "boss")
    admin.switch_page("app/pages/accounts.py").run()
    admin.selectbox(key="toggle_user").set_value("firm-role-page").run()
    admin.selectbox(key="change_role").set_value("coordinator").run()
    admin.button(key="change_role_button").click().run()
    assert not admin.exception
    changed = next(
        a
        for a in accounts.list_accounts(make_engine(app_database))
        if a.username == "firm-role-page"
    )
    assert (changed.role, changed.employer) == ("coordinator", None)
    employer.run()
    assert "account" not in employer.session_state
