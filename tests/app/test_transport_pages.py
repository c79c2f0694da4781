from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from intake import InputError
from store import accounts, make_engine, workers
from tests.app.conftest import PASSWORD, plan_on_the_page
from tests.app.page_text import texts

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "rosters"


@pytest.mark.slow
@pytest.mark.parametrize(
    "user, pages",
    [
        ("admin", ["overview", "workers", "dispatch", "manifests", "boarding", "accounts"]),
        ("planner", ["overview", "workers", "dispatch", "manifests", "boarding"]),
        ("yuhui", ["overview", "workers"]),
        ("coordinator", ["overview", "manifests", "boarding"]),
    ],
)
def test_every_page_renders_for_every_role_that_may_open_it(app_as, user, pages):
    for page in pages:
        at = app_as(user, page)
        assert not at.exception, (user, page, at.exception)
        assert "无权访问" not in texts(at)


@pytest.mark.slow
@pytest.mark.parametrize(
    "user, page",
    [
        ("yuhui", "dispatch"),
        ("yuhui", "manifests"),
        ("coordinator", "workers"),
        ("coordinator", "dispatch"),
        ("planner", "accounts"),
        ("yuhui", "accounts"),
    ],
)
def test_a_page_is_not_offered_to_a_role_and_refuses_it_when_run_directly(
    app_as, database, monkeypatch, user, page
):
    at = app_as(user, page)
    assert "无权访问" in texts(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"app/pages/{page}.py")  # not in the role's menu
    monkeypatch.setenv("FANGGANG_DB_URL", database)
    direct = AppTest.from_file(str(ROOT / "app" / "pages" / f"{page}.py"), default_timeout=60)
    direct.session_state["account"] = accounts.authenticate(make_engine(database), user, PASSWORD)
    direct.run()
    assert "无权访问" in texts(direct)
    assert not direct.dataframe and not direct.metric


@pytest.mark.slow
def test_an_employer_sees_only_its_own_workers(app_as, database):
    at = app_as("yuhui", "workers")
    [table] = [frame.value for frame in at.dataframe if "编号 id" in frame.value.columns]
    assert set(table["用工单位 employer"]) == {"郑州宇辉电子技术有限公司"}
    total = workers.count_workers(make_engine(database))
    assert 0 < len(table) < total


def test_screen_tables_mask_id_numbers_and_phones(app_as):
    at = app_as("planner", "workers")
    [table] = [frame.value for frame in at.dataframe if "编号 id" in frame.value.columns]
    assert table["身份证号 ID"].str.fullmatch(r"\d{4}\*{10}[\dX]{4}").all()
    assert table["手机号 phone"].str.fullmatch(r"\d{3}\*{4}\d{4}").all()


@pytest.mark.slow
def test_typed_rows_are_checked_and_only_good_ones_stored(app_as, database):
    engine = make_engine(database)
    before = workers.count_workers(engine)
    at = app_as("zhongyuan", "workers")
    at.button(key="save_typed_0").click().run()
    assert not at.exception
    assert workers.count_workers(engine) == before  # blank rows store nothing


def roster_for(employer: str) -> bytes:
    """The tiny good roster with every worker working for `employer`."""
    text = (DATA / "roster_ok.csv").read_text(encoding="utf-8")
    for name in (
        "郑州宇辉电子科技有限公司",
        "郑州中原智芯股份有限公司",
        "郑州汉光测控技术有限公司",
    ):
        text = text.replace(name, employer)
    return text.encode("gbk")


@pytest.mark.slow
def test_uploading_the_same_roster_twice_doubles_no_one(app_as, database):
    engine = make_engine(database)
    before = workers.count_workers(engine)
    payload = ("roster.csv", roster_for("郑州中原智芯股份有限公司"), "text/csv")
    for expected_added in (6, 0):
        at = app_as("zhongyuan", "workers")
        at.file_uploader(key="roster_upload_0").set_value(payload).run()
        assert "可保存 valid: **6**" in texts(at)
        at.button(key="save_upload_0").click().run()
        assert f"新增 added {expected_added}" in texts(at)
    assert workers.count_workers(engine) == before + 6


@pytest.mark.slow
def test_an_employer_cannot_register_another_employers_workers(app_as, database):
    engine = make_engine(database)
    before = workers.count_workers(engine)
    at = app_as("yuhui", "workers")
    payload = (
        "roster.csv",
        roster_for("郑州中原智芯股份有限公司").replace(b"13800138", b"13900139"),
        "text/csv",
    )
    at.file_uploader(key="roster_upload_0").set_value(payload).run()
    [report] = [f.value for f in at.dataframe if "原因 reason" in f.value.columns]
    assert report["原因 reason"].str.contains("不是本企业 郑州宇辉电子技术有限公司").all()
    assert "可保存 valid: **0**" in texts(at)  # the check before saving says what saving does
    assert "save_upload_0" not in [b.key for b in at.button]
    assert workers.count_workers(engine) == before


