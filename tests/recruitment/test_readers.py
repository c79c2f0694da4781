import io

import pandas as pd
import pytest

from intake import InputError, MissingColumnsError
from recruitment.readers import (
    POSTING_COLUMNS,
    Export,
    Rejection,
    combine,
    read_exports,
    read_postings,
)
from tests.recruitment.conftest import DATA, as_file, read


def test_zhaopin_style_utf8_bom_with_blank_line_and_repeated_header():
    postings = read(DATA / "zhaopin_bom.csv")
    frame = postings.frame
    assert frame["row"].tolist() == [1, 2, 5]  # the blank line and repeated header keep numbering
    assert frame["title"].tolist() == ["Java开发工程师", "SMT操作员", "行政专员"]
    assert frame["company"][1] == "河南华鼎光电股份有限..."
    assert frame["salary_text"].tolist() == ["8千-1.3万", "4.5千-6千", "面议"]
    assert frame["headcount_text"].tolist() == ["3人", "若干", "1人"]
    assert frame["board"].unique().tolist() == ["智联招聘"]  # from the URL
    assert list(frame.columns) == [*POSTING_COLUMNS, "公司规模"]  # unknown column kept
    assert postings.rejected == ()


def test_zhongbu_style_gbk_with_its_own_words():
    frame = read(DATA / "zhongbu_gbk.csv").frame
    assert frame["company"][0] == "郑州市华鼎光电股份有限公司"
    assert frame["industry_text"][0] == "计算机、通信和其他电子设备制造业"
    assert frame["posted_text"].tolist() == ["2020/2/24", "2020年2月25日", "2020/2/26"]
    assert frame["board"].unique().tolist() == ["中部就业网"]  # from the 来源 column
    assert "单位性质" in frame.columns


def test_51job_style_takes_headcount_date_and_requirements_from_the_tags():
    frame = read(DATA / "51job_tags.csv").frame
    assert frame["headcount_text"].tolist() == ["招2人", "招若干人", "招1人"]
    assert frame["posted_text"].tolist() == ["02-23", "02-24", "02-25"]
    assert frame["experience_text"].tolist() == ["2年经验", "无需经验", "3-4年经验"]
    assert frame["education_text"].tolist() == ["本科", "", "硕士"]
    assert frame["board"].unique().tolist() == ["前程无忧"]


def test_boss_style_xlsx_splits_glued_requirements():
    frame = read(DATA / "boss_glued.xlsx").frame
    assert frame["experience_text"].tolist() == ["1-3年", "经验不限"]
    assert frame["education_text"].tolist() == ["本科", "学历不限"]
    assert frame["posted_text"].tolist() == ["2020-02-27", "2020-02-28"]  # Excel dates as text
    assert frame["board"].unique().tolist() == ["BOSS直聘"]


def test_english_headers_tab_separated_gb18030_and_the_board_argument():
    frame = read(DATA / "english_gb18030.tsv", board="中部就业网").frame
    assert frame.loc[0, ["title", "company", "salary_text", "district_text"]].tolist() == [
        "电工",
        "郑州新能源科技有限公司",
        "6-8千/月",
        "中原区",
    ]
    assert frame["board"][0] == "中部就业网"


def test_bad_rows_are_reported_with_row_numbers_and_the_rest_still_load():
    postings = read(DATA / "bad_rows.csv")
    assert postings.frame["title"].tolist() == ["普工", "电工"]
    assert postings.frame["row"].tolist() == [1, 6]
    assert postings.rejected == (
        Rejection("bad_rows.csv", 2, "职位为空"),
        Rejection("bad_rows.csv", 3, "公司为空"),
        Rejection("bad_rows.csv", 4, "本行有 4 格，表头只有 3 格 has 4 cells but the header has 3"),
    )


@pytest.mark.parametrize(
    "name, error, message",
    [
        (
            "broken_missing_company.csv",
            MissingColumnsError,
            r"找不到必需的列：公司（表头如：公司名称",
        ),
        ("broken_empty.csv", InputError, "文件为空"),
        ("broken_truncated.xlsx", InputError, "不是可读的 XLSX 工作簿"),
        ("broken_binary.csv", InputError, "既不是 UTF-8 也不是 GBK|二进制数据"),
    ],
)
def test_unusable_files_raise_input_errors_naming_the_file(name, error, message):
    with pytest.raises(error, match=message) as raised:
        read(DATA / name)
    assert name in str(raised.value)


def test_the_same_file_reads_the_same_in_every_encoding():
    text = "职位,公司,薪酬,标签\nJava开发,郑州某某科技有限公司,12-18K,招2人|09-03发布\n"
    frames = [
        read_postings(io.BytesIO(payload)).frame
        for payload in (
            text.encode("utf-8"),
            b"\xef\xbb\xbf" + text.encode("utf-8"),
            text.encode("gbk"),
            text.encode("gb18030"),
        )
    ]
    for frame in frames[1:]:
        assert frame.equals(frames[0])


def test_a_column_named_like_a_schema_column_is_kept_under_another_name():
    frame = read_postings(as_file("职位名称,公司名称,row\n普工,某某电子,x\n")).frame
    assert frame["row"].tolist() == [1]
    assert frame["row (原表)"].tolist() == ["x"]


def test_combine_unites_files_and_their_rejections():
    files = [read(DATA / "zhaopin_bom.csv"), read(DATA / "bad_rows.csv")]
    frame, rejected = combine(files)
    assert len(frame) == 5
    assert frame["source"].tolist() == ["zhaopin_bom.csv"] * 3 + ["bad_rows.csv"] * 2
    assert frame["公司规模"].tolist()[3:] == ["", ""]
    assert len(rejected) == 3
    empty, none = combine([])
    assert list(empty.columns) == list(POSTING_COLUMNS) and none == []


def test_several_exports_read_at_once_come_back_in_order_with_the_unusable_ones_as_errors():
    names = ["zhaopin_bom.csv", "zhongbu_gbk.csv", "broken_binary.csv", "bad_rows.csv"]
    exports = [Export(name, (DATA / name).read_bytes()) for name in names]
    together = read_exports(exports, threads=2)
    one_by_one = read_exports(exports, threads=1)
    assert isinstance(together[2], InputError)
    assert str(together[2]) == str(one_by_one[2])
    for name, file, alone in zip(names, together, one_by_one, strict=True):
        if name == "broken_binary.csv":
            continue
        assert file.source == name
        pd.testing.assert_frame_equal(file.frame, alone.frame)
        assert file.rejected == alone.rejected
