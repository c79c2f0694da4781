"""The statements as files: per employer a PDF (cost statement, then the nucleic-acid test claim
list) and an XLSX (the same two as sheets); the campaign summary as PDF, XLSX and summary.json.

PDFs embed Noto Sans SC (`documents.fonts`; cut down once for a run of many files); every text cell of a spreadsheet is neutralised
(`intake.exports.neutralise`), since names and places come from user files.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from openpyxl import Workbook

from documents.fonts import FONT, common_subset, with_chinese_font
from documents.statements import CampaignSummary, EmployerStatement, Statements, yuan
from intake.exports import neutralise

TRIP_HEADER = (
    "车次",
    "日期",
    "车型",
    "本单位人数",
    "全车人数",
    "里程(km)",
    "本单位人公里",
    "全车费用(元)",
    "分摊费用(元)",
)
CLAIM_HEADER = ("序号", "姓名", "车次", "乘车日期", "报销金额(元)")
BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')
LABELS = Path(__file__).read_text(encoding="utf-8")
ROW_H = 5.0  # mm
SUBSET_FROM = 8  # employers: from here on, cutting the font down once beats reading it per file


def write_statements(statements: Statements, folder: Path) -> list[Path]:
    """Every file into `folder` (created if needed); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    font = (
        common_subset(_characters(statements)) if len(statements.employers) >= SUBSET_FROM else None
    )
    written = []
    for number, statement in enumerate(statements.employers, start=1):
        stem = f"结算单-{number:03d}-{BAD_FILE_CHARS.sub('_', statement.employer)[:60]}"
        written.append(_write(folder / f"{stem}.pdf", employer_pdf(statement, font)))
        written.append(_write(folder / f"{stem}.xlsx", employer_xlsx(statement)))
    written.append(_write(folder / "活动汇总.pdf", summary_pdf(statements, font)))
    written.append(_write(folder / "活动汇总.xlsx", summary_xlsx(statements)))
    written.append(
        _write(
            folder / "summary.json",
            json.dumps(summary_dict(statements), ensure_ascii=False, indent=1).encode("utf-8"),
        )
    )
    return written


def _characters(statements: Statements) -> str:
    """Every character the documents can print: the labels (all written in this module's source)
    and what the data brings."""
    parts = [
        LABELS,
        statements.summary.rule,
        *(name for name, _ in statements.summary.by_prefecture),
    ]
    for statement in statements.employers:
        parts += [
            statement.employer,
            *(t.bus_type for t in statement.trips),
            *(c.name for c in statement.claims),
        ]
    return "".join(parts)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def summary_dict(statements: Statements) -> dict[str, object]:
    """The figures of the summary and of every statement, for other tools and the tests."""
    summary = statements.summary
    return {
        "workers": summary.workers,
        "coaches": summary.coaches,
        "distance_km": summary.distance_km,
        "cost_yuan": summary.cost_fen / 100,
        "cost_per_worker_yuan": summary.cost_per_worker,
        "rule": summary.rule,
        "boarded": summary.boarded,
        "test_fee_yuan": summary.test_fee,
        "by_prefecture": dict(summary.by_prefecture),
        "by_day": [
            {
                "date": d.isoformat(),
                "workers": w,
                "trips": n,
                "distance_km": km,
                "cost_yuan": fen / 100,
            }
            for d, w, n, km, fen in summary.by_day
        ],
        "employers": [
            {
                "employer": s.employer,
                "trips": len(s.trips),
                "workers": s.workers,
                "distance_km": s.distance_km,
                "cost_yuan": s.cost_fen / 100,
                "claims": len(s.claims),
                "claim_yuan": s.claim_total,
            }
            for s in statements.employers
        ],
    }


# --- PDF ------------------------------------------------------------------------------------


