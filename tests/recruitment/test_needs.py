import datetime as dt

import pytest

from recruitment.needs import HiringNeed, compare_needs, per_need


def need(**fields) -> HiringNeed:
    base = dict(
        employer="郑州星云软件有限公司",
        position="Java开发工程师",
        headcount=3,
        contact_person="王经理",
        contact_phone="13800138000",
    )
    return HiringNeed(**{**base, **fields})


def test_a_complete_need_is_accepted():
    full = need(
        salary_min=8000,
        salary_max=13000,
        education="本科",
        skills=("Java", "SQL"),
        start_date=dt.date(2020, 3, 1),
        id=7,
    )
    assert full.employer_key == "星云软件"
    assert "13800138000" not in repr(full) and "王经理" not in repr(full)


@pytest.mark.parametrize(
    "fields, reason",
    [
        (dict(employer=" "), "employer must be given"),
        (dict(position=""), "position must be given"),
        (dict(contact_person=""), "contact person must be given"),
        (dict(headcount=0), "headcount"),
        (dict(headcount=True), "headcount"),
        (dict(headcount=2.5), "headcount"),
        (dict(salary_min=0), "salary_min"),
        (dict(salary_min=9000, salary_max=8000), "exceeds"),
        (dict(education="大学"), "education must be one of"),
        (dict(skills=["Java"]), "skills"),
        (dict(skills=("",)), "skills"),
        (dict(start_date="2020-03-01"), "start_date"),
        (dict(start_date=dt.datetime(2020, 3, 1)), "start_date"),
        (dict(id=0), "id"),
        (dict(contact_phone="12345"), "mobile number must have 11 digits"),
        (dict(contact_phone="+86 138 0013 8000"), "canonical form"),
    ],
)
def test_a_need_checks_itself(fields, reason):
    with pytest.raises(ValueError, match=reason):
        need(**fields)


def test_needs_against_postings(tiny_report):
    needs = [
        need(id=1),  # posted on two boards as Java开发工程师 / Java软件开发工程师
        need(id=2, position="测试工程师"),  # not posted
        need(id=3, employer="郑州远拓重工有限公司", position="焊工"),
    ]
    comparison = compare_needs(needs, tiny_report.positions)
    titles = tiny_report.positions.set_index("position_id")["title"]
    matched = {row.need_id: titles[row.position_id] for row in comparison.matches.itertuples()}
    assert matched == {1: "Java开发工程师", 3: "焊工"}
    assert [n.id for n in comparison.needs_without_posting] == [2]
    unmatched = comparison.positions_without_need
    assert len(unmatched) == len(tiny_report.positions) - 2
    registered = unmatched.set_index("title")["employer_registered"]
    assert registered["前端开发工程师"]  # 星云软件 registered needs, not this one
    assert not registered["护理员"]


def test_per_need_counts_matching_positions_and_their_openings(tiny_report):
    needs = [need(id=1), need(id=2, position="测试工程师")]
    positions = tiny_report.positions
    table = per_need(needs, compare_needs(needs, positions), positions)
    assert table["id"].tolist() == [1, 2] and table["positions"].tolist() == [1, 0]
    java = positions.loc[positions["title"] == "Java开发工程师", "openings"]
    assert table["openings"].tolist() == [int(java.sum()), 0]
    assert per_need([], compare_needs([], positions), positions).empty


def test_no_needs_leaves_every_position_without_need(tiny_report):
    comparison = compare_needs([], tiny_report.positions)
    assert comparison.matches.empty and comparison.needs_without_posting == ()
    assert len(comparison.positions_without_need) == len(tiny_report.positions)
