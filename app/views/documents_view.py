"""Notices and statements on 乘车名单: the workers' SMS texts (who must be told again since the
previous plan) and the cost statements with the nucleic-acid claims from the boarding marks.
The documents themselves are `documents.notices` and `documents.statements`."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from app import context
from app.views.campaign_view import boarded_rows
from documents.notices import (
    SEGMENT,
    NoticeSettings,
    build_notices,
    cancellations,
    notices_csv,
    to_tell_again,
)
from documents.roster import Contact
from documents.statement_files import write_statements
from documents.statements import (
    DEFAULT_TEST_FEE,
    SPLIT_RULES,
    UNKNOWN_PREFECTURE,
    build_statements,
    costs_from_plan,
    yuan,
)
from intake.identity import mask_phone
from places import Gazetteer, PlaceError
from routing.model import Plan
from routing.planfile import plan_from_dict
from store import plans, workers
from store.plans import StoredPlan


def contacts_of(engine: Engine, rows: set[int]) -> dict[int, Contact]:
    return {
        w.row: Contact(w.name, w.phone, w.origin.name, w.employer)
        for w in workers.list_workers(engine, ids=rows)
    }


def previous_plan(engine: Engine, stored: StoredPlan) -> Plan | None:
    """What workers were last told: the published plan under a newer draft, or the plan the
    published one replaced."""
    status = "published" if stored.status == "draft" else "superseded"
    earlier = plans.latest_plan(engine, status=status)
    return plan_from_dict(earlier.document) if earlier and earlier.id != stored.id else None


def notices_panel(engine: Engine, stored: StoredPlan, plan: Plan) -> None:
    st.subheader("短信通知 Notices to workers")
    columns = st.columns(2)
    phone = columns[0].text_input("联系电话 Coordinator's phone", key="notice_phone", max_chars=20)
    bring = columns[1].text_input(
        "携带物品 What to bring", NoticeSettings().bring, key="notice_bring", max_chars=30
    )
    settings = NoticeSettings(bring=bring, coordinator_phone=phone)
    earlier = previous_plan(engine, stored)
    rows = set(plan.assigned_rows) | (set(earlier.assigned_rows) if earlier else set())
    contacts = contacts_of(engine, rows)
    current = build_notices(plan, contacts, settings)
    again, gone = None, []
    if earlier is not None:
        before = build_notices(earlier, contacts, settings)
        gone = cancellations(before, current, settings)
        again = to_tell_again(before, current) | {n.row for n in gone}
    every = [*current, *gone]
    long = sum(n.too_long for n in every)
    st.caption(
        f"{len(current)} 条通知 notices"
        + (f"，{len(again)} 人需重新通知 to tell again" if again is not None else "")
        + (f"；{long} 条超过 {SEGMENT} 字 over one SMS" if long else "")
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "车次 trip": n.trip,
                    "姓名 name": n.name,
                    "手机号 phone": mask_phone(n.phone),
                    "短信内容 text": n.text,
                    "字数 chars": len(n.text),
                    **(
                        {"需重新通知 again": "是" if n.row in again else "否"}
                        if again is not None
                        else {}
                    ),
                }
                for n in every
            ]
        ),
        hide_index=True,
        key="notices_table",
    )

    def export() -> bytes:
        context.log("notices_exported", f"plan {stored.id}", notices=len(every))
        return notices_csv(every, again=again).encode("utf-8-sig")

    st.download_button(
        "下载短信 CSV Download notices",
        export,
        file_name="notices.csv",
        mime="text/csv",
        key="download_notices",
        on_click="ignore",
    )


def statements_panel(engine: Engine, stored: StoredPlan, plan: Plan) -> None:
    st.subheader("费用结算与核酸报销 Statements and test claims")
    columns = st.columns(2)
    rule = columns[0].radio(
        "分摊规则 Split",
        list(SPLIT_RULES),
        key="statement_rule",
        format_func=lambda r: "按人数 per head" if r == "head" else "按人公里 per seat-km",
        horizontal=True,
    )
    fee = columns[1].number_input(
        "核酸检测报销（元/人） Test fee", 0.0, 1000.0, DEFAULT_TEST_FEE, key="statement_fee"
    )
    boarded = boarded_rows(engine, plan)
    st.caption(
        f"报销名单按登车记录：已上车 {len(boarded)} 人 claims follow the boarding marks "
        "(boarded only); 费用按计划的每公里费用 cost per km as planned"
    )

    def export() -> bytes:
        statements = build_statements(
            plan,
            contacts_of(engine, set(plan.assigned_rows)),
            costs_from_plan(plan),
            rule=rule,
            test_fee=fee,
            boarded=boarded,
            prefecture_of=_prefecture,
        )
        context.log(
            "statements_exported",
            f"plan {stored.id}",
            employers=len(statements.employers),
            cost=yuan(statements.summary.cost_fen),
        )
        return _zipped(statements)

    st.download_button(
        "下载结算单 ZIP Download statements",
        export,
        file_name="statements.zip",
        mime="application/zip",
        key="download_statements",
        on_click="ignore",
    )


def _zipped(statements) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w") as archive:
        for path in write_statements(statements, Path(folder)):
            archive.write(path, path.name)
    return buffer.getvalue()


def _prefecture(origin: str) -> str:
    try:
        division = Gazetteer.default().resolve(origin)
    except PlaceError:
        return UNKNOWN_PREFECTURE
    return division.prefecture or division.name
