"""The roster's people as documents need them: name, phone, home and employer by row number (the
numbers in plan.json). Rows are taken as they are: the planner validated them when it planned."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd

from intake import Column, InputError, check_name, read_table
from routing.inputs import ROSTER_SCHEMA


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    origin: str  # the roster's 出发地 text
    employer: str


def read_contacts(fp: BinaryIO, *, source: str = "roster") -> dict[int, Contact]:
    frame = read_table(fp, ROSTER_SCHEMA, source=source).frame
    blank = pd.Series("", index=frame.index)
    columns = [
        frame.get(name, blank).fillna("").astype(str).str.strip().tolist()
        for name in ("name", "phone", "origin", "employer")
    ]
    return {
        int(row): Contact(_name(name), phone, origin, employer_name(employer))
        for row, name, phone, origin, employer in zip(frame.index.tolist(), *columns, strict=True)
    }


def employer_name(text: str) -> str:
    """One spelling per employer whatever the width of brackets or stray spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _name(text: str) -> str:
    try:
        return check_name(text)
    except ValueError:
        return text


PICKUP_SCHEMA = (
    Column("pickup", ("上车点", "上车地点", "pickup", "stop", "name"), required=True),
    Column("address", ("地址", "集合地点", "详细地址", "address"), required=True),
)
CHECKIN_SCHEMA = (
    Column("trip", ("车次", "trip"), required=True),
    Column("row", ("编号", "行号", "序号", "row", "id"), required=True),
    Column("status", ("状态", "登车", "status"), required=True),
)
BOARDED = {"boarded", "已上车", "上车", "是", "yes", "y", "1"}


def read_pickup_addresses(fp: BinaryIO, *, source: str = "pickups") -> dict[str, str]:
    """Meeting address by pickup point name (as plan.json names the stop)."""
    frame = read_table(fp, PICKUP_SCHEMA, source=source).frame.fillna("")
    return {
        str(r["pickup"]).strip(): str(r["address"]).strip()
        for _, r in frame.iterrows()
        if str(r["pickup"]).strip()
    }


def read_boarded(fp: BinaryIO, *, source: str = "checkins") -> set[int]:
    """Rows marked as boarded in a check-in file (the app's boarding marks, exported)."""
    frame = read_table(fp, CHECKIN_SCHEMA, source=source).frame.fillna("")
    boarded = set()
    for number, record in frame.iterrows():
        if str(record["status"]).strip().lower() not in BOARDED:
            continue
        try:
            boarded.add(int(str(record["row"]).strip()))
        except ValueError:
            raise InputError(
                f"{source}: 第 {number} 行的编号 '{record['row']}' 不是数字 "
                f"row {number}: the worker number is not a number"
            ) from None
    return boarded
