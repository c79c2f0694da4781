"""Text that leaves the tool in a spreadsheet must stay text.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel and LibreOffice (CSV injection). Every exported text cell that could be read that way gets a
leading single quote; numbers, dates and other text are unchanged. This module is the one owner
of that rule: the manifests, plan and notice CSVs, statements and the postings exports all use it.
A workbook also cannot hold control characters (openpyxl refuses `\x1b` and the like, which a name
may carry): `storable` drops them from XLSX cells; a CSV keeps the text as it is.

>>> import pandas as pd
>>> neutralised(pd.DataFrame({"title": ["=HYPERLINK(1)", "普工"], "n": [-1, 2]})).to_dict("list")
{'title': ["'=HYPERLINK(1)", '普工'], 'n': [-1, 2]}
"""

from __future__ import annotations

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """`"=1+1"` -> `"'=1+1"`; anything that is not text is returned as it is.

    >>> neutralise("=1+1"), neutralise("张三"), neutralise(-7)
    ("'=1+1", '张三', -7)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def storable(value: object) -> object:
    """Text without the control characters a workbook cannot hold; anything else as it is.

    >>> storable("张\x1b三"), storable(3)
    ('张三', 3)
    """
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx_cell(value: object) -> object:
    """A cell for a workbook: storable and neutralised."""
    return neutralise(storable(value))


def neutralised(frame: pd.DataFrame, *, xlsx: bool = False) -> pd.DataFrame:
    """A new frame whose text columns (text, object or categorical) hold no formula-looking cell
    (and, for a workbook, no control character); other columns and the input frame are left
    alone."""
    cell = xlsx_cell if xlsx else neutralise
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            if not pd.api.types.is_string_dtype(column.cat.categories.dtype):
                continue
            column = column.astype(object)
        elif not (pd.api.types.is_string_dtype(column.dtype) or column.dtype == object):
            continue
        text = column.map(cell, na_action="ignore")
        if not text.equals(column):
            changed[name] = text
    return frame.assign(**changed) if changed else frame
