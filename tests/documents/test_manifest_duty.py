"""The drivers' times on the manifest (PDF read back with pypdf, and the XLSX trip sheet): leaving
the depot, driving, road rests, arriving at the last stop, the length of the day."""

import dataclasses
import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from documents.manifest import Person, build_manifests
from documents.manifest_pdf import manifest_pdf
from documents.manifest_xlsx import manifest_xlsx
from routing import duty
from routing.planfile import plan_from_dict, plan_to_dict
from routing.planner import plan_trips
from tests.routing.test_planner_duty import far_problem

PEOPLE = {
    row: Person(f"工人{row}", f"41162519900101{row:04d}", f"1380013{row:04d}", "周口")
    for row in range(1, 11)
}


def pdf_text(pdf: bytes) -> str:
    """pypdf reads fpdf2's CID text with a NUL before each character; spaces go too."""
    return "".join(
        re.sub(r"[\s\x00]+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def far_plan():
    """Two coaches 7 h out: each drives about 14 h with three road rests (as plan.json has it)."""
    problem = far_problem(3)
    return plan_from_dict(plan_to_dict(plan_trips(problem, time_limit_s=2)))


def test_the_pdf_prints_each_trips_driving_day():
    plan = far_plan()
    manifests = build_manifests(plan, PEOPLE)
    text = pdf_text(manifest_pdf(manifests))
    for manifest in manifests:
        trip = manifest.trip
        hours, minutes = divmod(round(trip.drive_min), 60)
        rests = round((trip.duration_min - trip.drive_min - 10) / duty.BREAK_MINUTES)
        assert rests == 3
        arrives = trip.stops[-1].time  # the day as the printed times show it
        on_duty = divmod(round((arrives - trip.stops[0].time).total_seconds() / 60), 60)
        assert (
            f"司机：06:00离开车队，驾驶{hours}小时{minutes:02d}分，途中休息{rests}次共"
            f"{rests * 20}分钟，{arrives:%H:%M}到达最后一站，在岗{on_duty[0]}小时"
            f"{on_duty[1]:02d}分（2名司机）"
        ) in text


def test_a_plan_without_driving_minutes_prints_the_times_it_has():
    plan = far_plan()
    old = dataclasses.replace(
        plan, trips=tuple(dataclasses.replace(t, drive_min=0.0) for t in plan.trips)
    )
    text = pdf_text(manifest_pdf(build_manifests(old, PEOPLE)))
    assert "司机：06:00离开车队，" in text and "到达最后一站，在岗" in text
    assert "驾驶" not in text.replace("驾驶员", "")


def test_the_xlsx_trip_sheet_names_the_drivers_times():
    manifests = build_manifests(far_plan(), PEOPLE)
    book = load_workbook(io.BytesIO(manifest_xlsx(manifests)), read_only=True)
    for manifest in manifests:
        head = {
            row[0]: row[1]
            for row in book[manifest.trip.id].iter_rows(max_row=12, values_only=True)
            if row and row[0]
        }
        assert head["司机时间"] == manifest.driver_times
        assert "途中休息 3 次共 60 分钟" in head["司机时间"]
