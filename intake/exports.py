"""Text that leaves the tool in a spreadsheet must stay text.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel and LibreOffice (CSV injection). Every exported text cell that could be read that way gets a
leading single quote; numbers, dates and other text are unchanged. This mirrors
`routing.manifest_xlsx.neutralise` for pandas frames.

>>> import pandas as pd
>>> neutralised(pd.DataFrame({"title": ["=HYPERLINK(1)", "普工"], "n": [-1, 2]})).to_dict("list")
{'title': ["'=HYPERLINK(1)", '普工'], 'n': [-1, 2]}
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """`"=1+1"` -> `"'=1+1"`; anything that is not text is returned as it is.

    >>> neutralise("=1+1"), neutralise("张三"), neutralise(-7)
    ("'=1+1", '张三', -7)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A new frame whose text columns (text, object or categorical) hold no formula-looking cell;
    other columns and the input frame are left alone."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            if not pd.api.types.is_string_dtype(column.cat.categories.dtype):
                continue
            column = column.astype(object)
        elif not (pd.api.types.is_string_dtype(column.dtype) or column.dtype == object):
            continue
        text = column.map(neutralise, na_action="ignore")
        if not text.equals(column):
            changed[name] = text
    return frame.assign(**changed) if changed else frame
