"""用工需求 Hiring needs page: employers register and change only their own needs, errors store
nothing, contacts are masked for the bureau, and the bureau sees needs against postings."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from recruitment.needs import HiringNeed
from store import accounts, audit, make_engine, needs
from tests.app.conftest import APP, PASSWORD
from tests.app.page_text import displayed, texts

ROOT = Path(__file__).resolve().parents[2]
YUHUI = "郑州宇辉电子技术有限公司"
ZHONGYUAN = "郑州中原智芯股份有限公司"
PHONE = "13800138000"


def shown(at) -> str:
    """Everything on the page as text, tables included."""
    return texts(at) + " ".join(frame.value.to_csv() for frame in at.dataframe)


def need(employer: str, position: str, **fields) -> HiringNeed:
    return HiringNeed(
        employer=employer,
        position=position,
        headcount=fields.pop("headcount", 5),
        contact_person="王经理",
        contact_phone=PHONE,
        **fields,
    )


def fill(at, prefix: str, **values) -> AppTest:
    for name, value in values.items():
        widget = (
            at.number_input(key=f"{prefix}_{name}")
            if name in ("headcount", "salary_min", "salary_max")
            else at.text_input(key=f"{prefix}_{name}")
        )
        widget.set_value(value)
    return at.button(key=f"{prefix}_submit").click().run()


@pytest.mark.parametrize("user", ["admin", "planner", "yuhui"])
def test_the_page_renders_for_every_role_that_may_open_it(app_as, user):
    at = app_as(user, "needs")
    assert not at.exception
    assert "无权访问" not in texts(at)
    if user == "yuhui":
        assert at.text_input(key="need_new_position") and not at.metric
    else:
        assert [m.value for m in at.metric][:2] == ["0", "0"]
        assert not at.text_input  # the bureau reads; employers enter their own needs


def test_a_coordinator_is_not_offered_the_page_and_refused_when_run_directly(
    app_as, database, monkeypatch
):
    at = app_as("coordinator", "needs")
    assert "无权访问" in texts(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app/pages/needs.py")  # not in the coordinator's menu
    monkeypatch.setenv("FANGGANG_DB_URL", database)
    direct = AppTest.from_file(str(ROOT / "app" / "pages" / "needs.py"), default_timeout=60)
    direct.session_state["account"] = accounts.authenticate(
        make_engine(database), "coordinator", PASSWORD
    )
    direct.run()
    assert "无权访问" in texts(direct) and not direct.dataframe and not direct.text_input


def test_an_employer_registers_a_need_and_sees_its_own_contact(app_as, engine):
    at = app_as("yuhui", "needs")
    fill(
        at,
        "need_new",
        position="SMT操作员",
        headcount=20,
        salary_min=4500,
        salary_max=6500,
        skills="焊接, 叉车证",
        contact_person="王经理",
        contact_phone="138-0013-8000",
    )
    assert not at.exception and "已登记" in texts(at)
    [stored] = needs.list_needs(engine)
    assert (stored.employer, stored.position, stored.headcount, stored.skills) == (
        YUHUI,
        "SMT操作员",
        20,
        ("焊接", "叉车证"),
    )
    assert stored.contact_phone == PHONE
    [table] = [frame.value for frame in at.dataframe if "联系电话 Phone" in frame.value]
    assert table["联系电话 Phone"].tolist() == [PHONE]  # the employer who entered it sees it
    entry = audit.entries(engine, limit=1)[0]
    assert (entry.actor, entry.action, entry.subject) == (
        "yuhui",
        "need_create",
        f"need:{stored.id}",
    )
    assert PHONE not in str(entry.detail) and "王经理" not in str(entry.detail)
    assert at.text_input(key="need_new_position").value == ""  # the form is ready for the next


@pytest.mark.slow
@pytest.mark.parametrize(
    "values, reason",
    [
        ({"position": "", "contact_person": "王经理", "contact_phone": PHONE}, "position"),
        ({"position": "普工", "contact_person": "王经理", "contact_phone": "12345"}, "mobile"),
        (
            {
                "position": "普工",
                "headcount": 0,
                "contact_person": "王经理",
                "contact_phone": PHONE,
            },
            "headcount",
        ),
        (
            {
                "position": "普工",
                "salary_min": 9000,
                "salary_max": 5000,
                "contact_person": "王经理",
                "contact_phone": PHONE,
            },
            "salary_min exceeds",
        ),
        ({"position": "普工", "contact_person": "", "contact_phone": PHONE}, "contact person"),
    ],
)
def test_a_wrong_form_shows_why_and_stores_nothing(app_as, engine, values, reason):
    at = app_as("yuhui", "needs")
    fill(at, "need_new", **values)
    assert not at.exception
    [error] = [displayed(e.value) for e in at.error]
    assert "未保存" in error and reason in error
    assert needs.list_needs(engine) == []


def test_an_employer_edits_and_deletes_its_own_need(app_as, engine):
    mine = needs.add_need(engine, need(YUHUI, "普工"))
    at = app_as("yuhui", "needs")
    prefix = f"need_edit_{mine.id}"
    fill(at, prefix, position="普工(夜班)", headcount=8)
    assert not at.exception and "已保存" in texts(at)
    changed = needs.get_need(engine, mine.id)
    assert (changed.position, changed.headcount) == ("普工(夜班)", 8)
    at.checkbox(key=f"{prefix}_sure").check().run()
    at.button(key="need_delete").click().run()
    assert "已删除" in texts(at) and needs.list_needs(engine) == []
    actions = [e.action for e in audit.entries(engine, limit=2)]
    assert actions == ["need_delete", "need_update"]


@pytest.mark.slow
def test_an_employer_neither_sees_nor_changes_another_employers_need(
    app_as, engine, database, monkeypatch
):
    theirs = needs.add_need(engine, need(YUHUI, "SMT操作员", headcount=20))
    mine = needs.add_need(engine, need(ZHONGYUAN, "芯片测试员"))
    at = app_as("zhongyuan", "needs")
    assert "SMT操作员" not in shown(at) and "芯片测试员" in shown(at)
    assert at.selectbox(key="need_edit_pick").options == [f"#{mine.id} 芯片测试员 (5人)"]

    # a crafted id in the widget state before the page draws it
    monkeypatch.setenv("FANGGANG_DB_URL", database)
    crafted = AppTest.from_file(APP, default_timeout=60)
    crafted.session_state["account"] = accounts.authenticate(engine, "zhongyuan", PASSWORD)
    crafted.session_state["need_edit_pick"] = theirs.id
    crafted.run()
    crafted.switch_page("app/pages/needs.py").run()
    assert not crafted.exception and "SMT操作员" not in shown(crafted)
    assert not [w for w in crafted.text_input if w.key.startswith(f"need_edit_{theirs.id}_")]
    # whatever form is shown edits and deletes only zhongyuan's own need
    fill(crafted, f"need_edit_{mine.id}", headcount=9)
    assert needs.get_need(engine, mine.id).headcount == 9
    crafted.checkbox(key=f"need_edit_{mine.id}_sure").check().run()
    crafted.button(key="need_delete").click().run()
    assert needs.list_needs(engine) == [theirs]


@pytest.mark.slow
def test_the_bureau_sees_needs_against_postings_with_contacts_masked(app_as, engine):
    posted = needs.add_need(engine, need("郑州云宏教育科技有限公司", "幼儿教师", headcount=3))
    waiting = needs.add_need(engine, need(YUHUI, "SMT操作员", headcount=20))
    at = app_as("planner", "needs")
    assert not at.exception
    metric = {m.label.split()[0]: m.value for m in at.metric}
    assert metric["登记需求"] == "2" and metric["需求人数"] == "23"
    assert metric["尚无招聘"] == "1"
    [comparison] = [f.value for f in at.dataframe if "状态 Status" in f.value.columns]
    status = dict(zip(comparison["编号 No."], comparison["状态 Status"], strict=True))
    assert status == {posted.id: "已发布 Posted", waiting.id: "尚无招聘信息 No posting yet"}
    matching = comparison.set_index("编号 No.").loc[posted.id, "匹配岗位 Matching positions"]
    assert matching >= 1 and metric["无需求岗位"] == f"{7993 - matching:,}"
    [without] = [
        f.value for f in at.dataframe if "联系电话 Phone" in f.value.columns and len(f.value) == 1
    ]
    assert without["岗位 Position"].tolist() == ["SMT操作员"]
    [employers] = [
        f.value
        for f in at.dataframe
        if list(f.value.columns) == ["用人单位 Employer", "岗位数 Positions", "招聘人数 Openings"]
    ]
    assert len(employers) > 1000
    assert "郑州云宏教育科技有限公司" not in set(employers["用人单位 Employer"])
    page = shown(at)
    assert PHONE not in page and "138****8000" in page and "王经理" not in page
