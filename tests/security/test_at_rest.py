"""Findings (low): after `python -m store purge --yes` with the server running, the SQLite WAL
still held every ID number, and nothing set `secure_delete` or ran VACUUM; backups were plain gzip,
mode 0644, with hashes, ID numbers and phones; the database file was 0644."""

import datetime as dt
import gzip
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from routing.model import Employer, Place, Worker
from store import create_schema, make_engine, workers
from store.backup import backup, restore
from store.cli import main
from store.errors import StoreError

HOME = Place("河南省周口市郸城县", 33.64, 115.18, code="411625", level="county")
IDS = [f"41162519900101{n:03d}{'X' if n % 2 else '1'}" for n in range(200)]


def filled(url: str):
    engine = make_engine(url)
    create_schema(engine)
    workers.save_employers(engine, [Employer("甲公司", Place("郑州高新区", 34.81, 113.56))])
    workers.register_workers(
        engine,
        [
            Worker(
                n + 1, f"张{n}", id_number, f"138{n:08d}", HOME, "甲公司", "", dt.date(2020, 2, 18)
            )
            for n, id_number in enumerate(IDS)
        ],
        by="p",
    )
    return engine


def on_disk(database: Path) -> bytes:
    """The database file and its write-ahead log, as bytes."""
    return b"".join(
        path.read_bytes() for path in (database, Path(f"{database}-wal")) if path.exists()
    )


def test_purge_with_the_server_running_leaves_no_id_number_on_disk(tmp_path, monkeypatch, capsys):
    database = tmp_path / "app.db"
    url = f"sqlite:///{database}"
    engine = filled(url)
    assert IDS[0].encode() in on_disk(database)
    server = make_engine(url).connect()  # the running app: an open, idle pooled connection
    server.execute(select(workers.workers.c.id)).all()
    server.commit()
    monkeypatch.setenv("FANGGANG_DB_URL", url)
    assert main(["purge", "--yes"]) == 0
    disk = on_disk(database)
    assert not [number for number in IDS if number.encode() in disk]
    said = capsys.readouterr().out
    assert "已删除 200 名工人" in said and "VACUUM" in said and "WAL) 已清空" in said
    server.close()
    engine.dispose()


def test_every_connection_zeroes_what_it_deletes(tmp_path):
    """Set by the app, not left to how SQLite was built (Debian's build happens to default to it)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_file_is_private(tmp_path):
    previous = os.umask(0o022)
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
        create_schema(engine)
    finally:
        os.umask(previous)
    assert mode(tmp_path / "new.db") == 0o600


@pytest.mark.parametrize("passphrase", [None, "lange Passphrase für Backups"])
def test_backups_are_private_and_encrypted_when_a_passphrase_is_given(tmp_path, passphrase):
    engine = filled(f"sqlite:///{tmp_path / 'app.db'}")
    target = tmp_path / "backup.bin"
    target.write_bytes(b"old")
    target.chmod(0o644)  # an old backup in its place: the new one is private all the same
    previous = os.umask(0o022)
    try:
        backup(engine, target, passphrase=passphrase)
    finally:
        os.umask(previous)
    assert mode(target) == 0o600
    packed = target.read_bytes()
    if passphrase:
        assert not packed.startswith(b"\x1f\x8b")  # not gzip: nothing readable without the key
        with pytest.raises(StoreError, match="口令"):
            restore(engine, target)
        with pytest.raises(StoreError, match="口令不对"):
            restore(engine, target, passphrase="wrong passphrase")
    else:
        assert IDS[0].encode() in gzip.decompress(packed)
    workers.delete_worker(engine, 1)
    assert restore(engine, target, passphrase=passphrase)["workers"] == len(IDS)


def test_the_command_line_encrypts_with_the_passphrase_and_warns_without(
    tmp_path, monkeypatch, capsys
):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    filled(url)
    monkeypatch.setenv("FANGGANG_DB_URL", url)
    assert main(["backup", str(tmp_path / "plain.gz")]) == 0
    assert "警告：备份未加密" in capsys.readouterr().err
    monkeypatch.setenv("FANGGANG_BACKUP_PASSPHRASE", "lange Passphrase für Backups")
    assert main(["backup", str(tmp_path / "sealed.bin")]) == 0
    assert "已加密" in capsys.readouterr().out
    assert main(["restore", str(tmp_path / "sealed.bin")]) == 0
    monkeypatch.delenv("FANGGANG_BACKUP_PASSPHRASE")
    assert main(["restore", str(tmp_path / "sealed.bin")]) == 2
    assert "FANGGANG_BACKUP_PASSPHRASE" in capsys.readouterr().err
