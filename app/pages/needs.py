"""用工需求 Hiring needs: an employer registers, edits and deletes its own needs; the bureau (admin,
planner) sees every need against the published postings. Both see, per employer, the workers
needed against those registered to return and those who boarded (`app.views.campaign_view`).

An employer account reaches only its own needs: every store call carries
`employer=context.employer_scope(account)`, so a need id typed or crafted from elsewhere is simply
not found. Contact details are shown in full only to the employer; the bureau sees them masked.
"""

from __future__ import annotations

import streamlit as st

from app import context
from app.views import campaign_view, postings_view, transport
from app.views import needs_view as view
from recruitment.needs import HiringNeed, compare_needs
from recruitment.normalize import EDUCATION_ORDER
from store import needs
from store.errors import NotFoundError, StoreError

NO_EDUCATION = "—"
EDUCATION_CHOICES = [NO_EDUCATION, *EDUCATION_ORDER]
FIELDS = (
    "position",
    "headcount",
    "salary_min",
    "salary_max",
    "education",
    "skills",
    "start_date",
    "contact_person",
    "contact_phone",
)


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault("needs_notice", []).append((kind, text))


def need_form(prefix: str, employer: str, existing: HiringNeed | None = None) -> HiringNeed | None:
    """The need's fields (widget keys `<prefix>_<field>`); the checked need when submitted and
    valid, None otherwise (errors are shown, nothing is stored)."""
    key = {name: f"{prefix}_{name}" for name in FIELDS}
    with st.form(f"{prefix}_form"):
        first, second, third = st.columns(3)
        position = first.text_input(
            "岗位 Position *",
            value=existing.position if existing else "",
            key=key["position"],
            max_chars=200,
        )
        headcount = second.number_input(
            "人数 Headcount *",
            min_value=0,
            step=1,
            value=existing.headcount if existing else 1,
            key=key["headcount"],
        )
        education = third.selectbox(
            "学历 Education",
            EDUCATION_CHOICES,
            key=key["education"],
            index=EDUCATION_CHOICES.index(existing.education)
            if existing and existing.education
            else 0,
            placeholder="请选择",
        )
        salary_min = first.number_input(
            "月薪下限 Pay from (元/月)",
            min_value=0,
            step=500,
            value=existing.salary_min if existing else None,
            key=key["salary_min"],
        )
        salary_max = second.number_input(
            "月薪上限 Pay to (元/月)",
            min_value=0,
            step=500,
            value=existing.salary_max if existing else None,
            key=key["salary_max"],
        )
        start_date = third.date_input(
            "到岗日期 Start date",
            value=existing.start_date if existing else None,
            key=key["start_date"],
        )
        skills = st.text_input(
            "技能 Skills (逗号分隔 comma-separated)",
            value="、".join(existing.skills) if existing else "",
            key=key["skills"],
        )
        first, second, _ = st.columns(3)
        person = first.text_input(
            "联系人 Contact person *",
            value=existing.contact_person if existing else "",
            key=key["contact_person"],
            max_chars=100,
        )
        phone = second.text_input(
            "联系电话 Contact phone *",
            value=existing.contact_phone if existing else "",
            key=key["contact_phone"],
            max_chars=20,
        )
        submitted = st.form_submit_button(
            "保存 Save" if existing else "登记 Register", key=f"{prefix}_submit", type="primary"
        )
    if not submitted:
        return None
    try:
        return view.need_from_form(
            employer,
            position=position,
            headcount=headcount,
            contact_person=person,
            contact_phone=phone,
            salary_min=salary_min,
            salary_max=salary_max,
            education=None if education == NO_EDUCATION else education,
            skills=skills,
            start_date=start_date,
            need_id=existing.id if existing else None,
        )
    except ValueError as error:
        st.error(f"未保存，请修改 Not saved, please correct: {context.literal(str(error))}")
        return None


def clear(prefix: str) -> None:
    for name in FIELDS:
        st.session_state.pop(f"{prefix}_{name}", None)


