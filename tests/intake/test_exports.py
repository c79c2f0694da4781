"""Exported spreadsheet cells never run as formulas."""

import doctest
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

import intake.exports
from intake.exports import FORMULA_STARTS, neutralise, neutralised

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_doctests():
    assert doctest.testmod(intake.exports).failed == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_starts_get_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["普工", "", "'=already", 7, -7.5, None])
def test_other_values_are_unchanged(value):
    assert neutralise(value) == value


def test_frames_text_object_and_category_columns():
    frame = pd.DataFrame(
        {
            "text": pd.Series([*HOSTILE, "安全"], dtype="str"),
            "object": pd.Series([*HOSTILE, None], dtype=object),
            "category": pd.Series([*HOSTILE, "安全"], dtype="category"),
            "number": range(-3, len(HOSTILE) - 2),
        }
    )
    before = frame.copy()
    result = neutralised(frame)
    for name in ("text", "object", "category"):
        assert [
            value
            for value in result[name]
            if isinstance(value, str) and value.startswith(FORMULA_STARTS)
        ] == []
    assert result["text"].iloc[-1] == "安全" and pd.isna(result["object"].iloc[-1])
    assert result["number"].tolist() == frame["number"].tolist()
    pd.testing.assert_frame_equal(frame, before)  # the input is left alone


def test_a_workbook_written_from_a_neutralised_frame_holds_no_formula():
    buffer = io.BytesIO()
    neutralised(pd.DataFrame({"title": HOSTILE})).to_excel(buffer, index=False)
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value[:3] for cell in cells] == ["'" + text[:2] for text in HOSTILE[:5]] + [
        "'\nc"
    ]  # openpyxl stores a carriage return as a line feed


def test_a_frame_without_hostile_text_is_returned_as_is():
    frame = pd.DataFrame({"title": ["普工"], "n": [1]})
    assert neutralised(frame) is frame
