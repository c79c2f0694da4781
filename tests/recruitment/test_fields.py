import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recruitment.normalize import (
    DISTRICTS,
    EDUCATION_LEVELS,
    NORMALISED_COLUMNS,
    SECTORS,
    company_columns,
    company_key,
    date_columns,
    education_levels,
    experience_columns,
    infer_reference_year,
    normalize_postings,
    parse_date,
    parse_district,
    parse_education,
    parse_experience,
    parse_headcount,
    parse_industry,
    title_key,
)
from recruitment.readers import combine
from tests.recruitment.conftest import DATA, TINY_FILES, read

EDUCATION = [
    ("初中", "初中及以下"),
    ("初中及以下", "初中及以下"),
    ("中专/中技", "中专/高中"),
    ("高中", "中专/高中"),
    ("中专/高中", "中专/高中"),
    ("大专", "大专"),
    ("大专及以上", "大专"),
    ("专科", "大专"),
    ("本科", "本科"),
    ("本科及以上", "本科"),
    ("统招本科", "本科"),
    ("大专/本科", "大专"),
    ("硕士", "硕士"),
    ("研究生", "硕士"),
    ("MBA/EMBA", "硕士"),
    ("博士", "博士"),
    ("不限", "不限"),
    ("学历不限", "不限"),
    ("无学历要求", "不限"),
]


@pytest.mark.parametrize("text, level", EDUCATION)
def test_education_levels(text, level):
    assert parse_education(text) == level


def test_blank_education_is_none_and_unknown_text_says_so():
    assert parse_education("") is None
    with pytest.raises(ValueError, match="not an education level"):
        parse_education("见面详谈")
    assert parse_education("见面详谈", errors="null") is None


EXPERIENCE = [
    ("无经验", (0, 0)),
    ("无需经验", (0, 0)),
    ("应届生", (0, 0)),
    ("在校/应届", (0, 0)),
    ("不限", (0, None)),
    ("经验不限", (0, None)),
    ("1-3年", (1, 3)),
    ("3-5年经验", (3, 5)),
    ("5-10年", (5, 10)),
    ("10年以上", (10, None)),
    ("1年以下", (0, 1)),
    ("3年经验", (3, None)),
    ("2年以上经验", (2, None)),
    ("一年以上", (1, None)),
    ("３－５年", (3, 5)),
]


@pytest.mark.parametrize("text, years", EXPERIENCE)
def test_experience_as_a_range_of_years(text, years):
    assert parse_experience(text) == years


@pytest.mark.parametrize("text", ["5-3年", "很多年", "3个月"])
def test_unreadable_experience(text):
    with pytest.raises(ValueError, match="not an experience requirement"):
        parse_experience(text)
    assert parse_experience(text, errors="null") is None


HEADCOUNT = [
    ("招2人", 2),
    ("2人", 2),
    ("2", 2),
    ("招聘10名", 10),
    ("10人以上", 10),
    ("招若干人", None),
    ("若干", None),
    ("若干人", None),
    ("", None),
    ("不限", None),
]


@pytest.mark.parametrize("text, count", HEADCOUNT)
def test_headcount_unknown_is_none_not_one(text, count):
    assert parse_headcount(text) == count


@pytest.mark.parametrize("text", ["0", "两三个", "2-3人"])
def test_unreadable_headcount(text):
    with pytest.raises(ValueError, match="not a number of openings"):
        parse_headcount(text)


DATES = [
    ("2020-02-20", dt.date(2020, 2, 20)),
    ("2020/2/24", dt.date(2020, 2, 24)),
    ("2020年2月25日", dt.date(2020, 2, 25)),
    ("2020.03.01", dt.date(2020, 3, 1)),
    ("2020-02-20 10:30:00", dt.date(2020, 2, 20)),
    ("09-03", dt.date(2020, 9, 3)),
    ("09-03发布", dt.date(2020, 9, 3)),
    ("3月5日", dt.date(2020, 3, 5)),
    ("2019-12-30", dt.date(2019, 12, 30)),
]


@pytest.mark.parametrize("text, date", DATES)
def test_dates_without_a_year_take_the_reference_year(text, date):
    assert parse_date(text, 2020) == date


