"""`python -m store backup FILE | restore FILE | purge --yes | migrate`: database care.

Uses FANGGANG_DB_URL (or the SQLite default). A backup is encrypted under the passphrase in
FANGGANG_BACKUP_PASSPHRASE when it is set (and restore needs it); without one it is written 0600
with a warning. Errors are one line on stderr and exit code 2.
"""

import argparse
import os
import sys
from pathlib import Path

from intake.cli import fail
from store.backup import backup, purge_personal_data, restore
from store.db import create_schema, make_engine
from store.errors import StoreError

PASSPHRASE = "FANGGANG_BACKUP_PASSPHRASE"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="write the whole database to FILE").add_argument(
        "file", type=Path
    )
    commands.add_parser("restore", help="replace the database's rows with FILE's").add_argument(
        "file", type=Path
    )
    purge = commands.add_parser("purge", help="delete the campaign's personal data")
    purge.add_argument("--yes", action="store_true", help="really delete (there is no undo)")
    purge.add_argument("--by", default="command line", help="who asked, for the audit log")
    commands.add_parser("migrate", help="bring the schema up to date")
    args = parser.parse_args(argv)
    engine = make_engine()
    passphrase = os.environ.get(PASSPHRASE) or None
    try:
        create_schema(engine)
        if args.command == "backup":
            counts = backup(engine, args.file, passphrase=passphrase)
            print(
                f"已写入 {args.file}：{len(counts)} 张表共 {sum(counts.values())} 行"
                + ("（已加密）" if passphrase else "")
            )
            if not passphrase:
                print(
                    f"警告：备份未加密，含身份证号、手机号和密码哈希；文件仅本用户可读 (0600)。"
                    f"设置 {PASSPHRASE} 可加密备份。",
                    file=sys.stderr,
                )
        elif args.command == "restore":
            counts = restore(engine, args.file, passphrase=passphrase)
            print(f"已恢复 {len(counts)} 张表共 {sum(counts.values())} 行")
        elif args.command == "purge":
            if not args.yes:
                raise StoreError("purge 会删除所有工人的个人信息：确认请加 --yes")
            print(purge_report(purge_personal_data(engine, by=args.by)))
        else:
            print("数据库结构已是最新")
    except (StoreError, OSError) as error:
        return fail(error)
    return 0


def purge_report(counts: dict[str, int]) -> str:
    """What the purge removed, and whether the SQLite file and its log are clean too."""
    said = f"已删除 {counts['workers']} 名工人和 {counts['boarding_marks']} 条上车记录"
    if "vacuumed" in counts:
        said += "；数据库文件已整理 (VACUUM)，已删除的数据不再留在文件中"
        said += (
            "；预写日志 (WAL) 已清空"
            if counts["wal_emptied"]
            else "；预写日志 (WAL) 未能清空：有连接正在读取，请停止服务后再运行一次 purge"
        )
    return said
