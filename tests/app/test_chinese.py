"""Chinese everywhere a user reads: every page in every role, with the sample data, a published plan
and a draft, and with bad uploads; and the message catalogues (the errors and reasons the app
shows). A sentence with English words and no Chinese fails; English may follow Chinese, as in the
labels (`座位数 Seats`). Streamlit's own text is checked where the app can set it: every selectbox
and multiselect names its placeholder (else the browser shows "Choose an option").
"""

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from intake import InputError, check_id_number, check_name, check_phone
from store import StoreError, checkins
from tests.app.page_text import displayed

ROOT = Path(__file__).resolve().parents[2]
BROKEN = sorted((ROOT / "tests" / "data" / "broken").glob("*.*"))
BROKEN = [path for path in BROKEN if path.suffix in (".csv", ".xlsx")]
BAD_ROSTERS = [
    ROOT / "tests" / "data" / "rosters" / name
    for name in ("roster_bad_rows.csv", "roster_missing_origin.csv", "fleet_bad.csv")
]

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"(?<!\w)[A-Za-z]{2,}(?!\w)")  # `id_number`, `T005` are tags, not words
SENTENCE_END = re.compile(r"[\n：]")  # `中文。 English.` is a translation; `中文：English` is not
FILE_NAME = re.compile(r"\S+\.(?:csv|xlsx|txt|pdf|json)\b", re.IGNORECASE)
TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "error",
    "warning",
    "success",
    "info",
    "toast",
)
LABELLED = (
    "button",
    "checkbox",
    "selectbox",
    "multiselect",
    "radio",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
    "file_uploader",
    "tabs",
    "expander",
    "metric",
    "toggle",
    "slider",
    "select_slider",
    "download_button",
    "page_link",
)

ROLES = {
    "admin": [
        "overview",
        "workers",
        "dispatch",
        "manifests",
        "boarding",
        "postings",
        "needs",
        "accounts",
    ],
    "planner": ["overview", "workers", "dispatch", "manifests", "boarding", "postings", "needs"],
    "yuhui": ["overview", "workers", "needs"],
    "coordinator": ["overview", "manifests", "boarding"],
}


def english_only(text: str) -> list[str]:
    """The sentences of `text` that have two or more English words and no Chinese character."""
    return [
        piece.strip()
        for piece in SENTENCE_END.split(displayed(text))
        if len(WORD.findall(FILE_NAME.sub("", piece))) >= 2 and not CJK.search(piece)
    ]


def test_the_detector_tells_english_only_sentences_from_bilingual_ones():
    assert english_only("Choose an option") == ["Choose an option"]
    assert english_only("规划失败：ready from 2020-02-25, after the departure") == [
        "ready from 2020-02-25, after the departure"
    ]
    assert english_only("座位数 Seats") == []
    assert english_only("手机号为空 phone number is empty") == []
    assert english_only("T005 · 45座大巴 · PDF") == []
    assert english_only("bad_rows.csv：第 3 行") == []


def _widget_texts(at) -> list[str]:
    found = []
    for kind in LABELLED:
        for widget in at.get(kind):
            proto = getattr(widget, "proto", None)
            for name in ("label", "help", "placeholder"):
                value = getattr(proto, name, "") if proto is not None else ""
                found.append(str(value or ""))
            found += [str(option) for option in getattr(proto, "options", []) or []]
    return found


def _table_texts(at) -> list[str]:
    found = []
    for frame in at.dataframe:
        table = frame.value
        found += [str(column) for column in table.columns]
        for column in table.columns:
            if not pd.api.types.is_numeric_dtype(table[column]):
                found += [str(value) for value in table[column].dropna().astype(str).unique()[:500]]
    return found


def page_texts(at) -> list[str]:
    """Everything a person reads on the page: texts, labels, help, placeholders, options and
    table headers and cells."""
    shown = [str(element.value) for kind in TEXT_ELEMENTS for element in at.get(kind)]
    return shown + _widget_texts(at) + _table_texts(at)


def unset_placeholders(at) -> list[str]:
    """Selectboxes and multiselects whose placeholder the browser would fill in English."""
    return [
        widget.proto.label
        for kind in ("selectbox", "multiselect")
        for widget in at.get(kind)
        if not CJK.search(widget.proto.placeholder or "")
    ]


