"""Bus manifests (乘车人员名单): who sits where on each trip of a plan, as a printable PDF.

`build_manifests` joins a `Plan` with the roster's personal data (the plan carries only row numbers)
and gives seat numbers (`routing.seating`); `manifest_pdf` lays the result out on A4 pages with an
embedded Noto Sans SC font, so the file prints the same on a machine without Chinese fonts.
Spreadsheets of the same manifests are in `routing.manifest_xlsx`.

Nothing here logs or prints: the full ID numbers and phones go only into the document asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, field, fields, replace
from typing import BinaryIO, Literal

import pandas as pd
import pylopdf_fonts_zh_cn
import qrcode
from fpdf import FPDF

from intake import Column, check_name, mask_id_number, mask_phone, read_table
from routing import duty
from routing.inputs import ROSTER_SCHEMA
from routing.model import Plan, PlanParams, Rules, Stop, Trip
from routing.planfile import plan_to_dict
from routing.seating import HALF_LOAD, CoachLayout, assign_seats

BOARDING_PATH = "boarding"  # the app page a manifest's QR code opens
CREW_SCHEMA = (
    Column("trip", ("车次", "行程", "trip", "trip_id"), required=True),
    Column("plate", ("车牌", "车牌号", "plate")),
    Column("driver", ("驾驶员", "司机", "driver")),
    Column("driver_phone", ("驾驶员电话", "司机电话", "driver_phone")),
    Column("coordinator", ("带队人", "领队", "联络员", "coordinator")),
    Column("coordinator_phone", ("带队人电话", "领队电话", "联系电话", "coordinator_phone")),
)


class ManifestError(ValueError):
    """A manifest that cannot be made as asked: an unknown trip, a plan row missing from the roster."""


@dataclass(frozen=True)
class Person:
    """What the roster says about one worker, as text (already validated when the plan was made)."""

    name: str
    id_number: str
    phone: str
    origin: str
    health: str = ""


@dataclass(frozen=True)
class Crew:
    """Who runs a trip, when known; blanks are printed as lines to fill in by hand."""

    plate: str = ""
    driver: str = ""
    driver_phone: str = ""
    coordinator: str = ""
    coordinator_phone: str = ""

    def merged(self, other: Crew) -> Crew:
        """`other`'s known values over this one's."""
        return Crew(*(theirs or ours for ours, theirs in zip(astuple(self), astuple(other),
                                                             strict=True)))


@dataclass(frozen=True)
class Passenger:
    row: int
    seat: int
    person: Person
    pickup: Stop
    dropoff: Stop


@dataclass(frozen=True)
class TripManifest:
    """One bus: its trip, its passengers grouped by pickup in boarding order, with seats."""

    plan_id: str
    trip: Trip
    passengers: tuple[Passenger, ...]
    load_factor: float
    crew: Crew = field(default_factory=Crew)
    masked: bool = False
    app_url: str = ""  # where the app runs, e.g. http://10.0.0.5:8501; the QR code then opens it
    drivers: int = 2  # the plan's drivers per coach
    stop_minutes: float = 10.0  # the plan's minutes at every call

    def __post_init__(self) -> None:
        rows = sorted(p.row for p in self.passengers)
        if rows != sorted(row for stop in self.trip.stops for row in stop.board):
            raise ManifestError(f"车次 {self.trip.id} 的乘客与车次不符 trip {self.trip.id}: the passengers are not the trip's riders")
        seats = [p.seat for p in self.passengers]
        if len(set(seats)) != len(seats) or not all(1 <= s <= self.trip.seats for s in seats):
            raise ManifestError(f"车次 {self.trip.id} 座位号重复或越界 trip {self.trip.id}: seats must be distinct and in 1..{self.trip.seats}")

    @property
    def depart(self) -> dt.datetime:
        return self.trip.stops[0].time

    @property
    def working_day(self) -> duty.WorkingDay:
        return duty.working_day([stop.time for stop in self.trip.stops], self.trip.drive_min,
                                self.stop_minutes)

    @property
    def driver_times(self) -> str:
        """The drivers' times, as printed under the vehicle: leaving, driving, road rests,
        arriving at the last stop, the length of the day."""
        day = self.working_day
        arrives = ("次日 " if day.arrives.date() != day.leaves.date() else "") + \
            f"{day.arrives:%H:%M}"
        parts = [f"{day.leaves:%H:%M} 离开车队"]
        if day.drive_minutes > 0:
            parts.append(f"驾驶 {_duration(day.drive_minutes)}")
            parts.append(f"途中休息 {day.rests} 次共 {day.rest_minutes:.0f} 分钟" if day.rests
                         else "途中无需休息")
        parts += [f"{arrives} 到达最后一站", f"在岗 {_duration(day.duty_minutes)}"]
        return "，".join(parts) + f"（{self.drivers} 名司机）"

    @property
    def checkin_link(self) -> str:
        """What the QR code on every page says: a link a phone opens on this trip's boarding page
        (through sign-in). Empty when the app's address is not known: a QR code no phone can open
        helps no one, so the page then says in words where to go (`checkin_words`)."""
        if not self.app_url:
            return ""
        query = f"plan={self.plan_id}&trip={self.trip.id}"
        return f"{self.app_url.rstrip('/')}/{BOARDING_PATH}?{query}"

    @property
    def checkin_words(self) -> str:
        """Where the crew marks boarding, for a manifest printed without the app's address."""
        return f"在返岗系统「上车登记」页选择车次 {self.trip.id}"

    @property
    def employers(self) -> tuple[str, ...]:
        return tuple(stop.place.name for stop in self.trip.dropoffs)

    @property
    def seating_rule(self) -> str:
        """The seat rule in force, in the words printed under the vehicle line."""
        if self.load_factor >= 1:
            return "按序就座"
        observation = CoachLayout.from_seats(self.trip.seats).observation_rows()
        if not observation:
            return "分散就座"
        first, last = observation[0][0], observation[-1][-1]
        used = sum(first <= p.seat <= last for p in self.passengers)
        if self.load_factor <= HALF_LOAD:
            rule = f"隔位就座，{first}–{last} 号留作观察区"
        else:
            rule = f"分散就座，{first}–{last} 号最后安排"
        return rule + (f"（已用 {used} 座）" if used else "")

    def groups(self) -> list[tuple[Stop, list[Passenger]]]:
        """Passengers by pickup point, pickups in route order."""
        by_stop: dict[int, list[Passenger]] = {id(stop): [] for stop in self.trip.pickups}
        for passenger in self.passengers:
            by_stop[id(passenger.pickup)].append(passenger)
        return [(stop, by_stop[id(stop)]) for stop in self.trip.pickups]

    def id_text(self, person: Person) -> str:
        return mask_id_number(person.id_number) if self.masked else person.id_number

    def phone_text(self, person: Person) -> str:
        return mask_phone(person.phone) if self.masked else person.phone


