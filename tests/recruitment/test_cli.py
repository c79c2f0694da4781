import json
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from recruitment.cli import main
from tests.recruitment.conftest import DATA, ROOT, SAMPLE, SAMPLE_FILES, TINY_FILES

JSON_KEYS = {
    "postings",
    "unique_positions",
    "openings",
    "employers",
    "salary_stated_share",
    "median_monthly_salary",
    "by_industry",
    "by_city",
    "by_district",
    "by_education",
    "rejected",
    "mapping",
}


def test_summarize_writes_json_xlsx_and_csv_and_prints_the_headline(tmp_path, capsys):
    out = tmp_path / "out.json"
    code = main(
        [
            "summarize",
            *(str(DATA / name) for name in TINY_FILES),
            "--year",
            "2020",
            "--json",
            str(out),
            "--xlsx",
            str(tmp_path / "out.xlsx"),
            "--csv",
            str(tmp_path / "csv"),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert re.search(r"招聘信息条数 postings +14\n", printed)
    assert re.search(r"月薪中位数 median_monthly_salary +7,250.00\n", printed)
    assert (
        "列的识别 " + str(DATA / "zhaopin_bom.csv") + ": 职位名称/title → 职位（表头）" in printed
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(document) >= JSON_KEYS
    assert (document["postings"], document["unique_positions"], document["openings"]) == (
        14,
        13,
        27,
    )
    assert document["openings_unknown"] == 8
    assert document["median_monthly_salary"] == 7250.0
    assert document["rejected"][0] == {
        "file": str(DATA / "bad_rows.csv"),
        "row": 2,
        "reason": "职位为空",
    }
    assert document["by_district"][0] == {
        "city": "郑州市",
        "district": "高新区",
        "postings": 3,
        "unique_positions": 2,
        "openings": 3,
        "openings_unknown": 1,
        "salary_stated": 2,
        "median_monthly_salary": 11500.0,
    }
    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["概览", "按行业", "按用人单位"]
    assert "岗位明细" in book.sheetnames and "未导入的行" in book.sheetnames
    assert "列的识别" in book.sheetnames
    assert sorted(p.name for p in (tmp_path / "csv").iterdir())[:2] == [
        "by_city.csv",
        "by_district.csv",
    ]
    assert {
        "file": str(DATA / "bad_rows.csv"),
        "block": 1,
        "column": "职位月薪",
        "field": "salary_text",
        "how": "表头",
    } in document["mapping"]


def test_summarize_the_sample(tmp_path):
    out = tmp_path / "sample.json"
    assert main(["summarize", *(str(SAMPLE / n) for n in SAMPLE_FILES), "--json", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["postings"] == 8869
    assert document["reference_year"] == 2020
    assert sum(row["postings"] for row in document["by_industry"]) == 8869


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["summarize", "no/such/file.csv"], "无法读取"),
        (["summarize", str(DATA / "broken_binary.csv")], "binary data|neither UTF-8"),
        (["summarize", str(DATA / "broken_missing_company.csv")], "找不到必需的列：公司"),
        (["summarize", str(DATA)], "无法读取"),
        (["summarize", str(DATA / "bad_rows.csv"), "--year", "20x0"], "不是年份"),
        (["summarize", str(DATA / "bad_rows.csv"), "--year", "1850"], "不在 1990..2100"),
        (["summarize", str(DATA / "bad_rows.csv"), "--map", "职位"], "应写成 列名=字段"),
        (["summarize", str(DATA / "bad_rows.csv"), "--map", "职位=工资单"], "不认识的字段"),
        (["summarize"], "required: FILE"),
        (["count", "x.csv"], "invalid choice"),
        (
            ["summarize", str(DATA / "bad_rows.csv"), "--json", "/no/such/dir/out.json"],
            "无法写入",
        ),
    ],
)
def test_errors_exit_2_with_one_line(arguments, message, capsys):
    with pytest.raises(SystemExit) as exited:
        raise SystemExit(main(arguments))
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("错误：") and error.count("\n") == 1 and "Traceback" not in error
    assert __import__("re").search(message, error)


@pytest.mark.slow
def test_python_dash_m_entry_point(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "recruitment", "summarize", str(DATA / "zhaopin_bom.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0 and re.search(r"unique_positions +3\n", ok.stdout)
    bad = subprocess.run(
        [sys.executable, "-m", "recruitment", "summarize", str(tmp_path / "missing.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("错误：") and bad.stderr.count("\n") == 1


def test_a_file_without_postings_gives_zeros_not_an_error(tmp_path):
    out = tmp_path / "out.json"
    arguments = ["summarize", str(DATA / "header_only.csv"), "--json", str(out)]
    assert main([*arguments, "--xlsx", str(tmp_path / "out.xlsx")]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["postings"], document["median_monthly_salary"]) == (0, None)
    assert document["by_industry"] == [] and document["rejected"] == []
