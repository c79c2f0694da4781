import json
import subprocess
import sys
from pathlib import Path

import pytest

from places.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "places", *args],
        input=stdin.encode(),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.slow
def test_one_json_object_per_line_in_order_answers_and_refusals():
    done = run("resolve", stdin="周口郸城县\n鼓楼区\n\n")
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["text"] for r in rows] == ["周口郸城县", "鼓楼区", ""]
    assert rows[0] == {
        "text": "周口郸城县",
        "code": "411625",
        "name": "河南省周口市郸城县",
        "province": "河南省",
        "prefecture": "周口市",
        "county": "郸城县",
        "level": "county",
        "lat": rows[0]["lat"],
        "lon": rows[0]["lon"],
    }
    assert set(rows[1]) == {"text", "error", "candidates"}
    assert "河南省开封市鼓楼区" in rows[1]["candidates"]
    assert rows[2]["candidates"] == []


def test_a_file_is_read_like_stdin(tmp_path, capsysbinary):
    path = tmp_path / "addresses.txt"
    path.write_text("菏泽曹县\n", encoding="utf-8")
    assert main(["resolve", str(path)]) == 0
    assert json.loads(capsysbinary.readouterr().out.decode("utf-8"))["code"] == "371721"


@pytest.mark.slow
@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00bad"])
def test_an_unreadable_file_is_exit_2_with_a_chinese_line(tmp_path, content):
    path = tmp_path / "addresses.txt"
    if content is not None:
        path.write_bytes(content)
    done = run("resolve", str(path))
    assert done.returncode == 2
    message = done.stderr.decode("utf-8").strip()
    assert message.startswith("错误：") and "\n" not in message


@pytest.mark.slow
def test_a_town_answers_with_its_county_code_and_a_city_only_text_at_city_level():
    done = run("resolve", stdin="周口汲冢镇\r\n周口市郸诚县\n")
    town, city = (json.loads(line) for line in done.stdout.decode("utf-8").splitlines())
    assert (town["code"], town["level"], town["county"], town["name"]) == (
        "411625",
        "town",
        "郸城县",
        "河南省周口市郸城县汲冢镇",
    )
    assert (city["code"], city["level"], city["county"]) == ("411600", "prefecture", "")