DEFAULT_RULES = Rules()  # what a plan file that does not record its rules was planned with


def plan_id(plan: Plan) -> str:
    """16 hex digits that name a plan: the SHA-256 of its plan.json content, canonically ordered."""
    text = json.dumps(plan_to_dict(plan), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_people(fp: BinaryIO, *, source: str = "roster") -> dict[int, Person]:
    """The roster's people by 1-based data row number (the numbers in plan.json). Rows are taken as
    they are: the planner validated them; rows it rejected are never asked for."""
    frame = read_table(fp, ROSTER_SCHEMA, source=source).frame
    blank = pd.Series("", index=frame.index)
    columns = [frame.get(name, blank).fillna("").astype(str).str.strip().tolist()
               for name in ("name", "id_number", "phone", "origin", "health")]
    columns[0] = [_shown_name(name) for name in columns[0]]
    return {int(row): Person(*values)
            for row, *values in zip(frame.index.tolist(), *columns, strict=True)}


def _shown_name(text: str) -> str:
    """The name as the planner read it (`intake.check_name`), or the text as it is."""
    try:
        return check_name(text)
    except ValueError:
        return text


def read_crew(fp: BinaryIO, *, source: str = "crew") -> dict[str, Crew]:
    """A crew file: one row per trip with plate, driver, driver phone, coordinator and phone."""
    frame = read_table(fp, CREW_SCHEMA, source=source).frame.fillna("")
    crews: dict[str, Crew] = {}
    for row, record in frame.iterrows():
        trip = str(record["trip"]).strip()
        if not trip:
            raise ManifestError(f"{source}：第 {row} 行没有车次 row {row} names no trip")
        if trip in crews:
            raise ManifestError(f"{source}：车次 {trip} 重复 trip {trip} is listed twice")
        crews[trip] = Crew(*(str(record.get(item.name, "")).strip() for item in fields(Crew)))
    return crews


def build_manifests(plan: Plan, people: Mapping[int, Person], *, trips: Sequence[str] = (),
                    masked: bool = False, crew: Crew = Crew(),
                    crews: Mapping[str, Crew] | None = None, app_url: str = ""
                    ) -> tuple[TripManifest, ...]:
    """Manifests of the trips named in `trips` (all trips when empty), in plan order.

    `crew` applies to every trip; `crews` (by trip id) overrides it trip by trip.
    """
    known = {trip.id: trip for trip in plan.trips}
    unknown = [name for name in [*trips, *(crews or {})] if name not in known]
    if unknown:
        raise ManifestError(f"计划中没有车次 {unknown[0]} no trip {unknown[0]} in the plan (trips: {_trip_range(plan)})")
    chosen = [known[name] for name in dict.fromkeys(trips)] if trips else list(plan.trips)
    identity = plan_id(plan)
    params, crews = plan.params, crews or {}
    drivers = DEFAULT_RULES.drivers_per_coach if params.drivers_per_coach is None \
        else params.drivers_per_coach
    stop_minutes = DEFAULT_RULES.stop_minutes if params.stop_minutes is None \
        else params.stop_minutes
    return tuple(
        replace(
            _manifest(identity, trip, people, _load_factor(params, trip),
                      crew.merged(crews.get(trip.id, Crew())), masked), app_url=app_url,
            drivers=int(drivers), stop_minutes=float(stop_minutes))
        for trip in chosen
    )


def _trip_range(plan: Plan) -> str:
    if not plan.trips:
        return "none"
    return f"{plan.trips[0].id}..{plan.trips[-1].id}"


def _load_factor(params: PlanParams, trip: Trip) -> float:
    """The plan's load factor; a plan file that does not record it seats as its coaches were
    filled (capacity over seats)."""
    return trip.capacity / trip.seats if params.load_factor is None else params.load_factor


def _manifest(identity: str, trip: Trip, people: Mapping[int, Person], load_factor: float,
              crew: Crew, masked: bool) -> TripManifest:
    dropoff_of = {row: stop for stop in trip.dropoffs for row in stop.alight}
    drop_order = {id(stop): i for i, stop in enumerate(trip.dropoffs)}
    boarding = [
        (row, pickup)
        for pickup in trip.pickups
        for row in sorted(pickup.board, key=lambda r: (drop_order[id(dropoff_of[r])], r))
    ]
    missing = sorted(row for row, _ in boarding if row not in people)
    if missing:
        more = f"（另缺 {len(missing) - 1} 行 {len(missing) - 1} more of its rows are missing too）" if len(missing) > 1 else ""
        raise ManifestError(f"车次 {trip.id}：名单中缺少第 {missing[0]} 行 trip {trip.id}: roster row {missing[0]} is not in the roster{more}")
    seats = assign_seats([row for row, _ in boarding], seats=trip.seats, load_factor=load_factor)
    passengers = tuple(Passenger(row, seats[row], people[row], pickup, dropoff_of[row])
                       for row, pickup in boarding)
    return TripManifest(identity, trip, passengers, load_factor, crew, masked)


# ---------------------------------------------------------------- PDF layout (A4 portrait, mm)

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 10.0
WIDTH = PAGE_W - 2 * MARGIN
FOOTER_Y = PAGE_H - 8.0
BODY_BOTTOM = PAGE_H - 10.0
HEADER_H = 31.0  # title 7, six lines (a 45-seater with 3 pickups still fits one page)
HEADER_LINE = 4.0
CONTINUED_HEADER_H = 27.0
QR_SIZE = 21.0
ROUTE_LINE = 4.2
ROW_H = 4.2
TABLE_HEAD_H = 5.0
TAIL_H = 22.5
FONT = "NotoSansSC"
MIN_SIZE = 5.0
TABLE = (  # title, width, alignment
    ("座号", 8.0, "C"), ("姓名", 15.0, "C"), ("身份证号", 32.0, "C"), ("手机号", 20.0, "C"),
    ("出发地", 33.0, "L"), ("用工单位", 40.0, "L"), ("健康", 10.0, "C"), ("登车", 9.0, "C"),
    ("签名", 23.0, "C"),
)

COLUMN_RULES = tuple(MARGIN + sum(width for _, width, _ in TABLE[:i]) for i in range(1, len(TABLE)))


@dataclass(frozen=True)
class Page:
    """One printed page of a trip. Table lines are ("group", stop, count, continued) or
    ("passenger", passenger)."""

    number: int
    of: int
    lines: tuple[tuple, ...]
    first: bool
    last: bool


def route_height(manifest: TripManifest) -> float:
    trip = manifest.trip
    return ROUTE_LINE * max(len(trip.pickups), len(trip.dropoffs)) + 2.0


def paginate(manifest: TripManifest) -> list[Page]:
    """Split a trip's table into pages: the header and route on the first, the totals and signature
    lines on the last, a group title never alone at the foot of a page."""
    lines: list[tuple] = []
    for stop, group in manifest.groups():
        lines.append(("group", stop, len(group), False))
        lines += [("passenger", p) for p in group]
    counts = {id(stop): len(group) for stop, group in manifest.groups()}
    first_top = MARGIN + HEADER_H + route_height(manifest) + TABLE_HEAD_H
    other_top = MARGIN + CONTINUED_HEADER_H + TABLE_HEAD_H
    pages: list[list[tuple]] = [[]]
    top = first_top
    for line in lines:
        if top + ROW_H * (len(pages[-1]) + 1) > BODY_BOTTOM:
            if pages[-1] and pages[-1][-1][0] == "group":
                carried = [pages[-1].pop()]
            elif line[0] == "passenger":
                carried = [("group", line[1].pickup, counts[id(line[1].pickup)], True)]
            else:
                carried = []
            pages.append(carried)
            top = other_top
        pages[-1].append(line)
    if top + ROW_H * len(pages[-1]) + 2 + TAIL_H > BODY_BOTTOM:
        pages.append([])
    return [Page(i + 1, len(pages), tuple(page), i == 0, i == len(pages) - 1)
            for i, page in enumerate(pages)]


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FONT, fname=str(pylopdf_fonts_zh_cn.sans_path()))
        self.set_title("返岗包车乘车人员名单")
        self.set_creator("fanggang")
        self.set_line_width(0.2)

    def text_at(self, x: float, y: float, w: float, h: float, text: str, *, size: float = 8.0,
                align: str = "L", border: Literal[0, 1] | str = 0) -> None:
        """Write `text` in a box, shrinking the font (down to 5 pt) and then cutting it to fit."""
        self.set_font(FONT, size=size)
        room = w - 2 * self.c_margin
        width = self.get_string_width(text)
        if width > room:
            size = max(MIN_SIZE, size * room / width)
            self.set_font(FONT, size=size)
            while text and self.get_string_width(text) > room:
                text = text[:-2] + "…" if len(text) > 1 else ""
        self.set_xy(x, y)
        self.cell(w, h, text, border=border, align=align)

    def blank(self, x: float, y: float, w: float) -> None:
        """A line to write on by hand."""
        self.line(x, y, x + w, y)

    def qr(self, x: float, y: float, size: float, matrix: list[list[bool]]) -> None:
        self.set_fill_color(0, 0, 0)
        module = size / len(matrix)
        for i, line in enumerate(matrix):
            j = 0
            while j < len(line):
                if not line[j]:
                    j += 1
                    continue
                start = j
                while j < len(line) and line[j]:
                    j += 1
                self.rect(x + start * module, y + i * module, (j - start) * module, module, "F")


