"""Read rosters, employers and fleets into domain objects, with one row error per bad row.

Every roster row ends up either a `Worker` or an `Unassigned` carrying its row number and reason:
nothing is dropped. The same ID number twice keeps the first row and rejects the later ones. A row
whose origin was placed only at its city (周口市郸诚县 -> 周口市) loads with a warning saying so.
Reasons and warnings are Chinese; field names and constraint tags stay as they are.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

import pandas as pd

import places
from intake import (
    Column,
    InputError,
    RowError,
    check_id_number,
    check_name,
    check_phone,
    read_table,
)
from intake.dates import parse_date
from places import Gazetteer, PlaceError
from routing.geocoding import Geocoder, as_geocoder
from routing.model import BusType, Employer, Place, Unassigned, Worker

ROSTER_SCHEMA = (
    Column("name", ("姓名", "名字", "员工姓名", "name", "full_name"), required=True),
    Column(
        "id_number",
        ("身份证号", "身份证号码", "身份证", "证件号码", "id_number", "id_no", "id"),
        required=True,
    ),
    Column(
        "phone",
        ("手机号", "手机号码", "手机", "联系电话", "电话", "phone", "mobile"),
        required=True,
    ),
    Column(
        "origin",
        ("出发地", "出发地点", "户籍地", "家庭住址", "籍贯", "origin", "from", "home"),
        required=True,
    ),
    Column(
        "employer",
        ("用工单位", "单位", "企业", "公司", "单位名称", "employer", "company"),
        required=True,
    ),
    Column("lat", ("纬度", "lat", "latitude")),
    Column("lon", ("经度", "lon", "lng", "longitude")),
    Column("health", ("健康状态", "健康码", "健康", "health", "health_status")),
    Column("ready_date", ("最早出发", "最早出发日期", "可出发日期", "ready_date", "ready")),
)
EMPLOYER_SCHEMA = (
    Column(
        "name",
        ("单位名称", "企业名称", "用工单位", "单位", "name", "employer", "company"),
        required=True,
    ),
    Column("lat", ("纬度", "lat", "latitude")),
    Column("lon", ("经度", "lon", "lng", "longitude")),
    Column("address", ("地址", "单位地址", "企业地址", "address")),
)
FLEET_SCHEMA = (
    Column("type", ("车型", "类型", "type", "bus_type", "name"), required=True),
    Column("seats", ("座位数", "座位", "seats"), required=True),
    Column("count", ("数量", "辆数", "count", "number")),
    Column("cost_per_km", ("每公里费用", "单价", "cost_per_km", "cost")),
    Column("depot", ("始发地", "车队所在地", "车队地址", "停车场", "depot", "home_depot", "base")),
    Column("lat", ("纬度", "lat", "latitude")),
    Column("lon", ("经度", "lon", "lng", "longitude")),
)
HEALTH_OK = {"", "健康", "绿码", "绿", "正常", "无异常", "green", "ok", "healthy"}
HEALTH_HOLD = {
    "红码",
    "红",
    "黄码",
    "黄",
    "发热",
    "隔离",
    "隔离中",
    "确诊",
    "疑似",
    "异常",
    "red",
    "yellow",
    "fever",
    "quarantine",
}
EMPLOYER_CITY = "郑州市"
LABELS = {
    "name": "姓名",
    "employer": "用工单位",
    "origin": "出发地",
    "address": "地址",
    "seats": "座位数",
    "count": "数量",
}
COARSE_LEVELS = ("prefecture", "province")  # an origin placed no closer than its city


@dataclass
class Roster:
    workers: list[Worker] = field(default_factory=list)
    rejected: list[Unassigned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # loaded rows a person should check

    @property
    def rows(self) -> int:
        return len(self.workers) + len(self.rejected)


def employer_key(name: str) -> str:
    """Employer names match whatever the width of brackets or spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name)))


