"""Figures for docs/security.md: `python benchmarks/security_figures.py`.

1. 60 simultaneous sign-ins to one account (59 wrong passwords and the right one): how many
   passwords bcrypt checked, and how many got in.
2. The 13 KB XLSX declaring `<dimension ref="A1:XFD1048576"/>`: rows, columns and time to read.
3. A 20,000-row roster workbook: time to read (python-calamine).
Times are wall-clock on a shared machine: noisy, an order of magnitude only.
"""

import io
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bcrypt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intake import read_table
from store import accounts, create_schema, make_engine
from store.accounts import LoginError
from tests.security.test_xlsx import declaring_the_whole_sheet, roster_workbook


def sign_ins() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        create_schema(engine)
        accounts.create_account(engine, "admin", "right-password-1", "admin")
        checked, lock, real = [], threading.Lock(), bcrypt.checkpw

        def counted(password: bytes, hashed: bytes) -> bool:
            with lock:
                checked.append(password)
            return real(password, hashed)

        accounts.bcrypt.checkpw = counted

        def attempt(password: str) -> bool:
            try:
                accounts.authenticate(engine, "admin", password)
            except LoginError:
                return False
            return True

        guesses = [f"wrong-{n:03d}-password" for n in range(59)] + ["right-password-1"]
        start = time.perf_counter()
        with ThreadPoolExecutor(60) as pool:
            got_in = sum(pool.map(attempt, guesses))
        print(
            f"60 simultaneous sign-ins: {len(checked)} passwords checked, {got_in} got in, "
            f"{time.perf_counter() - start:.2f} s"
        )
        accounts.bcrypt.checkpw = real


def workbooks() -> None:
    for label, data in (
        ("13 KB, dimension A1:XFD1048576", declaring_the_whole_sheet(roster_workbook())),
        ("20,000 rows x 5 columns", roster_workbook(20_000)),
    ):
        start = time.perf_counter()
        table = read_table(io.BytesIO(data), source="bench.xlsx")
        print(
            f"XLSX {label} ({len(data):,} bytes): {len(table.frame):,} rows x "
            f"{len(table.frame.columns)} columns in {1000 * (time.perf_counter() - start):.0f} ms"
        )


if __name__ == "__main__":
    sign_ins()
    workbooks()