def manifest_pdf(manifests: Iterable[TripManifest]) -> bytes:
    """All the manifests in one PDF, each trip starting on a new page, numbered within the trip."""
    pdf = _Document()
    count = 0
    for manifest in manifests:
        matrix = _qr_matrix(manifest.checkin_link) if manifest.checkin_link else []
        for page in paginate(manifest):
            pdf.add_page()
            _draw_page(pdf, manifest, page, matrix)
        count += 1
    if count == 0:
        raise ManifestError("没有可打印的车次 no trips to print")
    return bytes(pdf.output())


def _qr_matrix(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def _when(moment: dt.datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


def _duration(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} 小时 {rest:02d} 分" if hours else f"{rest} 分钟"


def _draw_page(pdf: _Document, manifest: TripManifest, page: Page,
               matrix: list[list[bool]]) -> None:
    trip = manifest.trip
    _draw_checkin(pdf, manifest, matrix)
    if page.first:
        y = _draw_header(pdf, manifest)
        y = _draw_route(pdf, manifest, y)
    else:
        pdf.text_at(MARGIN, MARGIN, 150, 7, f"返岗包车乘车人员名单（续）  车次 {trip.id}", size=13)
        pdf.text_at(MARGIN, MARGIN + 8, 150, 5,
                    f"{_when(manifest.depart)} 发车  ·  {trip.bus_type}  ·  应到 {trip.passengers} 人",
                    size=9)
        y = MARGIN + CONTINUED_HEADER_H
    y = _draw_table(pdf, manifest, page, y)
    if page.last:
        _draw_tail(pdf, manifest, y + 2)
    masked = "  ·  证件号和手机号已脱敏" if manifest.masked else ""
    pdf.text_at(MARGIN, FOOTER_Y, 70, 4, f"车次 {trip.id}  ·  方案 {manifest.plan_id}{masked}", size=6.5)
    pdf.text_at(MARGIN + 70, FOOTER_Y, 50, 4, f"第 {page.number} 页 / 共 {page.of} 页", size=8,
                align="C")
    pdf.text_at(PAGE_W - MARGIN - 70, FOOTER_Y, 70, 4, "顶替人员请在签名栏注明姓名和身份证号",
                size=6.5, align="R")


def _draw_checkin(pdf: _Document, manifest: TripManifest, matrix: list[list[bool]]) -> None:
    """The QR code to the trip's boarding page, or, without the app's address, the same in words."""
    x = PAGE_W - MARGIN - QR_SIZE
    if matrix:
        pdf.qr(x, MARGIN, QR_SIZE, matrix)
        pdf.text_at(x - 2, MARGIN + QR_SIZE, QR_SIZE + 4, 3.5, "扫码登车核验", size=6, align="C")
        return
    pdf.rect(x, MARGIN, QR_SIZE, QR_SIZE)
    lines = ["登车核验", "返岗系统", "「上车登记」", f"车次 {manifest.trip.id}"]
    for number, line in enumerate(lines):
        pdf.text_at(x, MARGIN + 1.5 + number * 4.6, QR_SIZE, 4.5, line, size=7, align="C")


def _draw_header(pdf: _Document, manifest: TripManifest) -> float:
    trip, crew = manifest.trip, manifest.crew
    x, y = MARGIN, MARGIN
    pdf.text_at(x, y, 150, 7, f"返岗包车乘车人员名单    车次 {trip.id}", size=14)
    y += 7
    pdf.text_at(x, y, 165, HEADER_LINE, f"发车：{_when(manifest.depart)}  从 {trip.stops[0].place.name}"
                f"  全程约 {trip.distance_km:.0f} km", size=8.5)
    y += HEADER_LINE
    load = f"{manifest.load_factor:.0%}"
    pdf.text_at(x, y, 92, HEADER_LINE, f"车辆：{trip.bus_type}（{trip.seats} 座）  限载 {trip.capacity} 人"
                f"（载客率 {load}）  本车 {trip.passengers} 人", size=8.5)
    pdf.text_at(x + 92, y, 73, HEADER_LINE, f"座位：{manifest.seating_rule}", size=8.5)
    y += HEADER_LINE
    pdf.text_at(x, y, 165, HEADER_LINE, f"司机：{manifest.driver_times}", size=8.5)
    y += HEADER_LINE
    _labelled(pdf, x, y, [("车牌号", crew.plate, 22), ("驾驶员", crew.driver, 20),
                          ("驾驶员电话", crew.driver_phone, 24)])
    y += HEADER_LINE
    _labelled(pdf, x, y, [("带队人", crew.coordinator, 22), ("联系电话", crew.coordinator_phone, 24)])
    y += HEADER_LINE
    pdf.text_at(x, y, 165, HEADER_LINE, "服务单位：" + "、".join(manifest.employers), size=8.5)
    return MARGIN + HEADER_H


def _labelled(pdf: _Document, x: float, y: float, items: list[tuple[str, str, float]]) -> None:
    """Label, value (or a blank line to write on) pairs along one line."""
    for label, value, width in items:
        pdf.set_font(FONT, size=8.5)
        room = pdf.get_string_width(f"{label}：") + 2 * pdf.c_margin
        pdf.text_at(x, y, room, HEADER_LINE, f"{label}：", size=8.5)
        x += room
        if value:
            pdf.text_at(x, y, width, HEADER_LINE, value, size=8.5)
        else:
            pdf.blank(x + 1, y + HEADER_LINE - 0.5, width - 2)
        x += width + 2


def _draw_route(pdf: _Document, manifest: TripManifest, y: float) -> float:
    trip = manifest.trip
    pdf.set_fill_color(235, 235, 235)
    pdf.rect(MARGIN, y, WIDTH, route_height(manifest) - 1.0, "F")
    half = WIDTH / 2
    for i, stop in enumerate(trip.pickups):
        pdf.text_at(MARGIN, y + 1 + ROUTE_LINE * i, half, ROUTE_LINE,
                    f"上车点 {i + 1}  {stop.time:%H:%M}  {stop.place.name}  {len(stop.board)} 人", size=8)
    for i, stop in enumerate(trip.dropoffs):
        pdf.text_at(MARGIN + half, y + 1 + ROUTE_LINE * i, half, ROUTE_LINE,
                    f"下车点 {i + 1}  {stop.time:%H:%M}  {stop.place.name}  {len(stop.alight)} 人",
                    size=8)
    return y + route_height(manifest)


def _draw_table(pdf: _Document, manifest: TripManifest, page: Page, y: float) -> float:
    x = MARGIN
    pdf.set_fill_color(220, 220, 220)
    pdf.rect(MARGIN, y, WIDTH, TABLE_HEAD_H, "F")
    for title, width, _ in TABLE:
        pdf.text_at(x, y, width, TABLE_HEAD_H, title, size=8, align="C", border=1)
        x += width
    y += TABLE_HEAD_H
    pickup_number = {id(stop): i for i, stop in enumerate(manifest.trip.pickups, start=1)}
    for line in page.lines:
        if line[0] == "group":
            _, stop, count, continued = line
            pdf.set_fill_color(242, 242, 242)
            pdf.rect(MARGIN, y, WIDTH, ROW_H, "DF")
            pdf.text_at(MARGIN, y, WIDTH, ROW_H, f"上车点 {pickup_number[id(stop)]}：{stop.place.name}"
                        f"  {stop.time:%H:%M}  共 {count} 人" + ("（续）" if continued else ""),
                        size=7.5)
        else:
            _draw_passenger(pdf, manifest, line[1], y)
        y += ROW_H
    return y


def _draw_passenger(pdf: _Document, manifest: TripManifest, passenger: Passenger, y: float) -> None:
    """One table row: its frame and column rules, the texts, and a check box."""
    person = passenger.person
    cells = (str(passenger.seat), person.name, manifest.id_text(person),
             manifest.phone_text(person), person.origin, passenger.dropoff.place.name,
             person.health)
    pdf.rect(MARGIN, y, WIDTH, ROW_H)
    x = MARGIN
    for (_, width, align), text in zip(TABLE, cells, strict=False):
        if text:
            pdf.text_at(x, y, width, ROW_H, text, size=7.5, align=align)
        x += width
    for rule in COLUMN_RULES:
        pdf.line(rule, y, rule, y + ROW_H)
    box = 2.8
    pdf.rect(COLUMN_RULES[6] + (TABLE[7][1] - box) / 2, y + (ROW_H - box) / 2, box, box)


def _draw_tail(pdf: _Document, manifest: TripManifest, y: float) -> None:
    trip = manifest.trip
    by_pickup = "，".join(f"{stop.place.name} {len(stop.board)} 人" for stop in trip.pickups)
    pdf.text_at(MARGIN, y, WIDTH, HEADER_LINE, f"合计：应到 {trip.passengers} 人（{by_pickup}）",
                size=8.5)
    y += 5.5
    pdf.text_at(MARGIN, y, 92, HEADER_LINE, "实到 ______ 人   未到 ______ 人   顶替 ______ 人",
                size=8.5)
    _labelled(pdf, MARGIN + 92, y, [("带队人签字", "", 25), ("驾驶员签字", "", 25)])
    y += 6.5
    column = WIDTH / max(1, len(trip.dropoffs))
    for i, stop in enumerate(trip.dropoffs):
        x = MARGIN + i * column
        pdf.text_at(x, y, column - 2, 4.0, f"{stop.place.name}（{len(stop.alight)} 人）接收签字：",
                    size=7)
        pdf.blank(x + 1, y + 10.0, column - 4)
