import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recruitment.dedupe import dedupe, resolve_truncated_names
from recruitment.normalize import normalize_postings
from recruitment.readers import POSTING_COLUMNS


def postings(*rows: dict) -> pd.DataFrame:
    """Normalised postings from a few fields per row (the rest blank), one file `t.csv`."""
    raw = pd.DataFrame(
        [
            {**dict.fromkeys(POSTING_COLUMNS, ""), "source": "t.csv", **row, "row": number}
            for number, row in enumerate(rows, start=1)
        ],
        dtype="str",
    ).astype({"row": "int64"})
    return normalize_postings(raw, reference_year=2020)


JAVA = {"title": "Java开发工程师", "company": "郑州星云软件有限公司", "address": "郑州-高新区"}


def test_the_same_job_on_two_boards_is_one_position_with_both_sources():
    result = dedupe(
        postings(
            {
                **JAVA,
                "board": "智联招聘",
                "url": "https://a/1",
                "posted_text": "2020-02-20",
                "headcount_text": "3人",
            },
            {
                **JAVA,
                "title": "【急聘】Java开发工程师（高新区）",
                "company": "星云软件股份有限公司",
                "board": "前程无忧",
                "url": "https://b/1",
                "posted_text": "2020-02-23",
                "headcount_text": "招5人",
            },
        )
    )
    [position] = result.positions.to_dict("records")
    assert position["copies"] == 2
    assert position["openings"] == 5  # the largest headcount, not the sum
    assert position["boards"] == "智联招聘、前程无忧"
    assert position["urls"] == "https://a/1 https://b/1"
    assert position["sources"] == "t.csv:1; t.csv:2"
    assert position["employer"] == "郑州星云软件有限公司"
    assert result.postings["position_id"].tolist() == [0, 0]


def test_slightly_different_titles_match_but_different_jobs_do_not():
    result = dedupe(
        postings(
            {**JAVA, "posted_text": "2020-02-20"},
            {**JAVA, "title": "Java软件开发工程师", "posted_text": "2020-02-21"},  # ratio 90
            {**JAVA, "title": "Java测试工程师", "posted_text": "2020-02-21"},  # ratio 78
            {**JAVA, "title": "销售代表", "posted_text": "2020-02-21"},
        )
    )
    assert result.postings["position_id"].tolist() == [0, 0, 1, 2]
    strict = dedupe(result.postings, title_similarity=95)
    assert strict.postings["position_id"].tolist() == [0, 1, 2, 3]


def test_other_district_or_employer_is_another_position():
    result = dedupe(
        postings(
            JAVA,
            {**JAVA, "address": "郑州-金水区"},
            {**JAVA, "company": "郑州星海软件有限公司"},
        )
    )
    assert result.postings["position_id"].tolist() == [0, 1, 2]


def test_a_posting_without_district_takes_its_employers_only_district():
    result = dedupe(postings(JAVA, {**JAVA, "address": "郑州"}))
    assert result.postings["position_id"].tolist() == [0, 0]
    assert result.positions["district"].tolist() == ["高新区"]


def test_copies_more_than_the_window_apart_are_separate_positions():
    rows = [
        {**JAVA, "posted_text": "2020-02-01"},
        {**JAVA, "posted_text": "2020-02-20"},
        {**JAVA, "posted_text": "2020-04-01"},
        {**JAVA, "posted_text": ""},  # undated: joins its group
    ]
    assert dedupe(postings(*rows)).postings["position_id"].tolist() == [0, 0, 1, 1]
    assert dedupe(postings(*rows), window_days=10).postings["position_id"].tolist() == [0, 1, 2, 2]


def test_a_cut_company_name_joins_the_one_full_name_it_begins_with():
    result = dedupe(
        postings(
            {**JAVA, "company": "郑州星云软..."},
            JAVA,
            {**JAVA, "company": "郑州星..."},  # ambiguous: 星云软件 and 星海软件
            {**JAVA, "company": "郑州星海软件有限公司", "title": "运维工程师"},
        )
    )
    assert result.postings["position_id"].tolist() == [0, 0, 1, 2]
    assert result.postings["employer_key"].astype(str).tolist() == [
        "星云软件",
        "星云软件",
        "星",
        "星海软件",
    ]


