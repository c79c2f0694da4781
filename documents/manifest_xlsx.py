"""The manifests as spreadsheets: an XLSX workbook (summary, arrivals by employer, one sheet per
trip) and CSV files, for bus companies and employers that want to sort and filter.

Every text cell that a spreadsheet could read as a formula (starting with = + - @, a tab or a
carriage return) is written with a leading single quote, so a name like `=HYPERLINK(...)` in a
roster stays text (`intake.exports`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from documents.manifest import ManifestError, TripManifest
from intake.exports import neutralise, xlsx_cell

PASSENGER_COLUMNS = (
    "车次",
    "发车时间",
    "座号",
    "姓名",
    "身份证号",
    "手机号",
    "出发地",
    "上车点",
    "上车时间",
    "用工单位",
    "到达时间",
    "健康状况",
)
ARRIVAL_COLUMNS = (
    "用工单位",
    "到达时间",
    "车次",
    "车牌号",
    "座号",
    "姓名",
    "身份证号",
    "手机号",
    "出发地",
    "上车点",
)
SUMMARY_COLUMNS = (
    "车次",
    "车型",
    "座位",
    "限载",
    "人数",
    "发车时间",
    "上车点",
    "下车点",
    "最后到达",
    "里程(km)",
    "车牌号",
    "驾驶员",
    "带队人",
    "联系电话",
    "核验链接",
)
TRIP_COLUMNS = (
    "座号",
    "姓名",
    "身份证号",
    "手机号",
    "出发地",
    "上车点",
    "上车时间",
    "用工单位",
    "到达时间",
    "健康状况",
    "登车",
    "签名",
)
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

Cell = str | int | float


def _time(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def passenger_rows(manifests: Iterable[TripManifest]) -> list[list[Cell]]:
    """One row per passenger (columns `PASSENGER_COLUMNS`), trips in order, boarding order."""
    return [
        [
            m.trip.id,
            _time(m.depart),
            p.seat,
            p.person.name,
            m.id_text(p.person),
            m.phone_text(p.person),
            p.person.origin,
            p.pickup.place.name,
            _time(p.pickup.time),
            p.dropoff.place.name,
            _time(p.dropoff.time),
            p.person.health,
        ]
        for m in manifests
        for p in m.passengers
    ]


def arrival_rows(manifests: Iterable[TripManifest]) -> list[list[Cell]]:
    """Who arrives at each employer, on which bus, when (columns `ARRIVAL_COLUMNS`)."""
    rows: list[list[Cell]] = [
        [
            p.dropoff.place.name,
            _time(p.dropoff.time),
            m.trip.id,
            m.crew.plate,
            p.seat,
            p.person.name,
            m.id_text(p.person),
            m.phone_text(p.person),
            p.person.origin,
            p.pickup.place.name,
        ]
        for m in manifests
        for p in m.passengers
    ]
    return sorted(rows, key=lambda row: (row[0], row[1], row[2], row[4]))


def summary_rows(manifests: Iterable[TripManifest]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for m in manifests:
        trip = m.trip
        rows.append(
            [
                trip.id,
                trip.bus_type,
                trip.seats,
                trip.capacity,
                trip.passengers,
                _time(m.depart),
                " | ".join(f"{s.place.name} {s.time:%H:%M} ({len(s.board)})" for s in trip.pickups),
                " | ".join(
                    f"{s.place.name} {s.time:%H:%M} ({len(s.alight)})" for s in trip.dropoffs
                ),
                _time(trip.stops[-1].time),
                round(trip.distance_km, 1),
                m.crew.plate,
                m.crew.driver,
                m.crew.coordinator,
                m.crew.coordinator_phone,
                m.checkin_link or m.checkin_words,
            ]
        )
    return rows


def _csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return buffer.getvalue()


def manifest_csv(manifests: Sequence[TripManifest]) -> str:
    """All passengers of the manifests, one line each. Write it as UTF-8 with a BOM for Excel."""
    return _csv(PASSENGER_COLUMNS, passenger_rows(manifests))


def arrivals_csv(manifests: Sequence[TripManifest]) -> str:
    """The per-employer arrival list, one line per passenger."""
    return _csv(ARRIVAL_COLUMNS, arrival_rows(manifests))


def manifest_xlsx(manifests: Sequence[TripManifest]) -> bytes:
    """A workbook: 汇总 (one line per trip), 到达名单 (by employer), then one sheet per trip."""
    if not manifests:
        raise ManifestError("没有可导出的车次 no trips to write")
    book = Workbook(write_only=True)
    _sheet(
        book,
        "汇总",
        [list(SUMMARY_COLUMNS), *summary_rows(manifests)],
        widths=(8, 12, 6, 6, 6, 17, 50, 50, 17, 9, 12, 10, 10, 14, 50),
    )
    _sheet(
        book,
        "到达名单",
        [list(ARRIVAL_COLUMNS), *arrival_rows(manifests)],
        widths=(30, 17, 8, 12, 6, 10, 21, 14, 24, 24),
    )
    for manifest in manifests:
        _sheet(
            book,
            manifest.trip.id,
            _trip_sheet(manifest),
            widths=(6, 10, 21, 14, 24, 24, 17, 30, 17, 10, 6, 14),
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _trip_sheet(manifest: TripManifest) -> list[list[Cell]]:
    trip, crew = manifest.trip, manifest.crew
    head: list[list[Cell]] = [
        ["车次", trip.id],
        ["发车", f"{_time(manifest.depart)} 从 {trip.stops[0].place.name}"],
        [
            "车辆",
            f"{trip.bus_type}（{trip.seats} 座），限载 {trip.capacity} 人，本车 {trip.passengers} 人",
        ],
        ["座位", manifest.seating_rule],
        ["司机时间", manifest.driver_times],
        ["车牌号", crew.plate],
        ["驾驶员", crew.driver],
        ["驾驶员电话", crew.driver_phone],
        ["带队人", crew.coordinator],
        ["联系电话", crew.coordinator_phone],
        ["服务单位", "、".join(manifest.employers)],
        ["核验链接", manifest.checkin_link or manifest.checkin_words],
        [],
        list(TRIP_COLUMNS),
    ]
    body: list[list[Cell]] = [
        [
            p.seat,
            p.person.name,
            manifest.id_text(p.person),
            manifest.phone_text(p.person),
            p.person.origin,
            p.pickup.place.name,
            _time(p.pickup.time),
            p.dropoff.place.name,
            _time(p.dropoff.time),
            p.person.health,
            "",
            "",
        ]
        for p in manifest.passengers
    ]
    return [*head, *body, [], ["合计", f"应到 {trip.passengers} 人"]]


def _sheet(book: Workbook, title: str, rows: list[list[Cell]], widths: Sequence[int]) -> None:
    sheet = book.create_sheet(SHEET_NAME_BAD.sub("_", title)[:31] or "trip")
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
