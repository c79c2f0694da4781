import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from store import accounts
from store.accounts import LoginError
from store.errors import StoreError


def test_first_account_then_login(engine):
    assert not accounts.has_accounts(engine)
    created = accounts.create_account(engine, "admin", "correct horse", "admin")
    assert accounts.has_accounts(engine)
    assert accounts.authenticate(engine, "admin", "correct horse") == created


def test_passwords_are_stored_hashed(engine):
    accounts.create_account(engine, "zhang", "s3cret-pass", "planner")
    with engine.connect() as connection:
        stored = connection.execute(accounts.accounts.select()).mappings().one()["password_hash"]
    assert "s3cret-pass" not in stored and stored.startswith("$2")


@pytest.mark.parametrize(
    "username, password, role, employer, message",
    [
        ("", "long enough", "planner", None, "1 到 60"),
        ("a", "short", "planner", None, "至少 10"),
        ("a", "long enough", "boss", None, "角色须为"),
        ("a", "long enough", "employer", None, "所属企业"),
    ],
)
def test_bad_accounts_are_refused(engine, username, password, role, employer, message):
    with pytest.raises(StoreError, match=message):
        accounts.create_account(engine, username, password, role, employer=employer)


def test_a_taken_name_is_refused(engine):
    accounts.create_account(engine, "li", "password-one", "coordinator")
    with pytest.raises(StoreError, match="已被使用"):
        accounts.create_account(engine, "li", "password-two", "planner")


def test_wrong_password_and_unknown_user_say_the_same(engine):
    accounts.create_account(engine, "li", "password-one", "coordinator")
    with pytest.raises(LoginError) as wrong:
        accounts.authenticate(engine, "li", "nope-nope")
    with pytest.raises(LoginError) as unknown:
        accounts.authenticate(engine, "wang", "nope-nope")
    assert str(wrong.value) == str(unknown.value)


@pytest.mark.slow
def test_five_failures_make_the_next_attempt_wait(engine):
    accounts.create_account(engine, "li", "password-one", "coordinator")
    now = dt.datetime(2020, 2, 20, 8, 0, tzinfo=dt.UTC)
    for _ in range(5):
        with pytest.raises(LoginError, match="密码错误"):
            accounts.authenticate(engine, "li", "guess-guess", now=now)
    with pytest.raises(LoginError, match="尝试次数过多"):
        accounts.authenticate(engine, "li", "password-one", now=now + dt.timedelta(seconds=5))
    later = now + dt.timedelta(minutes=1)
    assert accounts.authenticate(engine, "li", "password-one", now=later).username == "li"


@pytest.mark.slow
def test_wrong_passwords_at_the_same_moment_all_count(engine):
    accounts.create_account(engine, "li", "password-one", "coordinator")
    now = dt.datetime(2020, 2, 20, 8, 0, tzinfo=dt.UTC)

    def guess(_: int) -> str:
        try:
            accounts.authenticate(engine, "li", "guess-guess", now=now)
        except LoginError as error:
            return str(error)
        return "signed in"

    with ThreadPoolExecutor(accounts.sessions.FREE_TRIES) as pool:
        answers = list(pool.map(guess, range(accounts.sessions.FREE_TRIES)))
    assert answers == [accounts.WRONG_PASSWORD] * accounts.sessions.FREE_TRIES
    with pytest.raises(LoginError, match="尝试次数过多"):
        accounts.authenticate(engine, "li", "password-one", now=now + dt.timedelta(seconds=1))


def test_a_deactivated_account_cannot_log_in(engine):
    accounts.create_account(engine, "li", "password-one", "coordinator")
    accounts.set_active(engine, "li", False)
    with pytest.raises(LoginError):
        accounts.authenticate(engine, "li", "password-one")
