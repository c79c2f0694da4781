"""The shapes real board exports come in (issue 11), each in a tiny named file of tests/data/postings
written for these tests: the rows are read as they are, with no renaming, the mapping used is
reported, every posting gets a city, and no position holds postings of two cities."""

import io

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import given, settings

from recruitment.columns import choose_mapping, header_field, parse_map
from recruitment.dedupe import dedupe
from recruitment.normalize import normalize_postings
from recruitment.readers import POSTING_COLUMNS, read_postings
from recruitment.report import build_report
from tests.recruitment.conftest import DATA, read

SHAPES = (
    "lagou_api.csv",
    "boss_blocks.csv",
    "camel_case.csv",
    "index_header.csv",
    "listed_cells.csv",
    "zhaopin_short.csv",
    "same_board_urls.csv",
    "no_header.xlsx",
)


def report_of(name: str):
    return build_report([read(DATA / name)], reference_year=2020)


@pytest.mark.slow
@pytest.mark.parametrize("name", SHAPES)
def test_every_row_with_a_title_and_a_company_is_a_posting_with_a_city(name):
    file = read(DATA / name)
    assert file.rejected == () and len(file.frame) >= 3
    report = build_report([file], reference_year=2020)
    postings = report.postings
    assert postings["city"].notna().all(), postings[["address", "city_text"]]
    text = postings["salary_text"]
    readable = (text != "") & ~text.str.contains("/件")
    assert postings.loc[readable, "salary_stated"].all()  # pay read wherever it is stated
    assert (postings.groupby("position_id")["city"].nunique() <= 1).all()
    assert "→" in file.describe_mapping()[0]


@pytest.mark.parametrize(
    "word, field",
    [
        ("job_name", "title"),
        ("jobName", "title"),
        ("JobName", "title"),
        ("positionName", "title"),
        ("companyName", "company"),
        ("companyFullName", "company"),
        ("jobUrl", "url"),
        ("详情页链接", "url"),
        ("workYear", "experience_text"),
        ("edu", "education_text"),
        ("location", "address"),
        ("职位地址", "address"),
        ("地区", "district_text"),
        ("公司地址", "address"),
        ("minSalary", "salary_min"),
        ("max_salary", "salary_max"),
        ("city", "city_text"),
        ("district", "district_text"),
        ("industryField", "industry_text"),
        ("positionLables", "tags"),
        ("时间", "posted_text"),
        ("公司信息", "company_info"),
        ("学历经验要求", "requirements_text"),
        ("职位名称/title", "title"),
        ("薪资(元)", "salary_text"),
    ],
)
def test_header_words_camel_and_snake_case(word, field):
    assert header_field(word) == field


def test_a_lagou_api_export_is_lagou_with_city_district_and_its_industries():
    report = report_of("lagou_api.csv")
    postings = report.postings.set_index("title", drop=False)
    assert set(postings["board"]) == {"拉勾"}  # from the header, the file name says nothing
    assert postings.loc["数据分析师", ["city", "district"]].tolist() == ["北京市", "朝阳区"]
    assert postings.loc["游戏策划", "industry"] == "信息技术服务"
    assert postings.loc["硬件工程师", "industry"] == "电子信息制造"
    assert postings.loc["硬件工程师", "experience"] == "无经验"  # 应届毕业生
    assert postings.loc["数据分析师", "experience"] == "3-5年"  # 经验3-5年
    assert postings.loc["数据分析师", "tags"] == "SQL|Python"  # a JSON list
    java = postings[postings["title"] == "Java开发工程师"]
    assert java[["city", "district"]].values.tolist() == [
        ["成都市", "高新区"],
        ["北京市", "海淀区"],
    ]
    assert java["position_id"].nunique() == 2  # one employer, one title, two cities: two jobs
    by_district = report.tables["by_district"].set_index(["city", "district"])
    assert ("成都市", "高新区") in by_district.index and ("郑州市", "高新区") in by_district.index


def test_header_blocks_glued_requirements_and_brand_names():
    file = read(DATA / "boss_blocks.csv")
    assert len(file.mappings) == 2 and "未用：skill_tags" in file.describe_mapping()[1]
    assert file.frame["row"].tolist() == [1, 2, 3, 4, 6, 7]  # the second header is row 5
    report = build_report([file], reference_year=2020)
    postings = report.postings.set_index(["title", "city"])
    assert postings.loc[("Java开发工程师", "南京市"), ["experience", "education"]].tolist() == [
        "不限",
        "本科",
    ]
    assert postings.loc[("数据工程师", "合肥市"), "district"] == "高新区"  # 合肥's, not Zhengzhou's
    assert postings.loc[("Java开发工程师", "北京市"), "industry"] == "信息技术服务"  # 公司信息
    nanjing = report.postings[report.postings["city"] == "南京市"]
    huawei = nanjing[nanjing["company"].str.startswith("华为")]
    assert huawei["employer_key"].nunique() == 1  # same board, same city, brand + legal name
    employers = report.tables["by_employer"].set_index("employer")
    assert set(employers.loc["华为技术有限公司", "names"].split("、")) == {
        "华为技术有限公司",
        "华为",
    }
    assert report.postings.groupby("position_id")["city"].nunique().max() == 1