def read_employers(
    fp: BinaryIO, geocoder: Geocoder | Gazetteer, *, source: str = "employers"
) -> tuple[dict[str, Employer], list[RowError]]:
    table = read_table(fp, EMPLOYER_SCHEMA, source=source)
    geocoder = as_geocoder(geocoder)
    employers: dict[str, Employer] = {}
    errors = list(table.errors)
    for row, record in _records(table.frame):
        name = record.get("name", "")
        try:
            if not name:
                raise _FieldError("name", "单位名称为空")
            if employer_key(name) in employers:
                raise _FieldError("name", f"单位“{name}”重复出现")
            place = _own_place(record, name) or _locate(
                geocoder, record.get("address", ""), name, within=EMPLOYER_CITY
            )
        except _FieldError as error:
            errors.append(RowError(row, error.field, error.reason))
            continue
        employers[employer_key(name)] = Employer(name=name, place=place)
    if not employers:
        raise InputError(f"{source}：没有可用的单位（{len(errors)} 行有问题）")
    return employers, errors


def read_roster(
    fp: BinaryIO,
    employers: Mapping[str, Employer],
    geocoder: Geocoder | Gazetteer,
    *,
    depart: dt.datetime | None,
    source: str = "roster",
) -> Roster:
    """Validate every row; a row with several problems lists them all in one reason. Without a
    departure (registering workers ahead of any plan) ready dates are read but not judged, and a
    date without a year takes this year."""
    table = read_table(fp, ROSTER_SCHEMA, source=source)
    roster = check_records(_records(table.frame), employers, geocoder, depart=depart)
    roster.errors[:0] = table.errors
    roster.rejected[:0] = [Unassigned(e.row, e.reason, "input") for e in table.errors]
    return roster


def check_records(
    records: Iterable[tuple[int, Mapping[str, str]]],
    employers: Mapping[str, Employer],
    geocoder: Geocoder | Gazetteer,
    *,
    depart: dt.datetime | None,
) -> Roster:
    """Validate (row number, {field: text}) records with the roster's field names, e.g. rows
    typed into the app's table."""
    roster = Roster()
    geocoder = as_geocoder(geocoder)
    first_row_of_id: dict[str, int] = {}
    for row, record in records:
        problems: list[_FieldError] = []
        text = {column.name: str(record.get(column.name) or "").strip() for column in ROSTER_SCHEMA}
        worker = _worker(row, text, employers, geocoder, depart, first_row_of_id, problems)
        if worker is not None:
            roster.workers.append(worker)
            roster.warnings += _origin_warnings(row, text["origin"], worker.origin)
            continue
        roster.errors += [RowError(row, p.field, p.reason) for p in problems]
        constraint = problems[0].constraint if len(problems) == 1 else "input"
        roster.rejected.append(Unassigned(row, "；".join(p.reason for p in problems), constraint))
    return roster


def read_fleet(
    fp: BinaryIO, geocoder: Geocoder | Gazetteer | None = None, *, source: str = "fleet"
) -> list[BusType]:
    """A fleet file: one row per coach type. Any bad row makes the fleet unusable (no guessing).
    A type may name its home depot (`始发地`, a place as a roster's `出发地` is written, or
    `纬度` + `经度`, which win); without one its coaches start at the zone's depot. `geocoder`
    resolves depot names (the bundled gazetteer when None)."""
    table = read_table(fp, FLEET_SCHEMA, source=source)
    fleet, errors = [], [str(e) for e in table.errors]
    for row, record in _records(table.frame):
        try:
            name = record["type"] or f"车型{row}"
            fleet.append(
                BusType(
                    name=name,
                    seats=_integer(record["seats"], "seats"),
                    count=_integer(record["count"], "count") if record.get("count") else None,
                    cost_per_km=float(record["cost_per_km"]) if record.get("cost_per_km") else 1.0,
                    depot=_home_depot(record, name, geocoder),
                )
            )
        except ValueError as exc:
            errors.append(f"第 {row} 行：{exc}")
    if errors:
        raise InputError(f"{source}：" + "；".join(errors))
    if not fleet:
        raise InputError(f"{source}：车队文件中没有车辆")
    return fleet


