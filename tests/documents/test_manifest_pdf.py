"""The printed manifest read back with pypdf: every passenger, the totals, pages, fonts, the QR."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents.manifest import ManifestError, build_manifests, read_people
from documents.manifest_pdf import manifest_pdf, paginate
from routing.model import Place, Plan, PlanParams, Stop, Trip
from routing.planfile import read_plan

DATA = Path(__file__).resolve().parent.parent / "data" / "manifests"


@pytest.fixture(scope="module")
def people():
    """Fifty-two synthetic workers; rows 50-52 hold text a spreadsheet would take for formulas."""
    with (DATA / "roster.csv").open("rb") as f:
        return read_people(f)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text without spaces. pypdf reads fpdf2's CID text with a NUL before each
    character (poppler's pdftotext does not); both go."""
    return [
        re.sub(r"[\s\x00]+", "", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def test_every_passenger_and_the_totals_are_printed(people):
    plan = read_plan(DATA / "plan_full.json")
    manifests = build_manifests(plan, people)
    texts = page_texts(manifest_pdf(manifests))
    assert len(texts) == 2  # each trip on its own single page
    for manifest, text in zip(manifests, texts, strict=True):
        assert f"车次{manifest.trip.id}" in text
        for p in manifest.passengers:
            name = p.person.name if len(p.person.name) < 10 else p.person.name[:4]
            assert f"{p.seat}{name}" in text
            assert f"{p.person.id_number}{p.person.phone}" in text
        assert f"合计：应到{manifest.trip.passengers}人" in text
        assert "第1页/共1页" in text
    first = texts[0]
    assert "（河南省周口市郸城县19人，河南省周口市沈丘县3人，山东省菏泽市曹县23人）" in first
    for stop in manifests[0].trip.dropoffs:
        assert f"{stop.place.name}（{len(stop.alight)}人）接收签字" in first
    assert "带队人签字" in first and "驾驶员签字" in first


def test_the_header_and_route_are_printed(people):
    plan = read_plan(DATA / "plan_full.json")
    text = page_texts(manifest_pdf(build_manifests(plan, people, trips=["T001"])))[0]
    assert "发车：2020年2月20日06:00从郑州高新区" in text
    assert "车辆：45座大巴（45座）限载45人（载客率100%）本车45人" in text
    assert "上车点108:09河南省周口市郸城县19人" in text
    assert "下车点312:35郑州海纳精工科技有限公司21人" in text
    assert (
        "服务单位：郑州华晟光电科技有限公司、郑州中原智芯股份有限公司、郑州海纳精工科技有限公司"
        in text
    )


def test_masked_manifests_print_no_full_id_or_phone(people):
    plan = read_plan(DATA / "plan_full.json")
    manifest = build_manifests(plan, people, trips=["T002"], masked=True)[0]
    text = page_texts(manifest_pdf([manifest]))[0]
    for p in manifest.passengers:
        assert p.person.id_number not in text and p.person.phone not in text
        assert manifest.id_text(p.person) + manifest.phone_text(p.person) in text
    assert "证件号和手机号已脱敏" in text


def test_every_font_in_the_pdf_is_embedded(people):
    plan = read_plan(DATA / "plan_full.json")
    reader = PdfReader(io.BytesIO(manifest_pdf(build_manifests(plan, people))))
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        described = [d.get_object() for d in font.get("/DescendantFonts", [font])]
        for part in described:
            descriptor = part["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def long_trip(people_rows: list[int]) -> Plan:
    """A 53-seater with five pickups: more lines than one page holds."""
    depot = Place("郑州高新区", 34.81, 113.56)
    moment = dt.datetime(2020, 2, 20, 6, 0)
    chunks = [people_rows[i::5] for i in range(5)]
    stops = [Stop("depot", depot, moment)]
    stops += [
        Stop(
            "pickup",
            Place(f"上车点{i}", 33.0 + i / 10, 115.0),
            moment + dt.timedelta(hours=i + 1),
            board=tuple(chunk),
        )
        for i, chunk in enumerate(chunks)
    ]
    stops += [
        Stop(
            "dropoff",
            Place("郑州某厂", 34.8, 113.5),
            moment + dt.timedelta(hours=8),
            alight=tuple(people_rows),
        )
    ]
    trip = Trip("T009", "53座大巴", 53, 53, tuple(stops), 300.0, 480.0)
    return Plan((trip,), (), PlanParams(load_factor=1.0))


def test_a_trip_longer_than_a_page_continues_with_page_numbers_of_the_trip(people):
    plan = long_trip(list(range(1, 53)))
    manifest = build_manifests(plan, people)[0]
    pages = paginate(manifest)
    assert len(pages) == 2
    texts = page_texts(manifest_pdf([manifest]))
    assert "第1页/共2页" in texts[0] and "第2页/共2页" in texts[1]
    assert "（续）车次T009" in texts[1]
    assert "上车点5：上车点4" in texts[0] and "上车点5：上车点411:00共10人（续）" in texts[1]
    assert "合计：应到52人" in texts[1] and "合计" not in texts[0]
    joined = "".join(texts)
    for p in manifest.passengers:
        assert f"{p.person.id_number}{p.person.phone}" in joined
    for page in pages:  # a pickup's title never stands alone at the foot of a page
        assert page.lines[-1][0] == "passenger"


def test_nothing_to_print_is_an_error():
    with pytest.raises(ManifestError, match="no trips"):
        manifest_pdf([])