def test_camel_case_export_with_a_pay_range_in_two_columns():
    postings = report_of("camel_case.csv").postings
    assert postings["salary_text"].tolist() == ["8-12k", "4-6k", "6000-9000"]
    assert postings["salary_min"].tolist() == [8000, 4000, 6000]
    assert postings["experience"].tolist()[1] == "无经验"  # 无工作经验
    assert set(postings["board"]) == {"BOSS直聘"}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["index_header.csv", "no_header.xlsx"])
def test_columns_are_recognised_by_content_when_the_header_says_nothing(name):
    file = read(DATA / name)
    fields = [choice.field for choice in file.mapping]
    assert fields[:6] == [
        "title",
        "company",
        "salary_text",
        "address",
        "experience_text",
        "education_text",
    ]
    assert all(choice.how == "内容" for choice in file.mapping)
    assert file.has_header == (name == "index_header.csv")
    assert file.frame["row"].tolist() == [1, 2, 3]  # the first row of no_header.xlsx is data


def test_cells_written_as_lists_and_list_style_tags():
    postings = report_of("listed_cells.csv").postings
    assert postings["salary_text"].tolist() == ["1-1.5万/月", "4-6千/月", "5-7千/月", ""]
    assert postings["address"].tolist()[:3] == ["南京-栖霞区", "南京-江宁区", "郑州-航空港区"]
    assert postings[["city", "district"]].values.tolist()[:3] == [
        ["南京市", "栖霞区"],
        ["南京市", "江宁区"],
        ["郑州市", "航空港区"],
    ]
    assert postings["experience"].tolist() == ["2年以上", "无经验", "不限", "无经验"]
    assert postings["headcount"].tolist()[:2] == [2, 5]
    assert postings["posted"].dt.strftime("%m-%d").tolist() == ["09-03", "09-04", "09-05", "09-06"]


def test_zhaopin_short_places_weekly_and_per_job_pay():
    report = report_of("zhaopin_short.csv")
    postings = report.postings.set_index("title")
    assert postings.loc["普工", ["city", "district"]].tolist() == ["郑州市", "中原区"]
    assert postings.loc["兼职促销员", "district"] == "管城回族区"
    assert postings.loc["质检员", "district"] == "高新区"
    assert postings.loc["Java开发工程师", ["city", "district"]].tolist() == ["北京市", "朝阳区"]
    assert postings.loc["快递分拣", ["city", "district"]].tolist() == ["合肥市", "高新区"]
    assert postings.loc["兼职促销员", "salary_min"] == pytest.approx(500 * 52 / 12, abs=0.01)
    assert not postings.loc["快递分拣", "salary_stated"]
    assert report.unreadable == {"salary_per_job": 1}


def test_one_boards_different_urls_are_different_jobs_unless_re_posted():
    report = report_of("same_board_urls.csv")
    position = report.postings["position_id"].tolist()
    assert position[0] == position[2] == position[3] != position[1]
    assert report.headline.unique_positions == 2


def test_the_user_mapping_overrides_the_chosen_one():
    mapping = parse_map("列3=忽略,列6=education,列5=经验")
    file = read(DATA / "no_header.xlsx", mapping=mapping)
    assert file.frame["salary_text"].eq("").all()
    chosen = {choice.column: (choice.field, choice.how) for choice in file.mapping}
    assert chosen["列3"] == (None, "指定") and chosen["列6"] == ("education_text", "指定")
    with pytest.raises(ValueError, match="不认识的字段"):
        parse_map("职位=工资单")


def test_a_data_row_looking_like_a_header_starts_a_new_block():
    text = "职位,公司\n普工,郑州宏达电子有限公司\n岗位名称,单位名称,薪资\n电工,郑州新能源科技有限公司,6-8千\n"
    file = read_postings(io.BytesIO(text.encode()), source="x.csv")
    assert file.frame["title"].tolist() == ["普工", "电工"]
    assert file.frame["salary_text"].tolist() == ["", "6-8千"]
    assert list(file.frame.columns) == list(POSTING_COLUMNS)


def test_content_sniffing_reports_a_column_it_cannot_place_as_unused():
    frame = pd.DataFrame(
        {
            "a": ["Java开发工程师", "会计"],
            "b": ["郑州星云软件有限公司", "郑州某某会计事务所"],
            "c": ["xyz", "abc"],
        }
    )
    mapping = {choice.column: choice.field for choice in choose_mapping(frame)}
    assert mapping == {"a": "title", "b": "company", "c": None}


cities = st.sampled_from(["郑州市", "北京市", "南京市", None])


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            cities,
            st.sampled_from(["高新区", "中原区", None]),
            st.sampled_from(["华为", "华为技术有限公司", "小米"]),
            st.sampled_from(["Java开发", "java开发工程师", "测试"]),
            st.sampled_from(["", "https://a/1", "https://a/2"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_no_position_ever_holds_postings_of_two_cities(rows):
    text = "职位,公司,城市,区县,链接\n" + "".join(
        f"{title},{company},{city or ''},{district or ''},{url}\n"
        for city, district, company, title, url in rows
    )
    file = read_postings(io.BytesIO(text.encode()), source="h.csv")
    postings = normalize_postings(file.frame, reference_year=2020)
    grouped = dedupe(postings).postings
    assert (grouped.groupby("position_id")["city"].nunique() <= 1).all()
