import datetime as dt

import pytest
from sqlalchemy import select

from routing.model import Employer, Place, Worker
from store import accounts, audit, checkins, metadata, plans, uploads, workers
from store.backup import backup, purge_personal_data, restore
from store.cli import main
from store.errors import StoreError

HOME = Place("河南省周口市郸城县", 33.64, 115.18, code="411625", level="county")


def fill(engine):
    workers.save_employers(engine, [Employer("甲公司", Place("郑州高新区", 34.81, 113.56))])
    workers.register_workers(
        engine,
        [
            Worker(
                1,
                "张三",
                "11010519491231002X",
                "13800138000",
                HOME,
                "甲公司",
                "健康",
                dt.date(2020, 2, 18),
            ),
            Worker(2, "李四", "411625199001010111", "13900139000", HOME, "甲公司"),
        ],
        by="p",
    )
    accounts.create_account(engine, "planner", "password-1", "planner")
    saved = plans.save_plan(engine, {"schema": "fanggang.plan/1", "trips": []}, by="planner")
    plans.publish_plan(engine, saved.id, by="planner")
    checkins.mark(engine, checkins.CheckIn("abc", "T001", 1, "boarded", "planner"))
    uploads.add_upload(engine, "x.csv", b"\x00\xffraw", uploaded_by="planner")


def everything(engine):
    with engine.connect() as connection:
        return {
            table.name: sorted(map(tuple, connection.execute(select(table)).all()), key=str)
            for table in metadata.sorted_tables
        }


def test_backup_then_restore_gives_back_every_row(engine, tmp_path):
    fill(engine)
    before = everything(engine)
    counts = backup(engine, tmp_path / "backup.json.gz")
    assert counts["workers"] == 2 and counts["accounts"] == 1
    purge_personal_data(engine, by="admin")
    workers.register_workers(
        engine, [Worker(9, "王五", "110105194912310037", "13700137000", HOME, "甲公司")], by="p"
    )
    restore(engine, tmp_path / "backup.json.gz")
    assert everything(engine) == before
    added = workers.register_workers(
        engine, [Worker(9, "王五", "110105194912310037", "13700137000", HOME, "甲公司")], by="p"
    )
    assert added.added[0] > max(w.row for w in workers.list_workers(engine)[:-1])


def test_a_restore_that_fails_changes_nothing(engine, tmp_path):
    fill(engine)
    before = everything(engine)
    (tmp_path / "bad.json.gz").write_bytes(b"not a backup")
    with pytest.raises(StoreError, match="不是返岗系统的备份文件"):
        restore(engine, tmp_path / "bad.json.gz")
    with pytest.raises(StoreError, match=r"missing\.json\.gz：无法读取"):
        restore(engine, tmp_path / "missing.json.gz")
    assert everything(engine) == before


def test_purge_deletes_personal_data_and_keeps_the_figures(engine):
    fill(engine)
    counts = purge_personal_data(engine, by="admin")
    assert (counts["workers"], counts["boarding_marks"]) == (2, 1)  # SQLite adds its compaction
    assert workers.count_workers(engine) == 0
    assert plans.latest_plan(engine, status="published") is not None
    entry = audit.entries(engine)[0]
    assert entry.action == "purge_personal_data"
    assert entry.detail["workers_per_employer"] == {"甲公司": 2}
    assert "张三" not in str(entry.detail)


def test_the_command_line_round_trips(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FANGGANG_DB_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["backup", str(tmp_path / "b.json.gz")]) == 0
    assert main(["purge"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["purge", "--yes"]) == 0
    assert main(["restore", str(tmp_path / "b.json.gz")]) == 0
    assert main(["restore", str(tmp_path / "missing.gz")]) == 2
