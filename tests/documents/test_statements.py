import datetime as dt
import io
import json
import re

import pytest
from fontTools import cffLib
from openpyxl import load_workbook
from pypdf import PdfReader

from documents.roster import Contact, read_contacts
from documents.statement_files import employer_pdf
from documents.statements import CoachCost, build_statements
from routing import cli
from routing.model import Place, Plan, PlanParams, Stop, Trip
from routing.planfile import read_plan
from tests.documents.conftest import CAMPAIGN, ROSTER

DEPOT = Place("郑州高新区", 34.812, 113.56)
A, B = Place("郸城县", 33.6, 115.2), Place("沈丘县", 33.4, 115.1)
SITE_X, SITE_Y = Place("X公司", 34.77, 113.53), Place("Y公司", 34.78, 113.54)
T0 = dt.datetime(2020, 2, 21, 6, 0)


def minutes(n: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=n)


def shared_trip() -> Plan:
    """One coach: 3 X workers board first (far), 1 Y worker boards later, all ride to the zone.
    Stop minutes 0, so the drive minutes place the stops: 0, 100, 150, 250 km at 1 km/min."""
    stops = (
        Stop("depot", DEPOT, T0),
        Stop("pickup", A, minutes(100), board=(1, 2, 3)),
        Stop("pickup", B, minutes(150), board=(4,)),
        Stop("dropoff", SITE_X, minutes(250), alight=(1, 2, 3)),
        Stop("dropoff", SITE_Y, minutes(250), alight=(4,)),
    )
    trip = Trip("T001", "大巴", 45, 45, stops, 250.0, 250.0)
    return Plan((trip,), (), params=PlanParams(stop_minutes=0))


CONTACTS = {
    1: Contact("甲", "1", "郸城县", "X公司"),
    2: Contact("乙", "2", "郸城县", "X公司"),
    3: Contact("丙", "3", "郸城县", "X公司"),
    4: Contact("丁", "4", "沈丘县", "Y公司"),
}


def test_per_head_and_per_seat_km_split_a_trip_to_the_fen():
    costs = {"大巴": CoachCost(cost_per_km=2.0, fixed_cost=100.01)}  # 600.01 yuan
    head = build_statements(shared_trip(), CONTACTS, costs, rule="head")
    assert [s.cost_fen for s in head.employers] == [45001, 15000]  # 3:1, the odd fen to X
    seat_km = build_statements(shared_trip(), CONTACTS, costs, rule="seat_km")
    # X rides 150 km x 3, Y rides 100 km: 450:100
    assert [s.cost_fen for s in seat_km.employers] == [49092, 10909]
    assert [t.seat_km for s in seat_km.employers for t in s.trips] == [450.0, 100.0]
    for statements in (head, seat_km):
        assert sum(s.cost_fen for s in statements.employers) == statements.summary.cost_fen == 60001
    assert "按人数" in head.employers[0].rule and "人公里" in seat_km.employers[0].rule


def test_only_boarded_workers_are_claimed_and_the_fee_is_settable():
    statements = build_statements(shared_trip(), CONTACTS, {}, boarded={1, 4}, test_fee=80)
    assert [[c.row for c in s.claims] for s in statements.employers] == [[1], [4]]
    assert [s.claim_total for s in statements.employers] == [80, 80]
    with pytest.raises(ValueError, match="分摊规则"):
        build_statements(shared_trip(), CONTACTS, {}, rule="coin")


