"""招聘信息 Recruitment page: who may open it, the sample figures, filters, uploads stored for every
planner, and exports that are valid spreadsheets without formulas."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app.views import postings_view as view
from recruitment.aggregate import headline
from store import accounts, audit, make_engine, uploads
from tests.app.conftest import PASSWORD
from tests.app.page_text import texts

ROOT = Path(__file__).resolve().parents[2]
GBK = (ROOT / "tests" / "data" / "postings" / "zhongbu_gbk.csv").read_bytes()  # 3 postings
HOSTILE = (
    "职位名称,公司名称,薪资,工作地点,学历,发布日期,来源\n"
    '=HYPERLINK("http://x"),郑州测试电子有限公司,6-8千/月,郑州高新区,大专,2020-03-02,测试网\n'
    "@SUM(1+1),+郑州测试电子有限公司,5千,郑州高新区,不限,2020-03-02,测试网\n"
).encode()


def figures(at) -> dict[str, int]:
    """The headline metrics as numbers (percent and money signs dropped)."""
    return {
        m.label.split()[0]: float(m.value.strip("¥%").replace(",", "") or 0)
        for m in at.metric
        if m.value != "—"
    }


@pytest.mark.parametrize("user", ["admin", "planner"])
def test_the_bureau_sees_the_sample_figures_charts_and_exports(app_as, user):
    at = app_as(user, "postings")
    assert not at.exception
    assert figures(at) == {
        "招聘信息": 8869,
        "去重岗位": 7993,
        "招聘人数": 35878,
        "用人单位": 1970,
        "注明薪资": 90.9,
        "月薪中位数": 7000,
    }
    assert len(at.get("vega_lite_chart")) == 5  # industry, district, education, pay, week
    assert {button.key for button in at.download_button} == {
        "postings_export_xlsx",
        "postings_export_csv",
    }
    assert "无权访问" not in texts(at)


def test_an_export_is_audited_with_its_filters(app_as, engine):
    at = app_as("planner", "postings")
    at.multiselect(key="postings_district").select("高新区").run()
    at.download_button(key="postings_export_csv").click().run()
    assert not at.exception
    entry = audit.entries(engine, limit=1)[0]
    assert (entry.actor, entry.action, entry.subject) == ("planner", "export_postings", "csv")
    assert entry.detail == {"positions": 2111, "filters": {"districts": ["高新区"]}}


@pytest.mark.slow
@pytest.mark.parametrize("user", ["coordinator", "yuhui"])
def test_the_page_is_not_offered_outside_the_bureau_and_refuses_when_run_directly(
    app_as, database, monkeypatch, user
):
    at = app_as(user, "postings")
    assert "无权访问" in texts(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app/pages/postings.py")  # not in the role's menu
    monkeypatch.setenv("FANGGANG_DB_URL", database)
    direct = AppTest.from_file(str(ROOT / "app" / "pages" / "postings.py"), default_timeout=60)
    direct.session_state["account"] = accounts.authenticate(make_engine(database), user, PASSWORD)
    direct.run()
    assert "无权访问" in texts(direct)
    assert not direct.metric and not direct.dataframe and not direct.get("download_button")


@pytest.mark.slow
def test_filters_change_the_figures_and_reset(app_as):
    at = app_as("planner", "postings")
    everything = figures(at)
    at.multiselect(key="postings_industry").select("电子信息制造").run()
    industry = figures(at)
    assert industry["去重岗位"] == 1034 and industry["招聘信息"] == 1151
    at.multiselect(key="postings_district").select("高新区").run()
    both = figures(at)
    assert 0 < both["去重岗位"] < industry["去重岗位"]
    at.slider(key="postings_salary").set_value((5000, 8000)).run()
    at.checkbox(key="postings_salary_unstated").uncheck().run()
    paid = figures(at)
    assert paid["注明薪资"] == 100 and 5000 <= paid["月薪中位数"] <= 8000
    at.multiselect(key="postings_board").select("BOSS直聘").run()
    at.date_input(key="postings_posted").set_value((dt.date(2020, 3, 1), dt.date(2020, 3, 31)))
    at.run()
    narrow = figures(at)
    assert not at.exception and narrow["去重岗位"] < paid["去重岗位"]
    at.button(key="postings_reset").click().run()
    assert figures(at) == everything


def test_tabs_show_positions_tables_rejected_rows_and_sources(app_as):
    at = app_as("planner", "postings")
    at.multiselect(key="postings_education").select("硕士").run()
    at.session_state["postings_tab"] = "岗位明细 Positions"
    at.run()
    [positions] = [frame.value for frame in at.dataframe]
    assert len(positions) == figures(at)["去重岗位"] and set(positions["学历 Education"]) == {
        "硕士"
    }
    at.session_state["postings_tab"] = "汇总表 Tables"
    at.run()
    at.selectbox(key="postings_table").set_value("by_employer").run()
    assert "用人单位 Employer" in at.dataframe[0].value.columns
    at.session_state["postings_tab"] = "未导入的行 Rejected rows"
    at.run()
    [rejected] = [frame.value for frame in at.dataframe]
    assert len(rejected) == 7 and list(rejected.columns) == ["文件 File", "行号 Row", "原因 Reason"]
    at.session_state["postings_tab"] = "数据来源 Data sources"
    at.run()
    assert not at.exception and len(at.get("file_uploader")) == 1


@pytest.mark.slow
def test_a_tiny_gbk_upload_is_stored_for_every_planner_once_and_can_be_deleted(app_as, engine):
    at = app_as("planner", "postings")
    at.session_state["postings_tab"] = "数据来源 Data sources"
    at.run()
    at.get("file_uploader")[0].set_value(("zhongbu_gbk.csv", GBK, "text/csv"))
    at.button(key="postings_upload_submit").click().run()
    assert not at.exception and "导入前核对列的识别" in texts(at)  # the mapping, to confirm
    assert at.selectbox(key="postings_map_0_0").value == "职位"
    at.button(key="postings_import").click().run()
    assert not at.exception
    assert "已保存" in texts(at)
    assert figures(at)["招聘信息"] == 8869 + 3
    [stored] = uploads.list_uploads(engine)
    assert (stored.name, stored.uploaded_by) == ("zhongbu_gbk.csv", "planner")
    entry = next(e for e in audit.entries(engine) if e.action == "upload_postings")
    assert entry.subject == f"upload:{stored.id}" and entry.detail == {"rows": 3, "rejected": 0}

    other = app_as("admin", "postings")  # another planner, another session
    assert figures(other)["招聘信息"] == 8869 + 3

    at.get("file_uploader")[0].set_value(("again.csv", GBK, "text/csv"))
    at.button(key="postings_upload_submit").click().run()
    at.button(key="postings_import").click().run()
    assert "已上传" in texts(at) and figures(at)["招聘信息"] == 8869 + 3
    assert len(uploads.list_uploads(engine)) == 1

    at.get("file_uploader")[0].set_value(("broken.csv", b"\x00\x01\x02binary", "text/csv"))
    at.button(key="postings_upload_submit").click().run()
    assert "无法使用" in texts(at) and len(uploads.list_uploads(engine)) == 1

    at.checkbox(key="postings_delete_sure").check().run()
    at.button(key="postings_delete").click().run()
    assert "已删除" in texts(at) and figures(at)["招聘信息"] == 8869
    assert uploads.list_uploads(engine) == []


HEADERLESS = (
    "Java开发工程师,郑州星云软件有限公司,8千-1.2万,郑州·高新,本科,https://jobs.zhaopin.com/1.htm\n"
    "仓库管理员,郑州源嘉物流有限公司,4-6千,郑州·中原·梧桐,大专,https://jobs.zhaopin.com/2.htm\n"
).encode()


@pytest.mark.slow
def test_an_upload_shows_its_mapping_which_the_user_corrects_before_importing(app_as, engine):
    at = app_as("planner", "postings")
    at.session_state["postings_tab"] = "数据来源 Data sources"
    at.run()
    at.get("file_uploader")[0].set_value(("no_header.csv", HEADERLESS, "text/csv"))
    at.button(key="postings_upload_submit").click().run()
    assert not at.exception
    chosen = {box.label: box.value for box in at.selectbox if box.key.startswith("postings_map_")}
    assert chosen == {
        "列1": "职位",
        "列2": "公司",
        "列3": "薪资",
        "列4": "工作地点",
        "列5": "学历",
        "列6": "链接",
    }
    at.selectbox(key="postings_map_0_4").set_value("忽略").run()  # the user: not the education
    at.button(key="postings_import").click().run()
    assert "已保存" in texts(at) and figures(at)["招聘信息"] == 8869 + 2
    [stored] = uploads.list_uploads(engine)
    [mapping] = view.source_mappings(engine)
    assert dict(mapping[1])["列5"] is None and dict(mapping[1])["列1"] == "title"
    on_the_page = view.summarise(
        view.source_files(engine), view.source_mappings(engine), view.Filters()
    ).positions
    for positions in (view.load(engine).positions, on_the_page):
        mine = positions[positions["sources"].str.startswith("no_header.csv:")]
        assert mine["education"].isna().all() and mine["city"].tolist() == ["郑州市", "郑州市"]
        assert mine["district"].tolist() == ["高新区", "中原区"]
    view.delete_upload(engine, stored.id)
    assert view.source_mappings(engine) == ()


@pytest.mark.slow
def test_exports_are_valid_spreadsheets_of_what_is_filtered_without_formulas():
    files = (*view.sample_files(), ("hostile.csv", HOSTILE))
    postings = view.pipeline(files)
    filters = view.Filters(boards=("测试网", "BOSS直聘"), educations=("大专", "不限"))
    summary = view.summarise(files, (), filters)
    assert summary.headline == headline(view.filter_positions(postings.positions, filters))

    book = load_workbook(io.BytesIO(view.xlsx_bytes(postings, summary)))
    assert {
        "概览",
        "按行业",
        "按城市",
        "按区县",
        "按学历",
        "按月薪区间",
        "按周",
        "岗位明细",
        "未导入的行",
    } <= set(book.sheetnames)
    sheet = book["岗位明细"]
    assert sheet.max_row - 1 == summary.headline.unique_positions
    cells = [cell for row in book.worksheets for line in row.iter_rows() for cell in line]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert {'\'=HYPERLINK("http://x")', "'@SUM(1+1)"} <= values

    rows = list(csv.DictReader(io.StringIO(view.csv_bytes(summary.positions).decode("utf-8-sig"))))
    assert len(rows) == summary.headline.unique_positions
    assert {'\'=HYPERLINK("http://x")', "'@SUM(1+1)"} <= {row["职位"] for row in rows}


def test_filter_rules_on_the_sample():
    positions = view.pipeline(view.sample_files()).positions
    keep = view.filter_positions
    boss = keep(positions, view.Filters(boards=("BOSS直聘",)))
    assert len(boss) and boss["boards"].str.contains("BOSS直聘").all()
    unknown = keep(positions, view.Filters(industries=("未注明",)))
    assert len(unknown) == positions["industry"].isna().sum()
    paid = keep(positions, view.Filters(salary=(5000, None), salary_unstated=False))
    assert (paid["salary_midpoint"] >= 5000).all()
    with_unstated = keep(positions, view.Filters(salary=(5000, None)))
    assert len(with_unstated) == len(paid) + positions["salary_midpoint"].isna().sum()
    march = keep(positions, view.Filters(posted=(dt.date(2020, 3, 1), dt.date(2020, 3, 31))))
    assert march["posted_first"].dt.month.eq(3).all()
    assert len(keep(positions, view.Filters())) == len(positions)
    assert view.Filters(boards=("BOSS直聘",)).describe() == {"boards": ["BOSS直聘"]}