def employer_view(employer: str) -> None:
    engine = context.engine()
    own = needs.list_needs(engine, employer=employer)
    st.caption(f"企业 Employer: {context.literal(employer)}")
    campaign_view.staffing_section(engine, *transport.published_plan(engine), employer=employer)
    st.subheader("我的用工需求 My hiring needs")
    if own:
        st.dataframe(
            view.needs_table(own, reveal_contacts=True, with_employer=False),
            hide_index=True,
            key="needs_own_table",
        )
    else:
        st.info("尚未登记用工需求 No hiring need registered yet")

    st.subheader("登记新需求 Register a need")
    created = need_form("need_new", employer)
    if created is not None:
        try:
            stored = needs.add_need(engine, created)
        except StoreError as error:
            st.error(f"未保存 Not saved: {context.literal(str(error))}")
        else:
            context.log("need_create", f"need:{stored.id}", headcount=stored.headcount)
            flash(
                "success", f"已登记 Registered need #{stored.id} {context.literal(stored.position)}"
            )
            clear("need_new")
            st.rerun()

    if not own:
        return
    st.subheader("修改或删除 Edit or delete")
    labels = {need.id: f"#{need.id} {need.position} ({need.headcount}人)" for need in own}
    picked = st.selectbox(
        "需求 Need",
        list(labels),
        format_func=lambda i: labels.get(i, f"#{i}"),
        key="need_edit_pick",
        placeholder="请选择",
    )
    try:  # scoped: another employer's need id is not found, however it got here
        chosen = needs.get_need(engine, int(picked), employer=employer)
    except (NotFoundError, TypeError, ValueError):
        st.error("找不到该需求 No such need of yours")
        return
    prefix = f"need_edit_{chosen.id}"
    changed = need_form(prefix, employer, chosen)
    if changed is not None:
        try:
            needs.update_need(engine, changed, employer=employer)
        except StoreError as error:
            st.error(f"未保存 Not saved: {context.literal(str(error))}")
        else:
            context.log("need_update", f"need:{chosen.id}", headcount=changed.headcount)
            flash("success", f"已保存 Saved need #{chosen.id}")
            clear(prefix)
            st.rerun()
    sure = st.checkbox("确认删除此需求 I am sure: delete this need", key=f"{prefix}_sure")
    if st.button("删除 Delete", key="need_delete", disabled=not sure):
        try:
            needs.delete_need(engine, chosen.id, employer=employer)
        except StoreError as error:
            st.error(context.literal(str(error)))
            return
        context.log("need_delete", f"need:{chosen.id}")
        flash("success", f"已删除 Deleted need #{chosen.id}")
        clear(prefix)
        st.session_state.pop("need_edit_pick", None)
        st.rerun()


def bureau_view() -> None:
    engine = context.engine()
    registered = needs.list_needs(engine)
    postings = postings_view.load(engine)
    comparison = compare_needs(registered, postings.positions)
    unmatched = len(comparison.needs_without_posting)
    columns = st.columns(5)
    columns[0].metric("登记需求 Needs", f"{len(registered):,}")
    columns[1].metric("需求人数 Headcount", f"{sum(n.headcount for n in registered):,}")
    columns[2].metric("登记企业 Employers", f"{len({n.employer_key for n in registered}):,}")
    columns[3].metric(
        "尚无招聘 No posting",
        f"{unmatched:,}",
        help="尚无对应招聘信息的需求 Needs that no published position matches",
    )
    columns[4].metric(
        "无需求岗位 Unmatched",
        f"{len(comparison.positions_without_need):,}",
        help="没有对应登记需求的岗位 Published positions no registered need matches",
    )
    st.caption(
        f"对照 {len(postings.positions):,} 个去重后岗位 Compared with "
        f"{len(postings.positions):,} unique positions (招聘信息页的全部数据 all data of the "
        "recruitment page); 同一企业、岗位名称相近即视为匹配 a need matches a position of the "
        "same employer with a similar title"
    )

    campaign_view.staffing_section(engine, *transport.published_plan(engine))

    st.subheader("需求与招聘信息对照 Needs against postings")
    if not registered:
        st.info("尚无企业登记用工需求 No employer has registered a need yet")
    else:
        st.dataframe(
            view.needs_against_postings(registered, comparison, postings.positions),
            hide_index=True,
            key="needs_comparison",
        )
        st.markdown("**尚无招聘信息的需求 Needs with no posting yet**")
        if unmatched:
            st.dataframe(
                view.needs_table(comparison.needs_without_posting, reveal_contacts=False),
                hide_index=True,
                key="needs_without_posting",
            )
        else:
            st.success("每个需求都有对应的招聘信息 Every need has a posting")
        with st.expander(f"匹配的岗位 Matching positions ({len(comparison.matches):,})"):
            st.dataframe(
                view.matched_positions(comparison, postings.positions),
                hide_index=True,
                key="needs_matches",
            )
        with st.expander("已登记企业的其他岗位 Other positions of employers with needs"):
            st.dataframe(
                view.other_positions_of_registered(comparison),
                hide_index=True,
                key="needs_other_positions",
            )

    st.subheader("有招聘信息但未登记需求的企业 Employers posting without a registered need")
    st.dataframe(
        view.employers_without_needs(comparison),
        hide_index=True,
        height=320,
        key="needs_unregistered_employers",
    )

    st.subheader("全部需求 All needs")
    st.caption(
        "联系人与电话已遮蔽 Contacts are masked; 企业账户可见完整信息 the employer sees them"
    )
    if registered:
        st.dataframe(
            view.needs_table(registered, reveal_contacts=False), hide_index=True, key="needs_all"
        )


current = context.require("admin", "planner", "employer")
st.header("用工需求 Hiring needs")
for kind, text in st.session_state.pop("needs_notice", []):
    getattr(st, kind)(text)
scope = context.employer_scope(current)
if current.role == "employer":
    if not scope:
        st.error("此企业账户未关联企业 This employer account names no employer; ask the admin")
        st.stop()
    employer_view(scope)
else:
    bureau_view()
