import csv
import dataclasses
import datetime as dt
import io

from documents.notices import (
    SEGMENT,
    NoticeSettings,
    build_notices,
    cancellations,
    notices_csv,
    short_employer,
    to_tell_again,
)
from documents.roster import Contact, read_contacts
from routing import cli
from routing.model import Place, Plan, Stop, Trip
from routing.planfile import read_plan
from tests.documents.conftest import ROSTER

DEPOT = Place("郑州高新区", 34.812, 113.56)
DANCHENG = Place("河南省周口市郸城县", 33.645, 115.177)
SITE = Place("郑州宇辉电子技术有限公司", 34.77, 113.53)
CONTACTS = {
    1: Contact("张伟", "13800138001", "郸城县", "郑州宇辉电子技术有限公司"),
    2: Contact("李娜", "13800138002", "郸城县", "郑州宇辉电子技术有限公司"),
}


def one_trip(time: dt.datetime, rows=(1, 2), trip_id="T001") -> Plan:
    stops = (
        Stop("depot", DEPOT, time - dt.timedelta(hours=3)),
        Stop("pickup", DANCHENG, time, board=rows),
        Stop("dropoff", SITE, time + dt.timedelta(hours=3), alight=rows),
    )
    return Plan((Trip(trip_id, "45座大巴", 45, 45, stops, 400.0, 360.0),), ())


def read_back(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_a_notice_names_date_time_pickup_employer_what_to_bring_and_whom_to_call():
    settings = NoticeSettings(
        coordinator_phone="0371-67891234", pickup_addresses={"河南省周口市郸城县": "郸城汽车站"}
    )
    [first, _] = build_notices(one_trip(dt.datetime(2020, 2, 21, 9, 5)), CONTACTS, settings)
    assert first.text == (
        "张伟：2月21日9:05前到周口市郸城县（郸城汽车站）上T001次返岗专车，"
        "去宇辉电子。请带身份证、口罩。联系0371-67891234"
    )
    assert len(first.text) <= SEGMENT and not first.too_long  # the province went to fit


def test_a_long_notice_is_shortened_and_what_stays_long_is_flagged():
    wordy = {
        1: Contact(
            "欧阳娜娜", "1", "x", "郑州市高新区某某某某某某某某某某某某某某某某智能装备制造有限公司"
        )
    }
    settings = NoticeSettings(
        bring="身份证、口罩、健康码截图、返岗证明、近七日行程卡", coordinator_phone="0371-67891234"
    )
    [notice] = build_notices(one_trip(dt.datetime(2020, 2, 21, 9, 5), rows=(1,)), wordy, settings)
    assert notice.too_long  # reported, never cut: the facts stay
    assert "2月21日9:05" in notice.text and "T001" in notice.text
    assert not notice.text.startswith("欧阳娜娜")  # the greeting went first
    assert short_employer("郑州中原智芯股份有限公司") == "中原智芯"


def test_changed_and_new_workers_are_told_again_and_dropped_ones_get_a_cancellation():
    before = build_notices(one_trip(dt.datetime(2020, 2, 21, 9, 5), rows=(1,)), CONTACTS)
    after = build_notices(one_trip(dt.datetime(2020, 2, 22, 9, 5), rows=(2,)), CONTACTS)
    assert to_tell_again(before, after) == {2}
    [gone] = cancellations(before, after)
    assert gone.row == 1 and gone.trip == "" and "已取消" in gone.text
    same = build_notices(one_trip(dt.datetime(2020, 2, 21, 9, 5), rows=(1,)), CONTACTS)
    assert to_tell_again(before, same) == set()
    rows = list(csv.reader(io.StringIO(notices_csv([*after, gone], again={1, 2}))))
    assert rows[0] == ["手机号", "姓名", "车次", "短信内容", "需重新通知"]
    assert [r[-1] for r in rows[1:]] == ["是", "是"]


def test_a_name_a_spreadsheet_would_run_stays_text():
    evil = {1: dataclasses.replace(CONTACTS[1], name="=HYPERLINK(1)")}
    text = notices_csv(build_notices(one_trip(dt.datetime(2020, 2, 21, 9), rows=(1,)), evil))
    assert "'=HYPERLINK(1)" in text


def test_the_command_line_writes_one_notice_per_planned_worker(campaign_plan, tmp_path):
    out = tmp_path / "notices.csv"
    assert (
        cli.main(
            [
                "notices",
                str(campaign_plan),
                "--roster",
                str(ROSTER),
                "--out",
                str(out),
                "--coordinator-phone",
                "0371-67891234",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_back(out)
    assert list(rows[0]) == ["手机号", "姓名", "车次", "短信内容"]
    plan = read_plan(campaign_plan)
    with open(ROSTER, "rb") as f:
        contacts = read_contacts(f)
    assert sorted(r["手机号"] for r in rows) == sorted(
        contacts[row].phone for row in plan.assigned_rows
    )
    assert len(rows) == plan.summary.assigned == 60
    trip_of = {row: t for t in plan.trips for s in t.stops for row in s.board}
    by_phone = {c.phone: row for row, c in contacts.items()}
    for record in rows:
        trip = trip_of[by_phone[record["手机号"]]]
        pickup = next(s for s in trip.pickups if by_phone[record["手机号"]] in s.board)
        assert record["车次"] == trip.id
        assert f"{pickup.time.month}月{pickup.time.day}日" in record["短信内容"]
        assert f"{pickup.time.hour}:{pickup.time.minute:02d}" in record["短信内容"]
        assert pickup.place.name.removeprefix("河南省").removeprefix("山东省") in record["短信内容"]
        assert len(record["短信内容"]) <= SEGMENT


def test_the_command_line_marks_who_must_be_told_again(campaign_plan, tmp_path):
    plan = read_plan(campaign_plan)
    moved = dataclasses.replace(plan, trips=(_later(plan.trips[0]), *plan.trips[1:]))
    from routing.planfile import write_plan

    write_plan(moved, tmp_path / "new")
    out = tmp_path / "again.csv"
    assert (
        cli.main(
            [
                "notices",
                str(tmp_path / "new" / "plan.json"),
                "--roster",
                str(ROSTER),
                "--previous",
                str(campaign_plan),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = read_back(out)
    again = [r for r in rows if r["需重新通知"] == "是"]
    assert {r["车次"] for r in again} == {plan.trips[0].id}
    assert len(again) == plan.trips[0].passengers


def _later(trip: Trip) -> Trip:
    return dataclasses.replace(
        trip,
        stops=tuple(
            dataclasses.replace(s, time=s.time + dt.timedelta(hours=1)) for s in trip.stops
        ),
    )