def problems(at, catalogued: frozenset[str] = frozenset()) -> list[str]:
    """What is wrong on the page; `catalogued` sentences are checked by a catalogue test below
    (the planner's not-placed reasons, the roster readers' row reasons), not again here."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [
        sentence
        for text in page_texts(at)
        for sentence in english_only(text)
        if sentence not in catalogued
    ]
    found += [f"placeholder not set: {label}" for label in unset_placeholders(at)]
    return sorted(set(found))


def role_pages() -> list:
    return [
        pytest.param(user, page, id=f"{user}-{page}")
        for user, pages in ROLES.items()
        for page in pages
    ]


def not_placed_sentences(stored) -> frozenset[str]:
    return frozenset(s for u in stored.document["unassigned"] for s in english_only(u["reason"]))


@pytest.mark.slow
@pytest.mark.parametrize(("user", "page"), role_pages())
def test_no_page_shows_an_english_only_sentence(app_as, plan_and_draft, user, page):
    catalogued = not_placed_sentences(plan_and_draft)
    at = app_as(user, page)
    found = problems(at, catalogued)
    if page in ("manifests", "boarding"):  # one trip's page too, not only the first view
        at.query_params["trip"] = "T001"
        at.run()
        found += problems(at, catalogued)
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_bad_uploads_are_explained_in_chinese(app_as):
    at = app_as("yuhui", "workers")
    found = []
    for path in [*BROKEN, *BAD_ROSTERS]:
        mime = "text/csv" if path.suffix == ".csv" else "application/octet-stream"
        at.file_uploader(key="roster_upload_0").set_value((path.name, path.read_bytes(), mime))
        at.run()
        catalogued = frozenset(s for m in _roster_messages(path) for s in english_only(m))
        found += [f"{path.name}: {p}" for p in problems(at, catalogued)]
    assert not found, "\n".join(sorted(set(found)))


def _messages(action) -> str:
    try:
        action()
    except (ValueError, InputError, StoreError) as error:
        return str(error)
    raise AssertionError("the action was expected to fail")


def test_the_message_catalogues_are_in_chinese():
    """Errors the app shows from the modules beneath it, provoked one by one."""
    from documents.manifest import ManifestError, build_manifests
    from documents.seating import assign_seats

    now = dt.datetime.now(dt.UTC)
    messages = [
        _messages(lambda: check_id_number("")),
        _messages(lambda: check_id_number("12345")),
        _messages(lambda: check_id_number("41010519491231002X".replace("X", "Y"))),
        _messages(lambda: check_id_number("990105194912310021")),
        _messages(lambda: check_phone("")),
        _messages(lambda: check_phone("12")),
        _messages(lambda: check_phone("abc")),
        _messages(lambda: check_name(" ")),
        _messages(lambda: check_name("张\n三")),
        _messages(lambda: checkins.CheckIn("p", "T1", 1, "late", "me", now)),
        _messages(lambda: checkins.CheckIn("p", "T1", 1, "replaced", "me", now)),
        _messages(lambda: checkins.CheckIn("", "T1", 1, "boarded", "me", now)),
        _messages(lambda: checkins.CheckIn("p", "T1", 0, "boarded", "me", now)),
        _messages(lambda: assign_seats([1, 2, 3], seats=2, load_factor=1.0)),
        _messages(lambda: assign_seats([1, 1], seats=45, load_factor=1.0)),
    ]
    try:
        from routing.planfile import plan_from_dict

        plan = plan_from_dict(
            __import__("json").loads(
                (ROOT / "tests/data/manifests/plan_full.json").read_text(encoding="utf-8")
            )
        )
        build_manifests(plan, {}, trips=["T999"])
    except ManifestError as error:
        messages.append(str(error))
    for path in BROKEN:
        messages += _table_messages(path)
    assert sorted({s for m in messages for s in english_only(m)}) == []


def _table_messages(path: Path) -> list[str]:
    """What intake's table reader says about a broken file (any schema will do)."""
    from intake import Column, read_table

    schema = (Column("name", ("姓名", "name"), required=True), Column("phone", ("手机号",)))
    try:
        table = read_table(io.BytesIO(path.read_bytes()), schema, source=path.name)
    except InputError as error:
        return [str(error)]
    return [str(error) for error in table.errors]


def test_roster_row_reasons_are_in_chinese():
    messages = [m for path in [*BROKEN, *BAD_ROSTERS] for m in _roster_messages(path)]
    messages += _typed_messages()
    assert sorted({s for m in messages for s in english_only(m)}) == []


def _employers():
    from places import Gazetteer
    from routing.inputs import read_employers

    with (ROOT / "data" / "rosters" / "employers.csv").open("rb") as f:
        return read_employers(f, Gazetteer.default(), source="employers.csv")[0]


def _roster_messages(path: Path) -> list[str]:
    from places import Gazetteer
    from routing.inputs import read_roster

    try:
        roster = read_roster(
            io.BytesIO(path.read_bytes()),
            _employers(),
            Gazetteer.default(),
            depart=dt.datetime(2020, 2, 20, 6, 0),
            source=path.name,
        )
    except InputError as error:
        return [str(error)]
    return [str(error) for error in roster.errors]


def _typed_messages() -> list[str]:
    """Rows typed into the workers page, each wrong in one way."""
    from places import Gazetteer
    from routing.inputs import check_records

    good = {
        "name": "张三",
        "id_number": "41010519491231002X",
        "phone": "13800138000",
        "origin": "河南省周口市郸城县",
        "employer": "郑州宇辉电子技术有限公司",
    }
    wrong = [
        {"name": ""},
        {"origin": "火星村"},
        {"employer": "不存在公司"},
        {"ready_date": "2020-02-30"},
        {"lat": "999", "lon": "abc"},
        {"health": "?" * 30},
    ]
    records = [(number, {**good, **change}) for number, change in enumerate(wrong, start=1)]
    roster = check_records(records, _employers(), Gazetteer.default(), depart=None)
    return [str(error) for error in roster.errors]


def test_the_not_placed_reasons_are_in_chinese(plan_and_draft):
    reasons = {u["reason"] for u in plan_and_draft.document["unassigned"]}
    assert sorted({s for r in reasons for s in english_only(r)}) == []
