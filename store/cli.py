"""`python -m store backup FILE | restore FILE | purge --yes | migrate`: database care.

Uses FANGGANG_DB_URL (or the SQLite default). Errors are one line on stderr and exit code 2.
"""

import argparse
import sys
from pathlib import Path

from store.backup import backup, purge_personal_data, restore
from store.db import create_schema, make_engine
from store.errors import StoreError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="write the whole database to FILE").add_argument(
        "file", type=Path)
    commands.add_parser("restore", help="replace the database's rows with FILE's").add_argument(
        "file", type=Path)
    purge = commands.add_parser("purge", help="delete the campaign's personal data")
    purge.add_argument("--yes", action="store_true", help="really delete (there is no undo)")
    purge.add_argument("--by", default="command line", help="who asked, for the audit log")
    commands.add_parser("migrate", help="bring the schema up to date")
    args = parser.parse_args(argv)
    engine = make_engine()
    try:
        create_schema(engine)
        if args.command == "backup":
            counts = backup(engine, args.file)
            print(f"wrote {args.file}: {sum(counts.values())} rows in {len(counts)} tables")
        elif args.command == "restore":
            counts = restore(engine, args.file)
            print(f"restored {sum(counts.values())} rows in {len(counts)} tables")
        elif args.command == "purge":
            if not args.yes:
                raise StoreError("purge deletes every worker's personal data: add --yes to do it")
            counts = purge_personal_data(engine, by=args.by)
            print(f"deleted {counts['workers']} workers and {counts['boarding_marks']} boarding marks")
        else:
            print("schema is up to date")
    except (StoreError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