def _home_depot(
    record: Mapping[str, str], name: str, geocoder: Geocoder | Gazetteer | None
) -> Place | None:
    text = record.get("depot", "")
    try:
        own = _own_place(dict(record), text or f"{name}车队")
    except _FieldError as error:
        raise ValueError(f"始发地：{error.reason}") from None
    if own or not text:
        return own
    if len(text) > MAX_TEXT["address"]:
        raise ValueError(f"始发地有 {len(text)} 个字，超过 {MAX_TEXT['address']} 个")
    try:
        return as_geocoder(geocoder or Gazetteer.default()).locate(text)
    except PlaceError as error:
        raise ValueError(f"始发地“{text}”：{error}") from None


class _FieldError(Exception):
    def __init__(self, field: str, reason: str, constraint: str = "input"):
        self.field, self.reason, self.constraint = field, reason, constraint
        super().__init__(reason)


def _records(frame: pd.DataFrame):
    columns = list(frame.columns)
    for row, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        yield int(row), dict(zip(columns, values, strict=True))


def _worker(
    row: int,
    record: dict[str, str],
    employers: Mapping[str, Employer],
    geocoder: Geocoder,
    depart: dt.datetime | None,
    first_row_of_id: dict[str, int],
    problems: list[_FieldError],
) -> Worker | None:
    def check(field: str, parse):
        try:
            return parse()
        except _FieldError as error:
            problems.append(error)
        except (ValueError, PlaceError) as error:
            problems.append(_FieldError(field, str(error)))
        return None

    name = check("name", lambda: check_name(_required(record, "name")))
    id_number = check("id_number", lambda: check_id_number(record["id_number"]))
    if id_number and id_number in first_row_of_id:
        problems.append(
            _FieldError("id_number", f"与第 {first_row_of_id[id_number]} 行身份证号相同")
        )
    elif id_number:
        first_row_of_id[id_number] = row
    phone = check("phone", lambda: check_phone(record["phone"]))
    employer = check("employer", lambda: _employer(record, employers))
    origin = check(
        "origin",
        lambda: (
            _own_place(record, record["origin"] or f"第 {row} 行")
            or _locate(geocoder, record["origin"], "origin")
        ),
    )
    health = check("health", lambda: _health(record.get("health", "")))
    ready = check("ready_date", lambda: _ready_date(record.get("ready_date", ""), depart))
    if problems:
        return None
    return Worker(
        row=row,
        name=name,
        id_number=id_number,
        phone=phone,
        origin=origin,
        employer=employer.name,
        health=health,
        ready_date=ready,
    )


def _required(record: dict[str, str], field: str) -> str:
    value = record.get(field, "")
    if not value:
        raise _FieldError(field, f"{LABELS[field]}为空")
    _check_length(field, LABELS[field], value)
    return value


def _check_length(field: str, label: str, value: str) -> None:
    if len(value) > MAX_TEXT[field]:
        raise _FieldError(field, f"{label}有 {len(value)} 个字，超过 {MAX_TEXT[field]} 个")


# Within the store's columns (store/workers.py: 200 for employers and places, 100 for a name); a
# name is held to 50, far beyond any real one, so a pasted paragraph is a row error, not a name.
MAX_TEXT = {"name": 50, "employer": 200, "origin": 200, "address": 200}


def _employer(record: dict[str, str], employers: Mapping[str, Employer]) -> Employer:
    name = _required(record, "employer")
    if employer_key(name) in employers:
        return employers[employer_key(name)]
    close = difflib.get_close_matches(employer_key(name), list(employers), n=1, cutoff=0.8)
    hint = f"（是不是“{employers[close[0]].name}”？）" if close else ""
    raise _FieldError("employer", f"用工单位“{name}”不在单位名单中{hint}")


