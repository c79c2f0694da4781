"""返岗需求 Returning workers: upload a roster or type rows, see what is wrong with them, store the
good ones. An employer sees and changes only its own workers.

One check: the report before saving already holds what saving would refuse (an ID number another
employer registered, another employer named), because it runs the save's own code and rolls back.
After a save the form is cleared, so a second click has nothing to register again."""

import io
from collections import Counter

import pandas as pd
import streamlit as st

from app import context
from app.views import maps, transport
from intake import InputError
from places import Gazetteer
from routing.inputs import ROSTER_SCHEMA, Roster, check_records, read_roster
from store import workers

current = context.require("admin", "planner", "employer")
engine = context.engine()
scope = context.employer_scope(current)
employers = transport.employers_by_key(engine)
EDITABLE = [column.name for column in ROSTER_SCHEMA]


def checked(roster: Roster) -> tuple[list, list[tuple[int, str]]]:
    """The rows saving would store, and those it would refuse (row, reason), before saving."""
    refused = list(workers.check_registration(engine, roster.workers, employer=scope).refused)
    rows = {row for row, _ in refused}
    return [w for w in roster.workers if w.row not in rows], refused


def report(roster: Roster, refused: list[tuple[int, str]]) -> None:
    """The validation report beside the data: row, field, reason; what saving would refuse too."""
    good = len(roster.workers) - len(refused)
    st.write(
        f"可保存 valid: **{good}** · 有问题 rejected: **{len(roster.rejected) + len(refused)}**"
    )
    problems = [
        {"行 row": e.row, "字段 field": e.field, "原因 reason": e.reason} for e in roster.errors
    ]
    problems += [
        {"行 row": row, "字段 field": "", "原因 reason": reason} for row, reason in refused
    ]
    if problems:
        st.dataframe(pd.DataFrame(problems), hide_index=True, key="report")
    if roster.warnings:  # loaded, but placed only at a city: worth a look before planning
        st.warning(f"{len(roster.warnings)} 行出发地只认出到地级市 origins placed only at a city")
        st.dataframe(
            pd.DataFrame(
                [
                    {"行 row": w.row, "字段 field": w.field, "提醒 warning": w.reason}
                    for w in roster.warnings
                ]
            ),
            hide_index=True,
            key="warnings",
        )


def save(found: list, source: str) -> None:
    """Store the rows, then clear the form (a new widget key) and say what was done."""
    result = workers.register_workers(engine, found, by=current.username, employer=scope)
    context.log(
        "register_workers",
        source,
        added=len(result.added),
        updated=len(result.updated),
        unchanged=len(result.unchanged),
        refused=len(result.refused),
    )
    st.session_state["workers_saved"] = (
        f"新增 added {len(result.added)} · 更新 updated {len(result.updated)} · "
        f"未变 unchanged {len(result.unchanged)}",
        list(result.refused),
    )
    st.session_state["workers_round"] = st.session_state.get("workers_round", 0) + 1
    st.rerun()


def last_save() -> None:
    said = st.session_state.pop("workers_saved", None)
    if said:
        message, refused = said
        st.success(message)
        for row, reason in refused:  # another writer got there between check and save
            st.error(f"行 row {row}：{context.literal(reason)}")


st.header("返岗需求 Returning workers" + (f" · {context.literal(scope)}" if scope else ""))
last_save()
round_ = st.session_state.get("workers_round", 0)
upload_tab, type_tab = st.tabs(["上传名单 Upload a roster", "逐行填写 Type rows"])
with upload_tab:
    st.caption(
        "CSV 或 XLSX；UTF-8、GBK 均可；中英文表头。Columns: 姓名/name, 身份证号/id_number, "
        "手机号/phone, 出发地/origin, 用工单位/employer; optional 纬度/lat, 经度/lon, "
        "健康状态/health, 最早出发/ready_date."
    )
    upload = st.file_uploader(
        "名单文件 Roster file（CSV、XLSX）",
        type=["csv", "xlsx", "txt"],
        key=f"roster_upload_{round_}",
        help="拖放文件或点击选择；单个文件不超过 200MB",
    )
    if upload is not None:
        try:
            roster = context.parse_once(  # not again on every click
                "roster_upload",
                upload.getvalue(),
                lambda data: read_roster(
                    io.BytesIO(data),
                    employers,
                    Gazetteer.default(),
                    depart=None,
                    source=upload.name,
                ),
            )
        except InputError as error:
            st.error(context.literal(str(error)))
        else:
            good, refused = checked(roster)
            report(roster, refused)
            if good and st.button(
                f"保存 {len(good)} 名 Save valid rows", key=f"save_upload_{round_}"
            ):
                save(good, upload.name)
with type_tab:
    blank = pd.DataFrame([{name: "" for name in EDITABLE}] * 3)
    if scope:
        blank["employer"] = scope
    typed = st.data_editor(blank, num_rows="dynamic", key=f"typed_rows_{round_}", hide_index=True)
    if st.button("检查并保存 Check and save", key=f"save_typed_{round_}"):
        records = [
            (number, row)
            for number, row in enumerate(typed.fillna("").astype(str).to_dict("records"), start=1)
            if any(row.values())
        ]
        roster = check_records(records, employers, Gazetteer.default(), depart=None)
        good, refused = checked(roster)
        report(roster, refused)
        if good and not roster.rejected and not refused:
            save(good, "typed rows")
        elif good:
            st.warning("请先改正有问题的行，再保存。 Fix the rows with problems, then save.")

stored = workers.list_workers(engine, employer=scope)
st.subheader(f"已登记 Registered: {len(stored):,}")
if stored:
    table = transport.worker_table(stored)
    places = {w.origin.name: w.origin for w in stored}
    counts = Counter(w.origin.name for w in stored)
    left, right = st.columns(2)
    with left:
        mine = [e for e in workers.list_employers(engine).values() if scope in (None, e.name)]
        st.pydeck_chart(
            maps.origins_deck(
                [(places[name], n) for name, n in counts.items()], transport.depot(), mine
            ),
            key="origin_map",
        )
    with right:
        st.bar_chart(
            table.groupby("用工单位 employer").size().rename("人数 workers"), horizontal=True
        )
    shown = table.assign(删除=False)
    edited = st.data_editor(
        shown,
        hide_index=True,
        key="registered_editor",
        disabled=[c for c in shown.columns if c != "删除"],
    )
    doomed = edited.loc[edited["删除"], "编号 id"].tolist()
    if doomed and st.button(f"删除所选 {len(doomed)} 名 Delete selected", key="delete_selected"):
        for worker_id in doomed:
            workers.delete_worker(engine, int(worker_id), employer=scope)
        context.log("delete_workers", "", count=len(doomed))
        st.rerun()
