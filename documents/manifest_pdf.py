"""Bus manifests as a printable PDF: `manifest_pdf` lays `documents.manifest`'s trips out on A4
pages with an embedded Noto Sans SC font, so the file prints the same on a machine without Chinese
fonts, and draws each trip's check-in QR code.

Nothing here logs or prints: the full ID numbers and phones go only into the document asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pylopdf_fonts_zh_cn
import qrcode
from fpdf import FPDF

from documents.manifest import ManifestError, Passenger, TripManifest

PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm
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
    ("座号", 8.0, "C"),
    ("姓名", 15.0, "C"),
    ("身份证号", 32.0, "C"),
    ("手机号", 20.0, "C"),
    ("出发地", 33.0, "L"),
    ("用工单位", 40.0, "L"),
    ("健康", 10.0, "C"),
    ("登车", 9.0, "C"),
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
    return [
        Page(i + 1, len(pages), tuple(page), i == 0, i == len(pages) - 1)
        for i, page in enumerate(pages)
    ]


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FONT, fname=str(pylopdf_fonts_zh_cn.sans_path()))
        self.set_title("返岗包车乘车人员名单")
        self.set_creator("fanggang")
        self.set_line_width(0.2)

    def text_at(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        *,
        size: float = 8.0,
        align: str = "L",
        border: Literal[0, 1] | str = 0,
    ) -> None:
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


def _draw_page(
    pdf: _Document, manifest: TripManifest, page: Page, matrix: list[list[bool]]
) -> None:
    trip = manifest.trip
    _draw_checkin(pdf, manifest, matrix)
    if page.first:
        y = _draw_header(pdf, manifest)
        y = _draw_route(pdf, manifest, y)
    else:
        pdf.text_at(MARGIN, MARGIN, 150, 7, f"返岗包车乘车人员名单（续）  车次 {trip.id}", size=13)
        pdf.text_at(
            MARGIN,
            MARGIN + 8,
            150,
            5,
            f"{_when(manifest.depart)} 发车  ·  {trip.bus_type}  ·  应到 {trip.passengers} 人",
            size=9,
        )
        y = MARGIN + CONTINUED_HEADER_H
    y = _draw_table(pdf, manifest, page, y)
    if page.last:
        _draw_tail(pdf, manifest, y + 2)
    masked = "  ·  证件号和手机号已脱敏" if manifest.masked else ""
    pdf.text_at(
        MARGIN, FOOTER_Y, 70, 4, f"车次 {trip.id}  ·  方案 {manifest.plan_id}{masked}", size=6.5
    )
    pdf.text_at(
        MARGIN + 70, FOOTER_Y, 50, 4, f"第 {page.number} 页 / 共 {page.of} 页", size=8, align="C"
    )
    pdf.text_at(
        PAGE_W - MARGIN - 70,
        FOOTER_Y,
        70,
        4,
        "顶替人员请在签名栏注明姓名和身份证号",
        size=6.5,
        align="R",
    )


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
    pdf.text_at(
        x,
        y,
        165,
        HEADER_LINE,
        f"发车：{_when(manifest.depart)}  从 {trip.stops[0].place.name}"
        f"  全程约 {trip.distance_km:.0f} km",
        size=8.5,
    )
    y += HEADER_LINE
    load = f"{manifest.load_factor:.0%}"
    pdf.text_at(
        x,
        y,
        92,
        HEADER_LINE,
        f"车辆：{trip.bus_type}（{trip.seats} 座）  限载 {trip.capacity} 人"
        f"（载客率 {load}）  本车 {trip.passengers} 人",
        size=8.5,
    )
    pdf.text_at(x + 92, y, 73, HEADER_LINE, f"座位：{manifest.seating_rule}", size=8.5)
    y += HEADER_LINE
    pdf.text_at(x, y, 165, HEADER_LINE, f"司机：{manifest.driver_times}", size=8.5)
    y += HEADER_LINE
    _labelled(
        pdf,
        x,
        y,
        [
            ("车牌号", crew.plate, 22),
            ("驾驶员", crew.driver, 20),
            ("驾驶员电话", crew.driver_phone, 24),
        ],
    )
    y += HEADER_LINE
    _labelled(
        pdf, x, y, [("带队人", crew.coordinator, 22), ("联系电话", crew.coordinator_phone, 24)]
    )
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
        pdf.text_at(
            MARGIN,
            y + 1 + ROUTE_LINE * i,
            half,
            ROUTE_LINE,
            f"上车点 {i + 1}  {stop.time:%H:%M}  {stop.place.name}  {len(stop.board)} 人",
            size=8,
        )
    for i, stop in enumerate(trip.dropoffs):
        pdf.text_at(
            MARGIN + half,
            y + 1 + ROUTE_LINE * i,
            half,
            ROUTE_LINE,
            f"下车点 {i + 1}  {stop.time:%H:%M}  {stop.place.name}  {len(stop.alight)} 人",
            size=8,
        )
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
            pdf.text_at(
                MARGIN,
                y,
                WIDTH,
                ROW_H,
                f"上车点 {pickup_number[id(stop)]}：{stop.place.name}"
                f"  {stop.time:%H:%M}  共 {count} 人" + ("（续）" if continued else ""),
                size=7.5,
            )
        else:
            _draw_passenger(pdf, manifest, line[1], y)
        y += ROW_H
    return y


def _draw_passenger(pdf: _Document, manifest: TripManifest, passenger: Passenger, y: float) -> None:
    """One table row: its frame and column rules, the texts, and a check box."""
    person = passenger.person
    cells = (
        str(passenger.seat),
        person.name,
        manifest.id_text(person),
        manifest.phone_text(person),
        person.origin,
        passenger.dropoff.place.name,
        person.health,
    )
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
    pdf.text_at(
        MARGIN, y, WIDTH, HEADER_LINE, f"合计：应到 {trip.passengers} 人（{by_pickup}）", size=8.5
    )
    y += 5.5
    pdf.text_at(
        MARGIN, y, 92, HEADER_LINE, "实到 ______ 人   未到 ______ 人   顶替 ______ 人", size=8.5
    )
    _labelled(pdf, MARGIN + 92, y, [("带队人签字", "", 25), ("驾驶员签字", "", 25)])
    y += 6.5
    column = WIDTH / max(1, len(trip.dropoffs))
    for i, stop in enumerate(trip.dropoffs):
        x = MARGIN + i * column
        pdf.text_at(
            x, y, column - 2, 4.0, f"{stop.place.name}（{len(stop.alight)} 人）接收签字：", size=7
        )
        pdf.blank(x + 1, y + 10.0, column - 4)
