"""Hiring needs as the needs page shows them: form values -> `recruitment.needs.HiringNeed`, needs
as tables (contacts masked unless the viewer entered them), and the comparison with postings.

No Streamlit here: the page calls these and shows what they return.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from intake import check_phone, mask_name, mask_phone
from recruitment.needs import HiringNeed, NeedsComparison, per_need

SKILL_SEPARATORS = re.compile(r"[,，、;；\n]+")
NEED_COLUMNS = {
    "id": "编号 No.",
    "employer": "用人单位 Employer",
    "position": "岗位 Position",
    "headcount": "人数 Headcount",
    "salary_min": "月薪下限 Pay from",
    "salary_max": "月薪上限 Pay to",
    "education": "学历 Education",
    "skills": "技能 Skills",
    "start_date": "到岗日期 Start",
    "contact_person": "联系人 Contact",
    "contact_phone": "联系电话 Phone",
}


def parse_skills(text: str) -> tuple[str, ...]:
    """`"焊接, 叉车证；SMT"` -> `("焊接", "叉车证", "SMT")`: split on commas, 、 and semicolons."""
    return tuple(part.strip() for part in SKILL_SEPARATORS.split(text or "") if part.strip())


def need_from_form(
    employer: str,
    *,
    position: str,
    headcount: int | None,
    contact_person: str,
    contact_phone: str,
    salary_min: float | None = None,
    salary_max: float | None = None,
    education: str | None = None,
    skills: str = "",
    start_date: dt.date | None = None,
    need_id: int | None = None,
) -> HiringNeed:
    """A checked need from what the form holds; raises `ValueError` saying what is wrong (the
    phone's reason never repeats the number)."""
    return HiringNeed(
        employer=employer,
        position=(position or "").strip(),
        headcount=int(headcount) if headcount is not None else 0,
        contact_person=(contact_person or "").strip(),
        contact_phone=check_phone(contact_phone or ""),
        salary_min=None if salary_min is None else int(salary_min),
        salary_max=None if salary_max is None else int(salary_max),
        education=education or None,
        skills=parse_skills(skills),
        start_date=start_date,
        id=need_id,
    )


def needs_table(
    needs: Sequence[HiringNeed], *, reveal_contacts: bool, with_employer: bool = True
) -> pd.DataFrame:
    """One row per need, Chinese/English headers; contacts masked unless `reveal_contacts`;
    without the employer column for an employer looking at its own needs."""
    rows = [
        {
            "id": need.id,
            "employer": need.employer,
            "position": need.position,
            "headcount": need.headcount,
            "salary_min": need.salary_min,
            "salary_max": need.salary_max,
            "education": need.education or "",
            "skills": "、".join(need.skills),
            "start_date": need.start_date,
            "contact_person": need.contact_person
            if reveal_contacts
            else mask_name(need.contact_person),
            "contact_phone": need.contact_phone
            if reveal_contacts
            else mask_phone(need.contact_phone),
        }
        for need in needs
    ]
    frame = pd.DataFrame(rows, columns=list(NEED_COLUMNS))
    if not with_employer:
        frame = frame.drop(columns="employer")
    return frame.astype({"salary_min": "Int64", "salary_max": "Int64"}).rename(columns=NEED_COLUMNS)


def needs_against_postings(
    needs: Sequence[HiringNeed], comparison: NeedsComparison, positions: pd.DataFrame
) -> pd.DataFrame:
    """Per need: how many published positions match it and their known openings
    (`recruitment.needs.per_need`), with a status, for the page."""
    table = per_need(needs, comparison, positions)
    table["status"] = [
        "已发布 Posted" if n else "尚无招聘信息 No posting yet" for n in table["positions"]
    ]
    return table.rename(
        columns={
            **NEED_COLUMNS,
            "positions": "匹配岗位 Matching positions",
            "openings": "已发布人数 Openings posted",
            "status": "状态 Status",
        }
    )


def matched_positions(comparison: NeedsComparison, positions: pd.DataFrame) -> pd.DataFrame:
    """The matching pairs with the position's employer, title, district, openings and boards."""
    columns = ["position_id", "employer", "title", "district", "openings", "boards"]
    pairs = comparison.matches.merge(positions[columns], on="position_id", how="left")
    return pairs.assign(score=pairs["score"].round(1))[["need_id", "score", *columns[1:]]].rename(
        columns={
            "need_id": NEED_COLUMNS["id"],
            "score": "相似度 Similarity",
            "employer": "用人单位 Employer",
            "title": "职位 Title",
            "district": "区域 District",
            "openings": "招聘人数 Openings",
            "boards": "招聘平台 Boards",
        }
    )


def employers_without_needs(comparison: NeedsComparison) -> pd.DataFrame:
    """Employers that publish positions but registered no need: positions and known openings."""
    unregistered = comparison.positions_without_need[
        ~comparison.positions_without_need["employer_registered"]
    ]
    table = (
        unregistered.groupby("employer_key", observed=True)
        .agg(
            employer=("employer", "first"),
            positions=("position_id", "size"),
            openings=("openings", "sum"),
        )
        .sort_values(["positions", "openings"], ascending=False)
        .reset_index(drop=True)
    )
    return table.astype({"employer": "str", "openings": "int64"}).rename(
        columns={
            "employer": "用人单位 Employer",
            "positions": "岗位数 Positions",
            "openings": "招聘人数 Openings",
        }
    )


def other_positions_of_registered(comparison: NeedsComparison) -> pd.DataFrame:
    """Positions of employers that registered needs, which none of their needs matches."""
    rest = comparison.positions_without_need[
        comparison.positions_without_need["employer_registered"]
    ]
    return rest[["employer", "title", "district", "openings", "boards"]].rename(
        columns={
            "employer": "用人单位 Employer",
            "title": "职位 Title",
            "district": "区域 District",
            "openings": "招聘人数 Openings",
            "boards": "招聘平台 Boards",
        }
    )
