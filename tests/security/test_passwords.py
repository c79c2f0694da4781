"""Finding (low): `12345678`, `password` and eight spaces were accepted as passwords; `Admin`,
`аdmin` (Cyrillic а), full-width `ａｄｍｉｎ` and `admin` + a zero-width space became separate
accounts next to `admin`."""

import pytest

from store import accounts
from store.errors import StoreError
from tests.security.conftest import PASSWORD


@pytest.mark.parametrize(
    "password",
    [
        "12345678",
        "password",
        " " * 8,
        "1234567890",
        "password123",
        "          ",
        "aaaaaaaaaaaa",
        "Password12",
        "zhangwei-2020",
        "short-1",
    ],
)
def test_weak_passwords_are_refused(engine, password):
    with pytest.raises(StoreError, match="密码"):
        accounts.create_account(engine, "zhangwei", password, "planner")


def test_a_good_password_is_taken(engine):
    assert accounts.create_account(engine, "zhangwei", "Lang-und-gut-7", "planner")


@pytest.mark.slow
@pytest.mark.parametrize("look_alike", ["Admin", "ADMIN", "ａｄｍｉｎ", " admin "])
def test_user_names_that_fold_to_a_taken_one_are_refused(engine, look_alike):
    accounts.create_account(engine, "admin", PASSWORD, "admin")
    with pytest.raises(StoreError, match="已被使用"):
        accounts.create_account(engine, look_alike, PASSWORD, "planner")
    assert [a.username for a in accounts.list_accounts(engine)] == ["admin"]


@pytest.mark.parametrize(
    "look_alike", ["\u0430dmin", "admin\u200b", "ad\u200dmin", "admín", "admin\u00a0x", "管理员"]
)
def test_user_names_with_look_alike_or_invisible_characters_are_refused(engine, look_alike):
    with pytest.raises(StoreError, match="用户名须为"):
        accounts.create_account(engine, look_alike, PASSWORD, "planner")


def test_signing_in_folds_the_typed_name_as_well(engine):
    accounts.create_account(engine, "Zhang.Wei", PASSWORD, "planner")
    assert accounts.authenticate(engine, "ＺＨＡＮＧ.wei", PASSWORD).username == "zhang.wei"