def test_resolve_truncated_names_leaves_ambiguous_and_unknown_cuts():
    keys = pd.Series(["ab", "abc", "abd", "xy", "abc"])
    cut = pd.Series([True, False, False, True, True])
    assert resolve_truncated_names(keys, cut).tolist() == ["ab", "abc", "abd", "xy", "abc"]


def test_a_brand_is_one_employer_with_the_one_legal_name_of_its_board_and_city():
    rows = [  # (company, board, address)
        ("华为", "BOSS直聘", "南京-雨花台区"),
        ("华为技术有限公司", "BOSS直聘", "南京-雨花台区"),
        ("华为", "BOSS直聘", "深圳-龙岗区"),
        ("华为技术有限公司", "BOSS直聘", "深圳-龙岗区"),
        ("华为终端有限公司", "BOSS直聘", "深圳-龙岗区"),  # two legal names fit: 华为 stays alone
        ("华为", "智联招聘", "南京-雨花台区"),  # no legal name on this board
        ("科晟电子", "BOSS直聘", "南京-雨花台区"),  # names its trade: not a bare brand
        ("科晟电子商务有限公司", "BOSS直聘", "南京-雨花台区"),
    ]
    grouped = dedupe(
        postings(
            *(
                {"title": "测试工程师", "company": company, "board": board, "address": address}
                for company, board, address in rows
            )
        )
    )
    key = grouped.postings["employer_key"].astype(str).tolist()
    assert key[0] == key[1] != key[2]
    assert len({key[2], key[3], key[4]}) == 3
    assert key[5] != key[1] and key[6] != key[7]
    assert grouped.postings["city"].tolist()[:3] == ["南京市", "南京市", "深圳市"]


def test_salary_of_a_position_comes_from_one_copy():
    result = dedupe(
        postings(
            {**JAVA, "salary_text": "面议"},
            {**JAVA, "salary_text": "8千以上"},
            {**JAVA, "salary_text": "6-9千"},
        )
    )
    [position] = result.positions.to_dict("records")
    assert (position["salary_min"], position["salary_midpoint"]) == (8000, 8000)
    assert pd.isna(position["salary_max"])


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="title_similarity"):
        dedupe(postings(JAVA), title_similarity=150)
    with pytest.raises(ValueError, match="window_days"):
        dedupe(postings(JAVA), window_days=-1)


posting_rows = st.lists(
    st.fixed_dictionaries(
        {
            "title": st.sampled_from(["普工", "普工岗", "质检员", "Java开发", "java开发工程师"]),
            "company": st.sampled_from(
                ["郑州甲乙电子有限公司", "甲乙电子", "郑州甲...", "丙丁科技"]
            ),
            "address": st.sampled_from(["郑州-高新区", "郑州", "郑州-金水区"]),
            "headcount_text": st.sampled_from(["", "招若干人", "1人", "3", "招10人"]),
            "posted_text": st.sampled_from(["", "02-01", "02-15", "03-30", "2020-05-01"]),
            "url": st.sampled_from(["", "https://a/1", "https://a/2", "https://b/9"]),
            "board": st.sampled_from(["智联招聘", "中部就业网"]),
        }
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(posting_rows)
def test_dedupe_never_loses_a_source_or_url_and_never_inflates_openings(rows):
    result = dedupe(postings(*rows))
    positions, copies = result.positions, result.postings
    kept_urls = {url for urls in positions["urls"] for url in urls.split()}
    assert kept_urls == {row["url"] for row in rows if row["url"]}
    kept_sources = {source for sources in positions["sources"] for source in sources.split("; ")}
    assert kept_sources == {f"t.csv:{number}" for number in range(1, len(rows) + 1)}
    assert positions["copies"].sum() == len(rows)
    assert positions["openings"].sum() <= copies["headcount"].sum()
    assert dedupe(copies).postings["position_id"].tolist() == copies["position_id"].tolist()
