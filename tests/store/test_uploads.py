"""Uploaded files: stored once per content, listed without bytes, deleted by id."""

import datetime as dt

import pytest

from store import NotFoundError, StoreError, transaction
from store.uploads import (
    MAX_BYTES,
    add_upload,
    delete_upload,
    get_upload,
    list_uploads,
    upload_contents,
)

CSV = "职位,公司\n普工,郑州某某电子有限公司\n".encode("gbk")


def test_add_list_contents_round_trip(engine):
    before = dt.datetime.now(dt.UTC)
    stored, created = add_upload(engine, " boards.csv ", CSV, uploaded_by="planner")
    assert created
    assert (stored.id, stored.name, stored.size, stored.uploaded_by) == (
        1,
        "boards.csv",
        len(CSV),
        "planner",
    )
    assert stored.kind == "postings" and len(stored.sha256) == 64
    assert before - dt.timedelta(seconds=1) <= stored.uploaded_at <= dt.datetime.now(dt.UTC)
    assert list_uploads(engine) == [stored] == [get_upload(engine, stored.id)]
    assert upload_contents(engine) == [(stored, CSV)]


def test_the_same_bytes_are_kept_once_per_kind(engine):
    first, _ = add_upload(engine, "a.csv", CSV, uploaded_by="planner")
    again, created = add_upload(engine, "renamed.csv", CSV, uploaded_by="admin")
    assert not created and again == first
    other, created = add_upload(engine, "a.csv", CSV, uploaded_by="admin", kind="rosters")
    assert created and other.id != first.id
    assert list_uploads(engine) == [first]
    assert list_uploads(engine, kind="rosters") == [other]


def test_delete_removes_only_that_file_of_that_kind(engine):
    first, _ = add_upload(engine, "a.csv", CSV, uploaded_by="planner")
    second, _ = add_upload(engine, "b.csv", CSV + b"x", uploaded_by="planner")
    with pytest.raises(NotFoundError):
        delete_upload(engine, first.id, kind="rosters")
    delete_upload(engine, first.id)
    assert list_uploads(engine) == [second]
    with pytest.raises(NotFoundError):
        delete_upload(engine, first.id)
    with pytest.raises(NotFoundError):
        get_upload(engine, first.id)


@pytest.mark.parametrize(
    ("name", "content", "by", "reason"),
    [
        ("empty.csv", b"", "planner", "empty"),
        ("", CSV, "planner", "file name"),
        ("a.csv", CSV, " ", "uploader"),
        ("big.csv", b"x" * (MAX_BYTES + 1), "planner", "larger"),
    ],
)
def test_refuses_what_cannot_be_a_file(engine, name, content, by, reason):
    with pytest.raises(StoreError, match=reason):
        add_upload(engine, name, content, uploaded_by=by)
    assert list_uploads(engine) == []


def test_a_callers_transaction_is_used_and_rolled_back(engine):
    with pytest.raises(RuntimeError), transaction(engine) as connection:
        add_upload(connection, "a.csv", CSV, uploaded_by="planner")
        assert len(list_uploads(connection)) == 1
        raise RuntimeError("roll back")
    assert list_uploads(engine) == []