@pytest.mark.parametrize("text", ["02-30", "2020-13-01", "昨天", "2020"])
def test_impossible_dates(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(text, 2020)
    assert parse_date(text, 2020, errors="null") is None
    assert parse_date("", 2020) is None


def test_reference_year_is_the_year_most_dated_postings_state():
    texts = pd.Series(["2020-02-20", "2020/3/1", "2019-12-30", "09-03", ""])
    assert infer_reference_year(texts, default=2024) == 2020
    assert infer_reference_year(pd.Series(["09-03", ""]), default=2024) == 2024
    assert date_columns(texts, 2020)["posted_year_given"].tolist() == [
        True,
        True,
        True,
        False,
        False,
    ]


DISTRICT = [
    ("郑州-高新区", "高新区"),
    ("郑州市高新技术产业开发区科学大道100号", "高新区"),
    ("郑州·金水区", "金水区"),
    ("郑州市管城区", "管城回族区"),
    ("郑州市航空港经济综合实验区", "航空港区"),
    ("郑州市经济技术开发区", "经开区"),
    ("郑东新区", "郑东新区"),
    ("郑州-中原区", "中原区"),
    ("二七区", "二七区"),
    ("上街区", "上街区"),
    ("惠济区", "惠济区"),
    ("新郑市", "新郑市"),
    ("郑州·中原·梧桐", "中原区"),  # Zhaopin's short form
    ("郑州·管城", "管城回族区"),
    ("郑州·高新", "高新区"),
]


@pytest.mark.parametrize("text, district", DISTRICT)
def test_district_within_zhengzhou(text, district):
    assert parse_district(text) == district


ELSEWHERE = [
    ("南京-栖霞区", "栖霞区"),
    ("北京·朝阳区", "朝阳区"),
    ("朝阳区", "朝阳区"),  # in 北京 and in 长春: whose is not said, but it is a district
    ("秦皇岛市经济技术开发区", "经开区"),
    ("山西大同经济开发区", "经开区"),
    ("苏州工业园区", "苏州工业园区"),  # cut to 工业园区 it would name nothing
    ("唐山市汉沽管理区", "唐山市汉沽管理区"),
    ("衡水滨湖新区", "衡水滨湖新区"),  # not 滨湖区, which is 无锡's
]


@pytest.mark.parametrize("text, district", ELSEWHERE)
def test_district_elsewhere_reads_back_as_itself(text, district):
    assert parse_district(text) == district
    assert parse_district(district) == district


def test_an_address_without_a_district():
    assert parse_district("郑州", errors="null") is None
    with pytest.raises(ValueError, match="not a district"):
        parse_district("郑州")


INDUSTRY = [
    ("互联网/电子商务", "信息技术服务"),
    ("IT服务", "信息技术服务"),
    ("计算机软件", "信息技术服务"),
    ("软件和信息技术服务业", "信息技术服务"),
    ("电子技术/半导体/集成电路", "电子信息制造"),
    ("计算机、通信和其他电子设备制造业", "电子信息制造"),
    ("通信/电信/网络设备", "电子信息制造"),
    ("机械/设备/重工", "装备制造"),
    ("汽车制造业", "装备制造"),
    ("医药/生物工程", "生物医药"),
    ("医疗设备/器械", "生物医药"),
    ("卫生和社会工作", "医疗卫生与社会工作"),
    ("房地产/建筑业", "建筑与房地产"),
    ("快递", "交通运输与物流"),
    ("批发/零售", "批发零售"),
    ("酒店/餐饮", "住宿餐饮"),
    ("基金/证券/期货/投资", "金融"),
    ("教育/培训/院校", "教育培训"),
    ("专业服务/咨询(财会/法律/人力资源等)", "商务与科技服务"),
    ("媒体/出版/影视/文化传播", "文化体育娱乐"),
    ("居民服务业", "居民生活服务"),
    ("电力、热力生产和供应业", "能源环保与公用事业"),
    ("食品制造业", "其他制造业"),
    ("制造业", "其他制造业"),
    ("农/林/牧/渔", "其他"),
    ("奇怪的类别", "其他"),
]


@pytest.mark.parametrize("text, sector", INDUSTRY)
def test_board_categories_map_to_one_sector_list(text, sector):
    assert parse_industry(text) == sector
    assert sector in SECTORS


def test_sector_list_is_about_fifteen_and_blank_industry_is_none():
    assert 15 <= len(SECTORS) <= 18
    assert parse_industry("") is None


COMPANIES = [
    ("郑州宇星客车股份有限公司", "宇星客车"),
    ("宇星客车股份有限公司(郑州)", "宇星客车"),
    ("宇星客车（郑州）有限公司", "宇星客车"),
    ("河南省宇星客车集团有限公司", "宇星客车"),
    ("宇星客车有限公司郑州分公司", "宇星客车"),
    ("郑州市宇星客车有限责任公司", "宇星客车"),
    ("郑州宇星客车股份有限...", "宇星客车"),
    ("宇星客车(郑...", "宇星客车"),
    ("宇星客车", "宇星客车"),
    ("公司", "公司"),
]


@pytest.mark.parametrize("name, key", COMPANIES)
def test_company_key_strips_region_legal_form_brackets_and_cut(name, key):
    assert company_key(name) == key


def test_a_cut_name_is_marked():
    columns = company_columns(pd.Series(["郑州宇星客车股份有限...", "郑州宇星客车股份有限公司"]))
    assert columns["company_truncated"].tolist() == [True, False]


TITLES = [
    ("Java开发工程师（高新区）", "java开发工程师"),
    ("【急聘】java开发工程师", "java开发工程师"),
    ("普工/操作工", "普工操作工"),
    ("销售代表(底薪+提成)", "销售代表"),
    ("急聘", "急聘"),
]


@pytest.mark.parametrize("title, key", TITLES)
def test_title_key(title, key):
    assert title_key(title) == key


texts = st.text(
    alphabet=st.sampled_from(list("郑州河南有限公司股份集团分科技()（）【】[]急聘高薪/.… abcAB12"))
)


@pytest.mark.slow
@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(texts)
def test_company_key_normalising_twice_changes_nothing(name):
    assert company_key(company_key(name)) == company_key(name)


@pytest.mark.slow
@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(texts)
def test_title_key_normalising_twice_changes_nothing(title):
    assert title_key(title_key(title)) == title_key(title)


@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(st.sampled_from([level for _, level in EDUCATION] + list(EDUCATION_LEVELS)))
def test_education_label_normalises_to_itself(level):
    assert parse_education(parse_education(level)) == parse_education(level)


@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(st.sampled_from([text for text, _ in EXPERIENCE]))
def test_experience_label_normalises_to_itself(text):
    label = experience_columns(pd.Series([text]))["experience"].iloc[0]
    assert experience_columns(pd.Series([label]))["experience"].iloc[0] == label
    assert parse_experience(label) == parse_experience(text)


@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(st.sampled_from([text for text, _ in DISTRICT + ELSEWHERE] + list(DISTRICTS)))
def test_district_label_normalises_to_itself(text):
    assert parse_district(parse_district(text)) == parse_district(text)


@settings(deadline=None)  # a shared, busy machine: these check values, not speed
@given(st.sampled_from([text for text, _ in INDUSTRY]))
def test_sector_label_normalises_to_itself(text):
    assert parse_industry(parse_industry(text)) == parse_industry(text)


def test_distinct_values_are_normalised_once_and_spread_over_the_rows():
    levels = education_levels(pd.Series(["本科", "大专", "本科", ""] * 3, index=range(5, 17)))
    assert levels.index.tolist() == list(range(5, 17))
    assert levels.iloc[:3].tolist() == ["本科", "大专", "本科"]
    assert levels.isna().tolist() == [False, False, False, True] * 3


def test_normalize_postings_adds_its_columns_and_leaves_the_input_alone():
    raw, _ = combine([read(DATA / name) for name in TINY_FILES])
    before = raw.copy()
    once = normalize_postings(raw, reference_year=2020)
    assert raw.equals(before)
    assert set(once.columns) - set(raw.columns) == set(NORMALISED_COLUMNS)
    twice = normalize_postings(once, reference_year=2020)
    pd.testing.assert_frame_equal(twice, once)
