"""Notices to workers: one short Chinese SMS per planned worker, as a CSV for a bulk-SMS platform.

    张伟：2月21日9:40前到河南省周口市郸城县（县汽车站）上T012次返岗专车，去宇辉电子。请带身份证、口罩。联系0371-1234567

The text names the date, the time the coach calls (its arrival at the pickup), the pickup point
(and its meeting address when a pickup file gives one), the employer, what to bring and the
coordinator's phone. One SMS segment holds 70 Chinese characters: a longer text is shortened step
by step (the employer's short name, the pickup without its province, no greeting name) and
whatever is still longer is flagged, not cut.

Compared with the notices of an earlier plan, a worker whose text changed (another trip, time,
pickup) or who is new must be told again; a worker who is no longer on any coach gets a
cancellation notice. The CSV columns are 手机号, 姓名, 车次, 短信内容, then 需重新通知 (是/否) when
an earlier plan is given.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from documents.roster import Contact
from intake.exports import neutralise
from routing.model import Plan, Stop, Trip

SEGMENT = 70  # characters in one SMS of Chinese text (UCS-2)
COLUMNS = ("手机号", "姓名", "车次", "短信内容")
AGAIN_COLUMN = "需重新通知"
COMPANY_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)$")
CITY_PREFIX = re.compile(r"^(河南省)?郑州(市)?(高新区|高新技术产业开发区)?")
TRADE_WORDS = re.compile(r"(科技|技术|股份)$")
PROVINCE_PREFIX = re.compile(r"^.{2,8}?(省|自治区)")


@dataclass(frozen=True)
class NoticeSettings:
    bring: str = "身份证、口罩"
    coordinator_phone: str = ""
    pickup_addresses: Mapping[str, str] | None = None  # pickup point name -> meeting address


@dataclass(frozen=True)
class Notice:
    row: int
    phone: str
    name: str
    trip: str
    text: str

    @property
    def too_long(self) -> bool:
        return len(self.text) > SEGMENT


def build_notices(
    plan: Plan, contacts: Mapping[int, Contact], settings: NoticeSettings = NoticeSettings()
) -> list[Notice]:
    """One notice per planned worker, in trip order then boarding order."""
    notices = []
    for trip in plan.trips:
        dropoff_of = {row: stop for stop in trip.dropoffs for row in stop.alight}
        for stop in trip.pickups:
            for row in stop.board:
                contact = contacts.get(row)
                if contact is None:
                    raise ValueError(
                        f"计划中的第 {row} 行不在名单中 row {row} of the plan is not in the roster"
                    )
                text = _text(contact, trip, stop, dropoff_of[row], settings)
                notices.append(Notice(row, contact.phone, contact.name, trip.id, text))
    return notices


def _text(
    contact: Contact, trip: Trip, pickup: Stop, dropoff: Stop, settings: NoticeSettings
) -> str:
    employer = contact.employer or dropoff.place.name
    variants = [
        (True, pickup.place.name, employer),
        (True, pickup.place.name, short_employer(employer)),
        (True, PROVINCE_PREFIX.sub("", pickup.place.name), short_employer(employer)),
        (False, PROVINCE_PREFIX.sub("", pickup.place.name), short_employer(employer)),
    ]
    text = ""
    for greet, where, whom in variants:
        text = _compose(contact.name if greet else "", trip, pickup, where, whom, settings)
        if len(text) <= SEGMENT:
            break
    return text


def _compose(
    name: str, trip: Trip, pickup: Stop, where: str, employer: str, settings: NoticeSettings
) -> str:
    moment = pickup.time
    address = (settings.pickup_addresses or {}).get(pickup.place.name, "")
    place = f"{where}（{address}）" if address and address != where else where
    text = (f"{name}：" if name else "") + (
        f"{moment.month}月{moment.day}日{moment.hour}:{moment.minute:02d}前到{place}"
        f"上{trip.id}次返岗专车，去{employer}。"
    )
    if settings.bring:
        text += f"请带{settings.bring}。"
    if settings.coordinator_phone:
        text += f"联系{settings.coordinator_phone}"
    return text


def short_employer(name: str) -> str:
    """`郑州宇辉电子技术有限公司` -> `宇辉电子`: what a worker calls the company."""
    short = COMPANY_SUFFIX.sub("", CITY_PREFIX.sub("", name))
    short = TRADE_WORDS.sub("", short)
    return short or name


def cancellations(
    previous: Iterable[Notice],
    current: Iterable[Notice],
    settings: NoticeSettings = NoticeSettings(),
) -> list[Notice]:
    """Workers told about a coach in the earlier plan who are on none now."""
    riding = {n.row for n in current}
    gone = []
    for notice in previous:
        if notice.row in riding:
            continue
        text = f"{notice.name}：原定{notice.trip}次返岗专车已取消，新的安排另行通知。" + (
            f"联系{settings.coordinator_phone}" if settings.coordinator_phone else ""
        )
        gone.append(Notice(notice.row, notice.phone, notice.name, "", text))
    return gone


def to_tell_again(previous: Iterable[Notice], current: Iterable[Notice]) -> set[int]:
    """Rows whose notice is new or differs from the earlier plan's."""
    before = {n.row: n.text for n in previous}
    return {n.row for n in current if before.get(n.row) != n.text}


def notices_csv(notices: Iterable[Notice], *, again: set[int] | None = None) -> str:
    """The bulk-SMS file (write it as UTF-8 with BOM). With `again`, a fifth column says who must
    be told again (是) and who already knows (否)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, AGAIN_COLUMN] if again is not None else COLUMNS)
    for notice in notices:
        cells = [notice.phone, notice.name, notice.trip, notice.text]
        if again is not None:
            cells.append("是" if notice.row in again else "否")
        writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()
