"""The sidebar filters of 招聘信息 (board, industry, city, district, education, pay, date posted)
as `postings_view.Filters`, and their reset."""

from __future__ import annotations

import streamlit as st

from app.views import postings_view as view

FILTER_KEYS = (
    "postings_board",
    "postings_industry",
    "postings_city",
    "postings_district",
    "postings_education",
    "postings_salary",
    "postings_salary_unstated",
    "postings_posted",
)


def reset_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def filter_widgets(postings: view.Postings) -> view.Filters:
    with st.sidebar:
        st.subheader("筛选 Filters")
        everything = "全部 All"
        boards = st.multiselect(
            "招聘平台 Board", postings.boards, key="postings_board", placeholder=everything
        )
        industries = st.multiselect(
            "行业 Industry",
            postings.options("industry"),
            key="postings_industry",
            placeholder=everything,
        )
        cities = st.multiselect(
            "城市 City", postings.options("city"), key="postings_city", placeholder=everything
        )
        districts = st.multiselect(
            "区县 District",
            postings.options("district"),
            key="postings_district",
            placeholder=everything,
        )
        educations = st.multiselect(
            "学历 Education",
            postings.options("education"),
            key="postings_education",
            placeholder=everything,
        )
        ceiling = view.SALARY_CEILING
        low, high = st.slider(
            "月薪 Monthly pay (元, 区间中点 midpoint)",
            0,
            ceiling,
            (0, ceiling),
            step=500,
            key="postings_salary",
            help=f"{ceiling:,} = 不设上限 no upper limit",
        )
        unstated = st.checkbox(
            "含面议/未注明薪资 Include unstated pay", value=True, key="postings_salary_unstated"
        )
        span = postings.posted_range()
        posted: tuple = (None, None)
        if span is not None:
            picked = st.date_input("首次发布日期 First posted", value=span, key="postings_posted")
            picked = tuple(picked) if isinstance(picked, list | tuple) else (picked,)
            if picked and picked != span:
                posted = (picked[0], picked[1] if len(picked) > 1 else None)
        st.button("重置筛选 Reset filters", key="postings_reset", on_click=reset_filters)
    return view.Filters(
        boards=view.chosen(boards),
        industries=view.chosen(industries),
        cities=view.chosen(cities),
        districts=view.chosen(districts),
        educations=view.chosen(educations),
        salary=(low or None, high if high < ceiling else None),
        salary_unstated=unstated,
        posted=posted,
    )