class _Page(FPDF):
    def __init__(self, title: str, font: Path | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        with_chinese_font(self, font)
        self.set_title(title)
        self.set_creator("fanggang")
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, margin=14)
        self.title_text = title

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(0, 5, f"{self.title_text} · 第 {self.page_no()} 页", align="C")

    def heading(self, text: str, size: float = 14) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def line_text(self, text: str, size: float = 9) -> None:
        self.set_font(FONT, size=size)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        size: float = 8,
    ) -> None:
        """A ruled table across the page (widths are relative), the header repeated on every
        page. Plain cells: fpdf2's table layout costs a second per hundred rows."""
        scale = self.epw / sum(widths)
        columns = [w * scale for w in widths]
        self.set_font(FONT, size=size)
        self._grid_row(header, columns, shaded=True)
        for values in rows:
            if self.get_y() + ROW_H > self.page_break_trigger:
                self.add_page()
                self._grid_row(header, columns, shaded=True)
            self._grid_row([str(v) for v in values], columns)
        self.ln(2)

    def _grid_row(
        self, cells: Sequence[str], columns: Sequence[float], shaded: bool = False
    ) -> None:
        if shaded:
            self.set_fill_color(230, 230, 230)
        for text, width in zip(cells, columns, strict=True):
            self.cell(width, ROW_H, text, border=1, align="C", fill=shaded)
        self.ln(ROW_H)


def employer_pdf(statement: EmployerStatement, font: Path | None = None) -> bytes:
    pdf = _Page(f"返岗包车费用结算单 · {statement.employer}", font)
    pdf.add_page()
    pdf.heading("返岗包车费用结算单")
    pdf.line_text(f"用工单位：{statement.employer}")
    pdf.line_text(f"分摊规则：{statement.rule}")
    pdf.line_text(
        f"车次 {len(statement.trips)} 趟 · 返岗工人 {statement.workers} 人 · "
        f"所乘车次里程 {statement.distance_km:,.1f} km · "
        f"应分摊费用 {yuan(statement.cost_fen)} 元"
    )
    pdf.ln(2)
    pdf.grid(TRIP_HEADER, _trip_rows(statement), (14, 20, 24, 18, 16, 18, 20, 24, 24))
    pdf.line_text(f"合计：{statement.workers} 人，分摊费用 {yuan(statement.cost_fen)} 元")
    pdf.add_page()
    pdf.heading("核酸检测费用报销名单")
    pdf.line_text(
        f"用工单位：{statement.employer} · 已乘车 {len(statement.claims)} 人 × "
        f"{statement.test_fee:g} 元 = {statement.claim_total:,.2f} 元"
    )
    pdf.ln(2)
    pdf.grid(CLAIM_HEADER, _claim_rows(statement), (14, 40, 24, 30, 30), size=8.5)
    return bytes(pdf.output())


def summary_pdf(statements: Statements, font: Path | None = None) -> bytes:
    summary = statements.summary
    pdf = _Page("返岗包车活动汇总", font)
    pdf.add_page()
    pdf.heading("返岗包车活动汇总")
    for line in _summary_lines(summary):
        pdf.line_text(line)
    pdf.ln(2)
    pdf.heading("按日期", size=11)
    pdf.grid(
        ("日期", "返岗人数", "车次", "里程(km)", "费用(元)"),
        [(d.isoformat(), w, n, f"{km:,.1f}", yuan(fen)) for d, w, n, km, fen in summary.by_day],
        (36, 30, 24, 36, 36),
    )
    pdf.heading("按户籍地市", size=11)
    pdf.grid(("户籍地市", "返岗人数"), summary.by_prefecture, (60, 30))
    pdf.heading("按用工单位", size=11)
    pdf.grid(
        ("用工单位", "车次", "人数", "分摊费用(元)", "核酸报销(元)"),
        [
            (s.employer, len(s.trips), s.workers, yuan(s.cost_fen), f"{s.claim_total:,.2f}")
            for s in statements.employers
        ],
        (70, 18, 18, 34, 34),
    )
    return bytes(pdf.output())