def test_a_statement_pdf_embeds_its_chinese_font():
    [statement, _] = build_statements(shared_trip(), CONTACTS, {}).employers
    reader = PdfReader(io.BytesIO(employer_pdf(statement)))
    # pypdf puts a NUL before each character of this font; poppler does not: both go
    text = re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))
    assert "返岗包车费用结算单" in text and "核酸检测费用报销名单" in text and "X公司" in text
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        for part in (d.get_object() for d in font.get("/DescendantFonts", [font])):
            descriptor = part["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


@pytest.mark.slow
def test_the_command_line_statements_add_up_to_the_plan(campaign_plan, tmp_path):
    out = tmp_path / "statements"
    assert (
        cli.main(
            [
                "statements",
                str(campaign_plan),
                "--roster",
                str(ROSTER),
                "--fleet",
                str(CAMPAIGN / "fleet_costs.csv"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    plan = read_plan(campaign_plan)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    km = round(sum(t.distance_km for t in plan.trips), 1)
    cost = round(sum(800 + 6.5 * t.distance_km for t in plan.trips), 2)
    assert summary["distance_km"] == km and summary["coaches"] == len(plan.trips)
    assert summary["cost_yuan"] == pytest.approx(cost, abs=0.01 * len(plan.trips))
    assert round(sum(e["cost_yuan"] for e in summary["employers"]), 2) == summary["cost_yuan"]
    assert sum(e["workers"] for e in summary["employers"]) == plan.summary.assigned
    assert sum(summary["by_prefecture"].values()) == plan.summary.assigned
    assert "未识别" not in summary["by_prefecture"]
    assert sum(d["workers"] for d in summary["by_day"]) == plan.summary.assigned
    assert summary["boarded"] == plan.summary.assigned  # no check-in file: all planned
    with open(ROSTER, "rb") as f:
        contacts = read_contacts(f)
    workbooks = sorted(out.glob("结算单-*.xlsx"))
    assert len(workbooks) == len(summary["employers"]) == len(sorted(out.glob("结算单-*.pdf")))
    claimed, shares = [], 0.0
    for path in workbooks:
        book = load_workbook(path)
        trips = list(book["费用结算"].iter_rows(min_row=5, values_only=True))
        shares += trips[-1][8]
        claims = list(book["核酸检测报销"].iter_rows(min_row=2, values_only=True))[:-1]
        claimed += [c[1] for c in claims]
        assert all(c[4] == 100 for c in claims)
    assert round(shares, 2) == summary["cost_yuan"]
    assert sorted(claimed) == sorted(contacts[r].name for r in plan.assigned_rows)


@pytest.mark.slow
def test_a_check_in_file_limits_the_claims(campaign_plan, tmp_path):
    plan = read_plan(campaign_plan)
    trip = plan.trips[0]
    rows = [r for s in trip.pickups for r in s.board]
    checkins = tmp_path / "checkins.csv"
    checkins.write_text(
        "车次,编号,状态\n"
        + "".join(f"{trip.id},{r},boarded\n" for r in rows[:2])
        + f"{trip.id},{rows[-1]},no_show\n",
        encoding="utf-8",
    )
    out = tmp_path / "st"
    assert (
        cli.main(
            [
                "statements",
                str(campaign_plan),
                "--roster",
                str(ROSTER),
                "--checkins",
                str(checkins),
                "--test-fee",
                "120",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["boarded"] == 2
    assert sum(e["claim_yuan"] for e in summary["employers"]) == 240


def nine_employers(folder):
    """Nine employers' statements written, so the font is cut down once (from 8 on); the
    ninth employer's PDF."""
    stops = [Stop("depot", DEPOT, T0)]
    contacts = {k + 1: Contact(f"堃{k}", "1", "郸城县", f"第{k}号堃垚公司") for k in range(9)}
    riders = tuple(contacts)
    stops += [
        Stop("pickup", A, minutes(100), board=riders),
        Stop("dropoff", SITE_X, minutes(250), alight=riders),
    ]
    plan = Plan((Trip("T001", "大巴", 45, 45, tuple(stops), 250.0, 250.0),), ())
    from documents.statement_files import SUBSET_FROM, write_statements

    statements = build_statements(plan, contacts, {})
    assert len(statements.employers) >= SUBSET_FROM
    written = write_statements(statements, folder)
    return next(p for p in written if p.name.startswith("结算单-009"))


@pytest.mark.slow
def test_many_statements_share_one_cut_down_font_that_still_has_every_character(tmp_path):
    text = re.sub(
        r"[\s\x00]+",
        "",
        "".join(page.extract_text() for page in PdfReader(nine_employers(tmp_path)).pages),
    )
    assert "第8号堃垚公司" in text and "核酸检测费用报销名单" in text and "堃8" in text


@pytest.mark.slow
def test_the_embedded_cut_down_font_boxes_every_glyph_it_holds(tmp_path):
    """Its bounds are not recomputed per file (documents/fonts.py): the box stays valid."""
    reader = PdfReader(nine_employers(tmp_path))
    font = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    fonts = cffLib.CFFFontSet()
    fonts.decompile(io.BytesIO(descriptor["/FontFile3"].get_object().get_data()), None)
    top = fonts[fonts.fontNames[0]]
    left, bottom, right, upper = top.FontBBox
    glyphs = [top.CharStrings[name].calcBounds(top.CharStrings) for name in top.charset]
    drawn = [box for box in glyphs if box is not None]
    assert len(drawn) > 20  # the labels' and the names' characters
    assert all(
        left <= x0 and bottom <= y0 and x1 <= right and y1 <= upper for x0, y0, x1, y1 in drawn
    )


def test_a_fleet_file_that_does_not_price_the_plans_coaches_is_refused(campaign_plan, tmp_path):
    other = tmp_path / "fleet.csv"
    other.write_text("type,seats,cost_per_km\n中巴,33,5\n", encoding="utf-8")
    assert (
        cli.main(
            [
                "statements",
                str(campaign_plan),
                "--roster",
                str(ROSTER),
                "--fleet",
                str(other),
                "--out",
                str(tmp_path / "st"),
            ]
        )
        == 2
    )