@pytest.mark.slow
def test_the_check_before_saving_sees_ids_registered_by_another_employer(app_as, database):
    first = (
        "roster.csv",
        roster_for("郑州中原智芯股份有限公司").replace(b"13800138", b"13600136"),
        "text/csv",
    )
    at = app_as("zhongyuan", "workers")
    at.file_uploader(key="roster_upload_0").set_value(first).run()
    at.button(key="save_upload_0").click().run()
    assert "新增 added" in texts(at)
    assert at.file_uploader(key="roster_upload_1").value is None  # the form is cleared
    again = (
        "roster.csv",
        first[1]
        .decode("gbk")
        .replace("郑州中原智芯股份有限公司", "郑州宇辉电子技术有限公司")
        .encode("gbk"),
        "text/csv",
    )
    other = app_as("yuhui", "workers")
    other.file_uploader(key="roster_upload_0").set_value(again).run()
    assert "可保存 valid: **0**" in texts(other)
    assert "这个身份证号不能登记，请联系人社局" in " ".join(
        " ".join(f.value["原因 reason"]) for f in other.dataframe if "原因 reason" in f.value
    )


@pytest.mark.slow
def test_a_broken_upload_is_a_clear_error(app_as):
    at = app_as("planner", "workers")
    at.file_uploader(key="roster_upload_0").set_value(
        ("roster.csv", "姓名,手机号\n张三,1\n".encode(), "text/csv")
    ).run()
    assert not at.exception
    assert "missing required column" in texts(at)


@pytest.mark.slow
def test_an_uploaded_file_name_is_shown_as_text_not_markdown(app_as):
    at = app_as("planner", "workers")
    at.file_uploader(key="roster_upload_0").set_value(
        ("[点我](javascript:alert(1)).csv", "姓名,手机号\n张三,1\n".encode(), "text/csv")
    ).run()
    shown = at.error[0].value
    assert shown.startswith(r"\[点我\]\(javascript\:alert\(1\)\)\.csv\: ")
    assert "missing required column" in shown


@pytest.mark.slow
def test_plan_publish_and_print_from_the_pages(app_as):
    at = app_as("planner", "dispatch")
    plan_on_the_page(at, 3)
    assert not at.exception
    planned = {m.label: m.value for m in at.metric}
    assert int(planned["车次 Buses"]) > 40
    at.button(key="publish").click().run()
    assert "已发布 published" in texts(at)

    at.switch_page("app/pages/manifests.py").run()
    at.selectbox(key="assign_who").set_value("coordinator").run()
    at.multiselect(key="assign_trips_coordinator").set_value(["T001", "T002"]).run()
    at.button(key="assign_save").click().run()
    assert not at.exception

    coordinator = app_as("coordinator", "manifests")
    assert not coordinator.exception
    assert coordinator.selectbox(key="trip").options == ["全部 All", "T001", "T002"]
    coordinator.selectbox(key="trip").set_value("T001").run()
    assert "未登记" in " ".join(coordinator.dataframe[0].value["状态 status"])
    pdf = coordinator.get("download_button")[0]
    assert pdf.proto.label.startswith("下载 PDF")


def test_an_uploaded_fleet_file_gives_home_depots_and_daily_counts():
    from app.views import transport

    text = (DATA / "fleet_depots.csv").read_text(encoding="utf-8-sig")
    data = (
        text.replace("车型,座位数,数量", "车型,座位数,每日数量,数量")
        .replace("周口大巴,45,3", "周口大巴,45,2,3")
        .replace("郑州大巴,45,", "郑州大巴,45,,")
        .replace("项城车队,33,", "项城车队,33,,")
        .encode()
    )
    fleet, per_day = transport.fleet_of(data, "fleet.csv")
    assert [(b.name, b.count, b.depot and b.depot.name) for b in fleet] == [
        ("周口大巴", 3, "河南省周口市川汇区"),
        ("郑州大巴", None, None),
        ("项城车队", None, "项城客运站"),
    ]
    assert per_day == {"周口大巴": 2}
    with pytest.raises(InputError, match="始发地“火星基地”"):
        transport.fleet_of("车型,座位数,始发地\n远方,45,火星基地\n".encode(), "fleet.csv")