def _summary_lines(summary: CampaignSummary) -> list[str]:
    return [
        f"返岗工人 {summary.workers} 人 · 车次 {summary.coaches} 趟 · "
        f"总里程 {summary.distance_km:,.1f} km",
        f"包车总费用 {yuan(summary.cost_fen)} 元 · 人均 {summary.cost_per_worker:,.2f} 元",
        f"核酸检测报销 {summary.boarded} 人 × {summary.test_fee:g} 元 = "
        f"{summary.boarded * summary.test_fee:,.2f} 元",
        f"分摊规则：{summary.rule}",
    ]


def _trip_rows(statement: EmployerStatement) -> list[tuple[object, ...]]:
    return [
        (
            t.trip,
            t.date.isoformat(),
            t.bus_type,
            t.workers,
            t.passengers,
            f"{t.distance_km:,.1f}",
            f"{t.seat_km:,.1f}",
            yuan(t.trip_fen),
            yuan(t.share_fen),
        )
        for t in statement.trips
    ]


def _claim_rows(statement: EmployerStatement) -> list[tuple[object, ...]]:
    return [
        (n, c.name, c.trip, c.date.isoformat(), f"{statement.test_fee:,.2f}")
        for n, c in enumerate(statement.claims, start=1)
    ]


# --- XLSX -----------------------------------------------------------------------------------


def employer_xlsx(statement: EmployerStatement) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "费用结算"
    sheet.append(["用工单位", neutralise(statement.employer)])
    sheet.append(["分摊规则", statement.rule])
    sheet.append([])
    sheet.append(list(TRIP_HEADER))
    for t in statement.trips:
        sheet.append(
            [
                t.trip,
                t.date,
                neutralise(t.bus_type),
                t.workers,
                t.passengers,
                t.distance_km,
                t.seat_km,
                t.trip_fen / 100,
                t.share_fen / 100,
            ]
        )
    sheet.append(
        [
            "合计",
            "",
            "",
            statement.workers,
            "",
            statement.distance_km,
            "",
            "",
            statement.cost_fen / 100,
        ]
    )
    claims = book.create_sheet("核酸检测报销")
    claims.append(list(CLAIM_HEADER))
    for n, c in enumerate(statement.claims, start=1):
        claims.append([n, neutralise(c.name), c.trip, c.date, statement.test_fee])
    claims.append(["合计", len(statement.claims), "", "", statement.claim_total])
    return _saved(book)


def summary_xlsx(statements: Statements) -> bytes:
    summary = statements.summary
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    for label, value in (
        ("返岗工人", summary.workers),
        ("车次", summary.coaches),
        ("总里程(km)", summary.distance_km),
        ("总费用(元)", summary.cost_fen / 100),
        ("人均费用(元)", summary.cost_per_worker),
        ("核酸检测报销人数", summary.boarded),
        ("核酸检测单价(元)", summary.test_fee),
        ("分摊规则", summary.rule),
    ):
        sheet.append([label, value])
    days = book.create_sheet("按日期")
    days.append(["日期", "返岗人数", "车次", "里程(km)", "费用(元)"])
    for d, w, n, km, fen in summary.by_day:
        days.append([d, w, n, km, fen / 100])
    homes = book.create_sheet("按户籍地市")
    homes.append(["户籍地市", "返岗人数"])
    for name, count in summary.by_prefecture:
        homes.append([neutralise(name), count])
    employers = book.create_sheet("按用工单位")
    employers.append(
        ["用工单位", "车次", "人数", "里程(km)", "分摊费用(元)", "核酸报销人数", "核酸报销(元)"]
    )
    for s in statements.employers:
        employers.append(
            [
                neutralise(s.employer),
                len(s.trips),
                s.workers,
                s.distance_km,
                s.cost_fen / 100,
                len(s.claims),
                s.claim_total,
            ]
        )
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
