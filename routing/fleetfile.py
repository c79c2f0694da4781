"""The fleet file's campaign columns, read next to `routing.inputs.read_fleet` (which reads type,
seats, count, cost per km and a type's home depot, 始发地 or 纬度 + 经度): how many coaches of a
type can be had on each departure day, and a fixed cost per coach (charter fee, driver's day) on
top of the cost per kilometre.

    type,seats,count,cost_per_km,per_day,fixed_cost,始发地
    大巴,45,,6.5,20,800,
    周口大巴,45,,6.0,8,700,周口市川汇区
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import BinaryIO

from intake import Column, InputError, read_table

TERMS_SCHEMA = (
    Column("type", ("车型", "类型", "type", "bus_type", "name"), required=True),
    Column("cost_per_km", ("每公里费用", "单价", "cost_per_km", "cost")),
    Column("per_day", ("每日数量", "每日车辆", "每天数量", "per_day", "count_per_day")),
    Column("fixed_cost", ("每车固定费用", "固定费用", "包车费", "fixed_cost", "cost_per_coach")),
)


@dataclass(frozen=True)
class CoachTerms:
    """What one coach type costs and how many are free each day (None: no daily limit)."""

    cost_per_km: float = 1.0
    fixed_cost: float = 0.0
    per_day: int | None = None

    def trip_cost(self, km: float) -> float:
        return self.fixed_cost + self.cost_per_km * km


def read_fleet_terms(fp: BinaryIO, *, source: str = "fleet") -> dict[str, CoachTerms]:
    """Terms by coach type; a bad number makes the file unusable (no guessing)."""
    table = read_table(fp, TERMS_SCHEMA, source=source)
    terms: dict[str, CoachTerms] = {}
    errors = [str(e) for e in table.errors]
    for row, record in table.frame.fillna("").astype(str).iterrows():
        name = record["type"].strip() or f"type {row}"
        try:
            terms[name] = CoachTerms(
                cost_per_km=_number(record.get("cost_per_km", ""), "每公里费用 cost_per_km", 1.0),
                fixed_cost=_number(record.get("fixed_cost", ""), "每车固定费用 fixed_cost", 0.0),
                per_day=_whole(record.get("per_day", "")),
            )
        except ValueError as error:
            errors.append(f"第 {row} 行 row {row}: {error}")
    if errors:
        raise InputError(f"{source}: " + "; ".join(errors))
    return terms


def _number(text: str, label: str, default: float) -> float:
    text = text.strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{label} '{text}' 不是数字 is not a number") from None
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{label} '{text}' 须为非负数 must be zero or more")
    return value


def _whole(text: str) -> int | None:
    if not text.strip():
        return None
    value = _number(text, "每日数量 per_day", 0.0)
    if not value.is_integer():
        raise ValueError(f"每日数量 per_day '{text}' 须为整数 must be a whole number")
    return int(value)
