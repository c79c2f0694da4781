import pytest

from recruitment.aggregate import TABLES, Headline


def test_headline_follows_the_definitions(tiny_report):
    """Worked by hand from the six tiny files: 14 accepted rows, Java开发工程师 posted twice
    (headcounts 3 and 2: the position opens 3), eight positions with unknown headcount, twelve
    with a salary whose midpoints have the median (7000 + 7500) / 2."""
    assert tiny_report.headline == Headline(
        postings=14,
        unique_positions=13,
        openings=27,
        openings_unknown=8,
        employers=11,
        salary_stated_share=round(12 / 13, 4),
        median_monthly_salary=7250.0,
    )


def test_every_table_adds_up_to_the_headline(sample_report):
    headline = sample_report.headline
    for name in TABLES:
        table = sample_report.tables[name]
        assert table["postings"].sum() == headline.postings, name
        assert table["unique_positions"].sum() == headline.unique_positions, name
        assert table["openings"].sum() == headline.openings, name
        assert table["openings_unknown"].sum() == headline.openings_unknown, name


def test_tables_are_ordered_for_charts(tiny_report):
    tables = tiny_report.tables
    assert tables["by_education"]["education"].tolist() == [
        "不限",
        "初中及以下",
        "中专/高中",
        "大专",
        "本科",
        "硕士",
        "未注明",
    ]
    assert tables["by_salary_band"]["salary_band"].tolist()[-1] == "面议/未注明"
    weeks = tables["by_week"]["week"].tolist()
    assert weeks == sorted(weeks) and weeks[0] == "2020-02-17"
    districts = tables["by_district"]
    named = districts[districts["district"] != "未注明"]
    assert list(districts.columns[:2]) == ["city", "district"]
    assert districts["district"].tolist()[-len(districts) + len(named) :] == ["未注明"] * (
        len(districts) - len(named)
    )
    assert named["unique_positions"].tolist() == sorted(named["unique_positions"], reverse=True)
    cities = tables["by_city"]
    assert cities["city"].tolist()[0] == "郑州市" and cities["city"].tolist()[-1] == "未注明"


def test_experience_bands_by_minimum_years(tiny_report):
    table = tiny_report.tables["by_experience"].set_index("experience")["unique_positions"]
    # 1-3年: Java (merged), 前端 and 仓库管理员 (1年以上); 3-5年: 投资顾问 (3-4年经验);
    # 无经验: SMT操作员, 护理员 (应届生), 厨师 (无需经验); 未注明: the three without experience
    assert table.to_dict() == {"不限": 3, "无经验": 3, "1-3年": 3, "3-5年": 1, "未注明": 3}


def test_median_of_a_group_ignores_positions_without_salary(tiny_report):
    row = tiny_report.tables["by_employer"].set_index("employer").loc["郑州星云软件有限公司"]
    assert (row["postings"], row["unique_positions"], row["salary_stated"]) == (3, 2, 2)
    assert row["median_monthly_salary"] == (10500 + 12500) / 2


@pytest.mark.parametrize(
    "fields, reason",
    [
        (dict(postings=1, unique_positions=2), "more unique positions"),
        (dict(openings=-1), "negative"),
        (dict(openings_unknown=9), "unknown openings"),
        (dict(salary_stated_share=1.5), "salary_stated_share"),
        (dict(median_monthly_salary=0.0), "positive"),
    ],
)
def test_headline_checks_itself(fields, reason):
    base = dict(
        postings=5,
        unique_positions=4,
        openings=3,
        openings_unknown=1,
        employers=2,
        salary_stated_share=0.5,
        median_monthly_salary=5000.0,
    )
    with pytest.raises(ValueError, match=reason):
        Headline(**{**base, **fields})