def _locate(geocoder: Geocoder, text: str, label: str, within: str | None = None) -> Place:
    """`label` is "origin" for a worker, else the employer's name (its address is looked up)."""
    field = "origin" if label == "origin" else "address"
    shown = "出发地" if field == "origin" else f"单位“{label}”的地址"
    if not text:
        raise _FieldError(field, f"{shown}为空")
    _check_length(field, shown, text)
    try:
        return geocoder.locate(text, within=within)
    except PlaceError as error:
        raise _FieldError(field, str(error)) from None


def _origin_warnings(row: int, text: str, origin: Place) -> list[RowError]:
    """A worker placed only at a city: the bus would go to the city's seat, maybe 50 km off."""
    if origin.level not in COARSE_LEVELS or not text:
        return []
    try:
        suggestion = places.resolve(text).suggestion
    except PlaceError:
        suggestion = ""
    hint = f"；是不是{suggestion}？" if suggestion else "；请写明县区"
    return [RowError(row, "origin", f"出发地“{text}”只认出到{origin.name}，没有认出县区{hint}")]


DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")  # 34.7, -0.5, .5: not 1e3, 1_0, nan or inf
CHINA_LAT, CHINA_LON = (3.5, 54.0), (73.0, 135.5)  # a box around China, Nansha to Mohe


def _own_place(record: dict[str, str], name: str) -> Place | None:
    """Coordinates given in the row win over the address (a township gathering point)."""
    lat_text, lon_text = record.get("lat", ""), record.get("lon", "")
    if not lat_text and not lon_text:
        return None
    if not (lat_text and lon_text):
        raise _FieldError("lat" if not lat_text else "lon", "纬度和经度要么都填，要么都不填")
    if not (DECIMAL.fullmatch(lat_text) and DECIMAL.fullmatch(lon_text)):
        raise _FieldError("lat", f"坐标“{lat_text}, {lon_text}”不是十进制的度数")
    lat, lon = float(lat_text), float(lon_text)
    if abs(lat) > 90 and abs(lon) <= 90:
        raise _FieldError("lat", f"纬度 {lat} 和经度 {lon} 像是填反了")
    if not (CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]):
        raise _FieldError("lat", f"坐标 {lat}, {lon} 在中国境外（0, 0 常是没有定位）")
    try:
        return Place(name, lat, lon, level="point")
    except ValueError as error:
        raise _FieldError("lat", str(error)) from None


def _health(text: str) -> str:
    value = unicodedata.normalize("NFKC", text).strip()
    if value.lower() in HEALTH_OK:
        return value
    if value.lower() in HEALTH_HOLD:
        raise _FieldError("health", f"健康状态“{value}”不能出行", "health")
    raise _FieldError("health", f"不认识的健康状态“{value}”（请填 健康/绿码，或 黄码/红码/隔离）")


READY_YEARS = (2000, 2099)  # 9999-12-31 and 1900-01-01 are how systems write "no date"


def _ready_date(text: str, depart: dt.datetime | None) -> dt.date | None:
    if not text.strip():
        return None
    ready = parse_date(text, (depart or dt.datetime.now()).year)
    if not READY_YEARS[0] <= ready.year <= READY_YEARS[1]:
        raise _FieldError(
            "ready_date",
            f"最早出发日期 {ready.isoformat()} 是占位值，不是日期：不知道时请留空",
            "ready_date",
        )
    if depart is not None and ready > depart.date():
        raise _FieldError(
            "ready_date",
            f"{ready.isoformat()} 才能出发，晚于发车日期 {depart.date().isoformat()}",
            "ready_date",
        )
    return ready


def _integer(text: str, field: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{LABELS[field]}“{text}”不是数字") from None
    if not value.is_integer():
        raise ValueError(f"{LABELS[field]}“{text}”不是整数")
    return int(value)
